"""A title from the first `# heading` is the heading as plain text, with or without the
inline parse: headings with no markup character skip it, and must come out the same."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.markdown.scan import plain_inline
from reader.notes.fields import (
    _H1,
    _INLINE_MARKUP,
    _first_match,
    first_h1,
)

PLAIN = st.text(
    alphabet=st.sampled_from([*"设计哈希映射 Turing 42.,;?()'\"“”《》（），。\t\u3000é😀"]),
    max_size=40,
)
ANY = st.text(alphabet=st.sampled_from([*"标题 ab1.*_[]()<>&#!`~$:-\\|^{}\t\u3000"]), max_size=40)


@given(st.one_of(PLAIN, ANY))
@settings(max_examples=400, deadline=None)
def test_heading_title_is_its_inline_text(heading: str) -> None:
    body = f"# {heading}\n\nbody"
    found = _first_match(body, _H1)
    expected = None if found is None else plain_inline(found) or None
    assert first_h1(body) == expected


def test_plain_headings_skip_the_parse_and_marked_ones_take_it() -> None:
    assert _INLINE_MARKUP.search("706. 设计哈希映射 (简单)") is None
    assert first_h1("# 706. 设计哈希映射  (简单)\n") == "706. 设计哈希映射 (简单)"
    assert first_h1("# [706. 设计哈希映射](https://x.org/a)\n") == "706. 设计哈希映射"
    assert first_h1("# **粗体** 标题 #\n") == "粗体 标题"
