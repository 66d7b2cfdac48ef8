"""TeX math as Unicode (`reader.markdown.math`): what converts, and what stays TeX."""

from __future__ import annotations

import subprocess
import sys

import pytest

from reader.markdown.math import math_text


@pytest.mark.parametrize(
    ("tex", "shown"),
    [
        ("\\alpha \\le \\sqrt{x}", "α ≤ √x"),
        ("\\int_0^1 x\\,dx", "∫₀¹ x dx"),
        ("\\alpha + \\beta \\le \\sqrt{x}", "α + β ≤ √x"),
        ("x^2 + y_i", "x² + yᵢ"),
        ("x_{k+1}", "xₖ₊₁"),
        ("\\sum_{i=1}^{n} i^2", "∑ᵢ₌₁ⁿ i²"),
        ("\\frac{1}{2}", "½"),
        ("\\frac{n(n+1)}{2}", "n(n+1)/2"),
        ("\\frac{a+b}{c}", "(a+b)/c"),
        ("\\frac{1}{w(x) \\cdot k_n}", "1/(w(x) · kₙ)"),
        ("\\sqrt{x+1}", "√(x+1)"),
        ("\\sqrt[3]{8}", "∛8"),
        ("\\sin^2 x + \\cos^2 x = 1", "sin² x + cos² x = 1"),
        ("\\mathrm{dim}V", "dim V"),
        ("\\mathbb{R}^n", "ℝⁿ"),
        ("\\left( x \\right)", "( x )"),
        ("\\left. f \\right|_a", "f |ₐ"),
        ("\\operatorname{Re}(z)", "Re(z)"),
        ("\\hat{x}", "x̂"),
        ("f''(x)", "f″(x)"),
        ("x_{light}", "x_{light}"),
        ("E = mc^2 \\tag{1}", "E = mc²    (1)"),
        ("a \\\\ b", "a \n b"),
    ],
)
def test_formulas_read_as_unicode(tex: str, shown: str) -> None:
    assert math_text(tex) == shown


@pytest.mark.parametrize(
    "tex",
    [
        "\\foo{x}",  # a macro nobody knows
        "\\begin{pmatrix}a&b\\end{pmatrix}",  # environments stay TeX
        "\\sqrt[5]{x}",  # no fifth-root sign
        "\\hat{xy}",  # an accent over more than one letter
        "x^",  # a script with nothing to raise
        "} n",  # not TeX at all
        "\\cal B",
        "",
    ],
)
def test_what_cannot_be_converted_faithfully_stays_tex(tex: str) -> None:
    assert math_text(tex) is None


def test_no_letter_or_digit_of_the_source_is_lost() -> None:
    """pylatexenc's own text conversion drops `\\|`, `\\left` and `\\tag`'s braces; ours
    keeps every letter and digit or gives up."""
    for tex in ("\\| x \\|", "\\tag{12} y", "\\text{if } x > 0"):
        text = math_text(tex)
        assert text is not None
        assert all(c in text for c in tex.replace("\\text", "").replace("\\tag", "") if c.isalnum())


def test_the_library_is_loaded_only_when_a_formula_is_rendered() -> None:
    code = (
        "import sys\n"
        "import reader.cli, reader.markdown.normalise, reader.markdown.plain\n"
        "from reader.markdown.plain import visible_text\n"
        "visible_text('no math here, only $5')\n"
        "assert 'pylatexenc' not in sys.modules, 'loaded without math'\n"
        "visible_text('$\\\\alpha$')\n"
        "assert 'pylatexenc' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
