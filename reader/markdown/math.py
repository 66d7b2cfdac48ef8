"""TeX math as Unicode text: `\\alpha \\le \\sqrt{x}` reads `α ≤ √x`, `\\int_0^1 x\\,dx` reads
`∫₀¹ x dx`, `\\frac{n(n+1)}{2}` reads `n(n+1)/2`.

pylatexenc parses the TeX (a real parser: braces, arguments and optional arguments) and its
table of symbols names what each macro stands for (Greek, relations, arrows, big operators,
function names). This module walks the parsed nodes and draws the two things that table
leaves as TeX: sub- and superscripts (Unicode's small digits and letters when every character
has one, else `_{…}` kept as written) and fractions and roots (`a/b`, parenthesised when a
side is more than one term; `½` when Unicode has the fraction).

A formula is converted whole or not at all (`None`, and the caller shows its TeX): any macro
or environment this module does not know, a parse error, or a result that lost a letter or
digit of the source. Half a conversion (`øperatorname`, `\\beginpmatrix`) is worse than the
source a reader of TeX can read. pylatexenc is imported on the first formula, so commands
that never meet one (search, start-up) never load it (~60 ms).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Any

_SUPER = dict(
    zip(
        "0123456789+-−=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWαβγδθφχ′*∗",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵅᵝᵞᵟᶿᵠᵡ′**",
        strict=True,
    )
)
_SUB = dict(
    zip(
        "0123456789+-−=()aehijklmnoprstuvxβγρφχ",
        "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ",
        strict=True,
    )
)
_VULGAR = {"1/2": "½", "1/3": "⅓", "2/3": "⅔", "1/4": "¼", "3/4": "¾", "1/5": "⅕", "1/6": "⅙"}
_VULGAR |= {"1/8": "⅛", "3/8": "⅜", "5/8": "⅝", "7/8": "⅞"}
#: Macros whose argument is shown as it is (fonts and words in a formula).
_PLAIN = frozenset(
    "text textrm textit textbf mathrm mathit mathbf mathsf mathtt boldsymbol bold bm rm "  # noqa: SIM905
    "operatorname mbox displaystyle textstyle".split()
)
#: Delimiter sizes: nothing of their own, the delimiter that follows is shown.
_SIZES = frozenset(
    "left right middle big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr".split()  # noqa: SIM905
)
_SPACES = {",": " ", ";": " ", ":": " ", " ": " ", "!": "", "quad": "  ", "qquad": "    "}
_LITERAL = {"|": "‖", "{": "{", "}": "}", "%": "%", "$": "$", "#": "#", "&": "&", "_": "_"}
_LITERAL |= {"ne": "≠", "gets": "←", "land": "∧", "lor": "∨", "lnot": "¬", "colon": ":"}
_ACCENTS = {"hat": "\u0302", "bar": "\u0304", "vec": "\u20d7", "dot": "\u0307", "tilde": "\u0303"}
_ACCENTS |= {"ddot": "\u0308", "overline": "\u0305"}
_SPECIALS = {"~": " ", "''": "″", "``": '"', "--": "–", "---": "—"}
#: The space after a word macro, taken back if no letter follows.
_WORD_GAP = "\u2009"
#: Symbols written before what they act on, kept next to it.
_PREFIXES = frozenset("∂∇¬√")
_DOUBLE_STRUCK = {"C": "ℂ", "H": "ℍ", "N": "ℕ", "P": "ℙ", "Q": "ℚ", "R": "ℝ", "Z": "ℤ"}
#: What is one term, alone or before one bracketed group (`n(n+1)`): a fraction's side or a
#: root's argument needs no parentheses then.
_ATOM = re.compile(r"[\w.′∂∇]+")
_MACRO = re.compile(r"\\([A-Za-z]+)")


class Unconvertible(Exception):
    """The formula holds something that has no faithful Unicode form here."""


def math_text(tex: str) -> str | None:
    """`tex` (without its `$`) as Unicode, or None when it cannot be converted faithfully."""
    tex = tex.strip()
    if not tex:
        return None
    return _converted(tex)


@lru_cache(maxsize=2048)
def _converted(tex: str) -> str | None:
    try:
        nodes = _walker(tex).get_latex_nodes()[0]
        text = _Converter().nodes(nodes)
        text = re.sub(f"{_WORD_GAP}(?=\\w)", " ", text).replace(_WORD_GAP, "").strip()
    except Exception:  # a parse error or anything unknown: the TeX is shown
        return None
    return text if text and _faithful(tex, text) else None


def _faithful(tex: str, text: str) -> bool:
    """Whether every letter and digit of the source (outside macro names) is in the text,
    read back through Unicode's compatibility forms (ₖ is k, ² is 2, ℝ is R), and no TeX
    command is left."""
    if "\\" in text:
        return False
    wanted = Counter(c for c in _MACRO.sub(" ", tex) if c.isalnum())
    text = text.replace("∛", "3").replace("∜", "4")
    shown = Counter(c for c in unicodedata.normalize("NFKC", text) if c.isalnum())
    return not wanted - shown


@lru_cache(maxsize=1)
def _context() -> Any:
    """The walker's macros, plus the few pylatexenc does not know take an argument."""
    from pylatexenc.latexwalker import get_default_latex_context_db
    from pylatexenc.macrospec import MacroSpec

    db = get_default_latex_context_db()
    extra = [MacroSpec(name, "{") for name in ("tag", "bold", "bm", "boldsymbol")]
    extra.append(MacroSpec("operatorname", "*{"))  # `\\operatorname*{lim}`
    db.add_context_category("reader-math", macros=extra, prepend=True)
    return db


