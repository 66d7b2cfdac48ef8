"""Turning a note's bytes into text: byte-order marks, UTF-8, and legacy Chinese encodings.

Notes come from many tools and many years. Most are UTF-8, but Chinese archives also hold
GB18030/GBK (mainland) and Big5 (Taiwan, Hong Kong) files, and Windows tools write UTF-16
with a byte-order mark. `decode` never raises: it returns the best text it can, the name of
the codec it used (one `bytes.decode` accepts), and a short sentence for anything the user
should know. Part of the core: never imports Textual.
"""

from __future__ import annotations

import codecs

#: How much of the head of a file is looked at to tell text from binary.
HEAD_BYTES = 8192

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # UTF-32 first: its little-endian mark begins with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)

# About five hundred of the most frequent Chinese characters, in simplified form and, where
# they differ, in the traditional forms Big5 text uses. Real Chinese text is mostly made of
# them; bytes of one legacy encoding read as another come out as rare characters, kana,
# symbols and private-use code points instead. That difference is what `_plausibility` uses.
_COMMON_SIMPLIFIED = (
    "的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过"
    "家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所"
    "本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全"
    "工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教"
    "西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性"
    "通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲"
    "界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认"
    "算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红"
    "治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写"
    "呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首"
    "单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴切团存断类响怕需"
)
_COMMON_TRADITIONAL = (
    "這來個國說們為爲時會過學對裡裏後麼沒於還發當無開見經頭從動兩長樣現將與進實點種聲話兒問"
    "機給幾業間電門東聽氣關並內卻軍產萬體別處總場師書員華報馬張難數車應計親務臺記邊風戰幹許"
    "覺題統請愛讓認論義術結連遠資隊帶條變聯權該領傳紅決達辦運強區轉眾衆輕語滿寫識極黃臉錢黨"
    "設雙歷廣議際則單據導網專誰讀飛觀爭組視濟離雖壞興團斷類響灣"
)
_COMMON = frozenset(_COMMON_SIMPLIFIED + _COMMON_TRADITIONAL)

#: How much decoded text is scored; enough to decide, bounded for very large files.
_SAMPLE_CHARS = 65536

#: Legacy encodings tried, in order of preference when they are equally plausible.
_LEGACY = (("gb18030", "GB18030"), ("big5", "Big5"))


def decode(raw: bytes) -> tuple[str, str, list[str]]:
    """Decode a file's bytes: (text, codec name, problems). Never raises.

    Order: a byte-order mark decides; else UTF-16 without a mark if the zero bytes say so;
    else strict UTF-8; else GB18030 or Big5, whichever decodes and reads more like Chinese;
    else UTF-8 with undecodable bytes replaced by U+FFFD, and a problem saying so. Anything
    that is not UTF-8 is reported too, so `reader check` can list files worth converting.
    """
    marks = [(codec, label) for bom, codec, label in _BOMS if raw.startswith(bom)]
    for codec, label in marks:
        # A UTF-16 mark followed by a NUL character looks like a UTF-32 mark: when the
        # longer mark does not decode, the shorter one is tried before giving up.
        try:
            problems = [] if label == "UTF-8" else [f"encoded as {label}, not UTF-8"]
            return raw.decode(codec), codec, problems
        except UnicodeDecodeError:
            continue
    if marks:
        return _decode_marked(raw, *marks[-1])
    # Zero bytes are valid UTF-8, so mostly-Latin UTF-16 must be recognised first.
    unmarked = _decode_unmarked_utf16(raw) if b"\x00" in raw[:HEAD_BYTES] else None
    if unmarked is not None:
        return unmarked
    try:
        return raw.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    legacy = _decode_legacy(raw)
    if legacy is not None:
        return legacy
    return (
        raw.decode("utf-8", errors="replace"),
        "utf-8",
        ["not valid UTF-8: undecodable bytes were replaced with �"],
    )


def looks_binary(raw: bytes) -> bool:
    """Whether the file is binary: zero bytes near its start that UTF-16/32 do not explain."""
    head = raw[:HEAD_BYTES]
    if b"\x00" not in head:
        return False
    if any(head.startswith(bom) for bom, _, label in _BOMS if label != "UTF-8"):
        return False
    return _utf16_parity(head) is None


def _decode_marked(raw: bytes, codec: str, label: str) -> tuple[str, str, list[str]]:
    """Decode text whose byte-order mark does not decode strictly, replacing what fails."""
    problems = [] if label == "UTF-8" else [f"encoded as {label}, not UTF-8"]
    problems.append(f"not valid {label}: undecodable bytes were replaced with �")
    try:
        return raw.decode(codec, errors="replace"), codec, problems
    except UnicodeDecodeError:  # UTF-32 raises on truncated data even when replacing
        return raw.decode("utf-8", errors="replace"), "utf-8", problems


def _utf16_parity(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when zero bytes fall on one side of each pair, as they
    do in mostly-Latin UTF-16 text written without a byte-order mark; else None."""
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    half = max(len(head) // 2, 1)
    if odd >= half * 0.3 and even == 0:
        return "utf-16-le"
    if even >= half * 0.3 and odd == 0:
        return "utf-16-be"
    return None


def _decode_unmarked_utf16(raw: bytes) -> tuple[str, str, list[str]] | None:
    """UTF-16 without a byte-order mark, when the zero bytes clearly say so."""
    codec = _utf16_parity(raw[:HEAD_BYTES])
    if codec is None or len(raw) % 2:
        return None
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError:
        return None
    return text, codec, [f"encoded as {codec.upper()} without a byte-order mark, not UTF-8"]


def _decode_legacy(raw: bytes) -> tuple[str, str, list[str]] | None:
    """The more plausible of the legacy Chinese decodings that succeed strictly, if any."""
    best: tuple[float, str, str, str] | None = None
    for codec, label in _LEGACY:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text[:_SAMPLE_CHARS])
        if best is None or score > best[0]:
            best = (score, text, codec, label)
    if best is None or best[0] <= 0:
        return None
    _, text, codec, label = best
    return text, codec, [f"encoded as {label}, not UTF-8"]


def _plausibility(text: str) -> float:
    """How much `text` reads like Chinese: the share of its non-ASCII characters that are
    common Chinese characters, minus a heavy penalty for private-use code points (which
    misread bytes produce and real text hardly ever contains). Ranges over [-3, 1]."""
    common = private = other = 0
    for char in text:
        if char < "\x80":
            continue
        if char in _COMMON:
            common += 1
        elif "\ue000" <= char <= "\uf8ff":
            private += 1
        else:
            other += 1
    total = common + private + other
    if total == 0:
        return 0.0
    return (common - 3 * private) / total
