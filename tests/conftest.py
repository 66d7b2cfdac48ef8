"""Fixtures shared by several test files."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.cjk_wrap_checks import wrapping


@pytest.fixture
def cjk_wrapping() -> Iterator[None]:
    """Install the CJK wrapping for one test."""
    with wrapping(installed=True):
        yield


@pytest.fixture
def textual_wrapping() -> Iterator[None]:
    """Use Textual's own wrapping for one test."""
    with wrapping(installed=False):
        yield