def _walker(tex: str) -> Any:
    from pylatexenc.latexwalker import LatexWalker

    return LatexWalker(tex, latex_context=_context(), tolerant_parsing=False)


@lru_cache(maxsize=1)
def _symbols() -> Any:
    from pylatexenc.latex2text import get_default_latex_context_db

    return get_default_latex_context_db()


class _Converter:
    """One formula's nodes to text (raises `Unconvertible`)."""

    def nodes(self, nodes: list[Any]) -> str:
        """A node list as text, sub- and superscripts attached to what precedes them."""
        out: list[str] = []
        pending: str | None = None  # "_" or "^" waiting for its argument
        skip_dot = False
        for node in nodes or []:
            kind = type(node).__name__
            if kind == "LatexCharsNode":
                chars = node.chars
                if skip_dot and chars.startswith("."):
                    chars = chars[1:]
                skip_dot = False
                pending = self._chars(chars, pending, out)
                continue
            skip_dot = False
            if kind == "LatexCommentNode":
                continue
            text = self.node(node)
            if pending is not None:
                out.append(_script(text, pending))
                pending = None
            else:
                out.append(text)
                out.append(_space_after(node, text))
            skip_dot = kind == "LatexMacroNode" and node.macroname in ("left", "right")
        if pending is not None:
            raise Unconvertible(pending)
        return "".join(out)

    def _chars(self, chars: str, pending: str | None, out: list[str]) -> str | None:
        """Plain characters; a `_` or `^` takes the next character as its argument."""
        for char in chars:
            if pending is not None and not char.isspace():
                out.append(_script(char, pending))
                pending = None
            elif char in "_^":
                pending = char
                if out and out[-1] in (_WORD_GAP, " "):  # `\\sin^2 x`: on the word
                    out.pop()
            elif char == "'":
                out.append("′")
            elif pending is None:
                out.append(char)
        return pending

    def node(self, node: Any) -> str:
        """One group, macro, environment or special as text."""
        kind = type(node).__name__
        if kind == "LatexGroupNode":
            return self.nodes(node.nodelist)
        if kind == "LatexMacroNode":
            return self.macro(node.macroname, _arguments(node))
        if kind == "LatexSpecialsNode" and node.specials_chars in _SPECIALS:
            return _SPECIALS[node.specials_chars]
        if kind == "LatexMathNode":
            return self.nodes(node.nodelist)
        raise Unconvertible(kind)

    def macro(self, name: str, args: list[Any]) -> str:
        """A macro with its arguments (None for an optional one not given)."""
        if name in ("frac", "dfrac", "tfrac", "cfrac"):
            return _fraction(self.arg(args, -2), self.arg(args, -1))
        if name == "sqrt":
            root = {"3": "∛", "4": "∜"}.get(self.arg(args, 0) if args[0] else "", "√")
            if args[0] and root == "√":
                raise Unconvertible("root")
            return root + _term(self.arg(args, -1))
        if name in _PLAIN:
            return self.arg(args, -1) if args else ""
        if name == "tag":
            return f"   ({self.arg(args, -1)})"  # after the formula's own space
        if name == "mathbb":
            letters = self.arg(args, 0)
            return "".join(_DOUBLE_STRUCK.get(c) or _unicode("DOUBLE-STRUCK", c) for c in letters)
        if name == "mathcal":
            return "".join(_unicode("SCRIPT", c) for c in self.arg(args, 0))
        if name in _ACCENTS:
            base = self.arg(args, 0)
            if len(base) != 1:
                raise Unconvertible(name)
            return base + _ACCENTS[name]
        if name in _SIZES:
            return ""
        if name in _SPACES:
            return _SPACES[name]
        if name in _LITERAL:
            return _LITERAL[name]
        if name == "\\":
            return "\n"
        return _symbol(name, args)

    def arg(self, args: list[Any], at: int) -> str:
        node = args[at]
        if node is None:
            raise Unconvertible("argument")
        return self.node(node) if type(node).__name__ != "LatexCharsNode" else self.nodes([node])


