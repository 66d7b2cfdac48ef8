"""The pickled data of Whoosh 3's posting blocks, made without pickle's slow path for bytes.

`W3PostingsWriter._write_block` pickles each block's data, (note gaps, weights, values),
with protocol 2, which writes bytes as a call of `_codecs.encode` on their latin-1 text:
the pickler looks that function up by its name each time, most of the 2 µs the pickle of
a small block takes. `block_data` pickles the tuple with an empty text in place of the
values and writes the call itself: the same bytes. `BlockPickles` also keeps what the
blocks of one posting have in common (the note's part, the count's part), which most
terms are. Both are checked against `pickle.dumps` at import; should they ever differ (another
pickler), `pickle.dumps` is used. Part of the core: never imports Textual.
"""

from __future__ import annotations

from pickle import dumps
from struct import Struct
from typing import Any

from whoosh.system import pack_uint

#: The end of the pickle of (gaps, weights, ""): the empty text, its memo, the tuple, stop.
_EMPTY_TEXT_END = len(b"X\x00\x00\x00\x00q\x01\x87q\x02.")
#: The length of a pickled text (BINUNICODE).
_TEXT_LENGTH = Struct("<I")
#: The pickle of a one-posting block up to its weights: protocol, the note, its 1-tuple.
_ONE_HEAD = b"\x80\x02%b\x85q\x00"
_ONE_FIRST = b"\x80\x02K\x00\x85q\x00"  # _ONE_HEAD of note 0


def _call_around(memo: int) -> tuple[bytes, bytes]:
    """The opcodes before and after a bytes value's text in a protocol 2 pickle, when
    `memo` objects were memoized before it: `_codecs.encode(text, "latin1")`."""
    before = b"c_codecs\nencode\nq%cX" % memo
    after = b"q%cX\x06\x00\x00\x00latin1q%c\x86q%cRq%c\x87q%c." % (
        memo + 1,
        memo + 2,
        memo + 3,
        memo + 4,
        memo + 5,
    )
    return before, after


#: The call around the values' text, by how many objects the pickle memoized before
#: (the gaps' tuple, and the weights' if they are a tuple).
_CALLS = {memo: _call_around(memo) for memo in (1, 2)}
#: How the pickle of (gaps, weights, "") ends, by the empty text's memo.
_EMPTY_TEXT_ENDS = {memo: b"X\x00\x00\x00\x00q%c\x87q%c." % (memo, memo + 1) for memo in _CALLS}


def _fast_block_data(gaps: tuple[int, ...], weights: Any, values: bytes) -> bytes:
    """`pickle.dumps((gaps, weights, values), 2)` for non-empty `values`."""
    plain = dumps((gaps, weights, ""), 2)
    call = _CALLS.get(plain[-5])  # the empty text's memo (BINPUT), if it ends as expected
    if call is None or not plain.endswith(_EMPTY_TEXT_ENDS[plain[-5]]):
        return dumps((gaps, weights, values), 2)
    text = values.decode("latin-1").encode("utf-8")
    return b"".join(
        (plain[:-_EMPTY_TEXT_END], call[0], _TEXT_LENGTH.pack(len(text)), text, call[1])
    )


def block_data(gaps: tuple[int, ...], weights: Any, values: Any) -> bytes:
    """`pickle.dumps((gaps, weights, values), 2)`: a block's data as Whoosh pickles it."""
    if type(values) is bytes and values and _FAST:
        return _fast_block_data(gaps, weights, values)
    return dumps((gaps, weights, values), 2)


class BlockPickles:
    """The data of one-posting blocks of counted postings (weight = count, value = the
    count packed), from parts kept by note and by count."""

    def __init__(self) -> None:
        self._heads: dict[int, bytes] = {}
        self._tails: dict[int, bytes] = {}

    def one(self, docnum: int, count: int) -> bytes:
        """`pickle.dumps(((docnum,), weights, pack_uint(count)), 2)` with Whoosh's mini
        weights for a count (None for 1; `count` < 2**24, exact as a float32)."""
        if not _FAST:
            return dumps(((docnum,), None if count == 1 else float(count), pack_uint(count)), 2)
        head = self._heads.get(docnum)
        if head is None:
            head = self._heads[docnum] = _ONE_HEAD % dumps(docnum, 2)[2:-1]
        tail = self._tails.get(count)
        if tail is None:
            weights = None if count == 1 else float(count)
            tail = block_data((0,), weights, pack_uint(count))[len(_ONE_FIRST) :]
            self._tails[count] = tail
        return head + tail


def _agrees() -> bool:
    """Whether the shortcuts make what `pickle.dumps` makes, on a few blocks."""
    values = pack_uint(1) + pack_uint(300)
    for weights in (None, 2.0, (1.0, 2.5)):
        if _fast_block_data((5, 70000), weights, values) != dumps(((5, 70000), weights, values), 2):
            return False
    pickles = BlockPickles()
    return all(
        pickles.one(docnum, count) == dumps(((docnum,), weights, pack_uint(count)), 2)
        for docnum, count, weights in ((0, 1, None), (300, 2, 2.0), (2**31, 200, 200.0))
    )


_FAST = True
_FAST = _agrees()
