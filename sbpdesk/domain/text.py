"""Vietnamese text: normal form, search keys and the order of names in printed lists.

All stored text is NFC (Vietnamese keyboards sometimes commit NFD, which ReportLab draws badly
and SQL compares as different). `search_key` folds a name to plain lower-case ASCII letters
so "nguyen van a" finds "Nguyễn Văn A" — SQLite's own folding misses đ → d. `name_sort_key`
orders people the way Vietnamese lists are ordered: by given name (the last word) first, then
family and middle names, in the Vietnamese alphabet (ă after a, đ after d, ơ after ô …) with
the tone marks only breaking ties, in the dictionary order ngang, huyền, hỏi, ngã, sắc, nặng.
"""
from __future__ import annotations

import unicodedata

# The Vietnamese alphabet, with f j w z (foreign names) slotted where Latin puts them.
_ALPHABET = ("a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l",
             "m", "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y",
             "z")
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET, start=20)}
# Below every letter: the word break (so "An" < "Anh"), then digits; above: everything else.
_SPACE_RANK = 0
_DIGIT_RANK = {str(d): 1 + d for d in range(10)}
_OTHER_RANK = 100

# Marks that make a new letter (ă â ê ô ơ ư) versus marks that carry the tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}               # breve, circumflex, horn
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
#              huyền       hỏi          ngã          sắc          nặng   (ngang = 0)


def nfc(s: str) -> str:
    """The NFC form of s: what is stored, compared and printed."""
    return unicodedata.normalize("NFC", s)


def normalise_spaces(s: str) -> str:
    """Every run of whitespace (NBSP, tabs, newlines too) becomes one space; ends trimmed."""
    return " ".join(s.split())


def search_key(s: str) -> str:
    """Accent-free, lower-case, single-spaced: "NGUYỄN  Văn A" → "nguyen van a"."""
    decomposed = unicodedata.normalize("NFD", s)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    # đ/Đ are letters of their own, not d plus a mark, so NFD leaves them alone.
    bare = bare.replace("đ", "d").replace("Đ", "D")
    return normalise_spaces(bare.casefold())


def name_sort_key(full_name: str) -> tuple:
    """Sort key for a person's full name: given name, then family + middle names.

    Each part compares letter by letter first and by tones only when the letters are equal,
    so all the "Hoa" stay together before all the "Hòa". The NFC name is the last tiebreak,
    which makes the order total and repeatable.
    """
    name = normalise_spaces(nfc(full_name))
    words = name.split(" ")
    given, rest = words[-1], " ".join(words[:-1])
    given_letters, given_tones = _collation(given)
    rest_letters, rest_tones = _collation(rest)
    return (given_letters, given_tones, rest_letters, rest_tones, name)


def _collation(s: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(letter ranks, tone ranks) of s, one entry per character."""
    letters: list[int] = []
    tones: list[int] = []
    for char in s.lower():
        letter, tone = _split_char(char)
        letters.append(_char_rank(letter))
        tones.append(tone)
    return tuple(letters), tuple(tones)


def _split_char(char: str) -> tuple[str, int]:
    """"ặ" → ("ă", 5): the letter (with its letter-forming mark) and the tone rank."""
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    letter_marks = "".join(m for m in marks if m in _LETTER_MARKS)
    tone = max((_TONE_RANK.get(m, 0) for m in marks), default=0)
    return unicodedata.normalize("NFC", base + letter_marks), tone


def _char_rank(letter: str) -> int:
    if letter == " ":
        return _SPACE_RANK
    if letter in _DIGIT_RANK:
        return _DIGIT_RANK[letter]
    # Unknown characters sort after the alphabet, among themselves by code point.
    return _LETTER_RANK.get(letter, _OTHER_RANK + ord(letter[0]))