def _space_after(node: Any, text: str) -> str:
    """The space written after a macro (its name swallowed it), or, after a word such as
    `\\sin` or `\\mathrm{dim}`, a space that keeps it apart from a following letter."""
    if type(node).__name__ != "LatexMacroNode":
        return ""
    word = _WORD_GAP if len(text) > 1 and text[-1:].isalpha() else ""
    if text in _PREFIXES:
        return ""
    if _arguments(node):
        return word  # the space after its name came before the arguments
    return " " if getattr(node, "macro_post_space", "") else word


def _arguments(node: Any) -> list[Any]:
    return list(node.nodeargd.argnlist) if node.nodeargd is not None else []


def _symbol(name: str, args: list[Any]) -> str:
    """A symbol from pylatexenc's table (`\\alpha` α, `\\le` ≤, `\\sin` sin); a macro with
    arguments or with no plain replacement there is not converted."""
    spec = _symbols().get_macro_spec(name)
    repl = getattr(spec, "simplify_repl", None)
    if any(a is not None for a in args) or not isinstance(repl, str) or "%" in repl:
        raise Unconvertible(name)
    return "′" if name == "prime" else repl


def _script(text: str, mark: str) -> str:
    """A sub- or superscript: Unicode's small forms when every character has one, else the
    TeX mark with the text, braced when longer than one character."""
    table = _SUPER if mark == "^" else _SUB
    compact = text.replace(" ", "")
    if compact and all(c in table for c in compact):
        return "".join(table[c] for c in compact)
    if mark == "^" and compact in ("′", "′′", "*"):
        return compact
    return f"{mark}{compact}" if len(compact) == 1 else f"{mark}{{{compact}}}"


def _fraction(top: str, bottom: str) -> str:
    top, bottom = top.strip(), bottom.strip()
    vulgar = _VULGAR.get(f"{top}/{bottom}")
    return vulgar or f"{_term(top)}/{_term(bottom)}"


def _term(text: str) -> str:
    """`text` as one term: parenthesised unless it already is one."""
    text = text.strip()
    head = _ATOM.match(text)
    rest = text[head.end() :] if head else text
    return text if not rest or _enclosed(rest) else f"({text})"


def _enclosed(text: str) -> bool:
    """Whether `text` is one bracketed group: `(a+b)`, not `(a)+(b)`."""
    closing = {"(": ")", "[": "]", "{": "}"}.get(text[:1])
    if closing is None:
        return False
    depth = 0
    for i, char in enumerate(text):
        depth += (char == text[0]) - (char == closing)
        if depth == 0:
            return i == len(text) - 1
    return False


def _unicode(style: str, char: str) -> str:
    """The mathematical alphanumeric form of `char` (`ℝ`, `𝒜`), or `Unconvertible`."""
    case = "CAPITAL" if char.isupper() else "SMALL"
    for name in (f"{style} {case} {char.upper()}", f"MATHEMATICAL {style} {case} {char.upper()}"):
        try:
            return unicodedata.lookup(name)
        except KeyError:
            continue
    raise Unconvertible(style)
