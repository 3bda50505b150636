"""The demo book fixtures every book-based printing test shares (built once per session by
test_from_book.build_demo_book, copied per test)."""
from __future__ import annotations

import shutil

import pytest

from sbpdesk.services.books import open_book


@pytest.fixture(scope="session")
def demo_dir():
    from .test_from_book import build_demo_book
    return build_demo_book()


@pytest.fixture
def book_dir(demo_dir, tmp_path):
    shutil.copytree(demo_dir, tmp_path / "book")
    return tmp_path / "book"


@pytest.fixture
def book(book_dir):
    from .test_from_book import NOW
    b = open_book(book_dir, clock=lambda: NOW)
    yield b
    b.close()
