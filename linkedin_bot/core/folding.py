# ruff: noqa: RUF001, RUF002  (this module is about look-alike letters of many scripts)
"""Search folding: text reduced to what a search compares, the same on every backend.

SQLite's ``lower()`` folds ASCII only and neither backend removes accents, so a search
cannot rely on the database to compare "Étienne" with "etienne". Text is folded once, in
Python, when a contact is written (the stored ``contacts.search_text``), and the same
function folds the query: the database then only compares plain substrings, which an
index serves (a trigram index on either backend).

What :func:`fold` does, in order:

- compatibility forms become plain (NFKD: fullwidth ``Ｊ`` -> ``j``, ligature ``ﬁ`` ->
  ``fi``, mathematical bold letters -> plain letters);
- case is folded fully (``str.casefold``: ``ß`` -> ``ss``, Greek final ``ς`` -> ``σ``);
- accents are removed from the letters of the scripts that write them as optional marks:
  Latin, Greek, Cyrillic, Arabic and Hebrew (``é`` -> ``e``, ``ę`` -> ``e``, ``ё`` ->
  ``е``, ``ά`` -> ``α``, ``İ`` -> ``i``); the marks of other scripts are part of their
  letters and stay (Devanagari vowel signs, Japanese voicing: ``が`` stays ``が``);
- letters that carry their accent without a decomposition are folded by hand
  (:data:`SPECIAL_LETTERS`: ``ł`` -> ``l``, ``ø`` -> ``o``, ``đ`` -> ``d``, ``æ`` -> ``ae``,
  ``œ`` -> ``oe``, Turkish dotless ``ı`` -> ``i``, ``þ`` -> ``th``...);
- everything that is neither a letter, a digit nor a mark separates words (punctuation,
  symbols, spaces: "Jean-Pierre" is the words ``jean`` and ``pierre``, "O’Brien" and
  "O'Brien" the same two words);
- each ideograph, kana and Hangul syllable is a word of its own: those scripts do not
  separate words with spaces, and a given name ("伟" of "王伟") must be findable alone.

A stored document (:func:`search_document`) is its words joined by two spaces, with two
spaces before the first one. A query (:func:`search_terms`) is folded the same way and
split into words, every one of which must be found:

- a term of :data:`MIN_SUBSTRING_CHARS` characters or more matches anywhere in a word
  ("tienn" finds "Étienne");
- a shorter term matches the start of a word ("li" finds "Li Wei" and "Lisa", not
  "Alice"; "王" finds "王伟"): it is searched with the two spaces before it, so that
  even a one-character term is a three-character substring, which a trigram index serves.

Changing this function changes every stored document: it needs a migration that
recomputes ``contacts.search_text`` (as revision 0004 first did).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# Letters with no canonical decomposition, as they are searched (after casefold).
SPECIAL_LETTERS = {
    "ł": "l",
    "ø": "o",
    "đ": "d",
    "ð": "d",
    "ħ": "h",
    "ı": "i",
    "ŀ": "l",  # NFKD would make it "l·", splitting the word at the middle dot
    "ŧ": "t",
    "æ": "ae",
    "œ": "oe",
    "þ": "th",
    "ĸ": "k",
    "ƀ": "b",
    "ɨ": "i",
    "ʉ": "u",
    "ƶ": "z",
}
# Scripts whose marks are optional accents, by the first word of a character's name.
_ACCENTED_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC", "ARABIC", "HEBREW")
# Scripts written without spaces between words: each character is a word.
_UNSPACED_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO")
WORD_SEPARATOR = "  "
MIN_SUBSTRING_CHARS = 3
MAX_TERMS = 16


@lru_cache(maxsize=4096)
def _script(char: str) -> str:
    """The first word of a character's Unicode name ("LATIN", "CJK", ...), "" if unnamed."""
    return unicodedata.name(char, "").split(" ", 1)[0]


def _is_word_char(char: str) -> bool:
    return char.isalnum() or unicodedata.category(char).startswith("M")


def _letters(text: str) -> str:
    """Case folded, compatibility forms plain, optional accents gone, special letters
    folded; the rest as it was (recomposed: NFC)."""
    decomposed = unicodedata.normalize(
        "NFKD", "".join(SPECIAL_LETTERS.get(c, c) for c in text.casefold())
    )
    out: list[str] = []
    strip_marks = False
    for char in decomposed:
        if unicodedata.category(char) == "Mn":
            if not strip_marks:
                out.append(char)
            continue
        letter = SPECIAL_LETTERS.get(char, char)
        strip_marks = _script(letter[0]) in _ACCENTED_SCRIPTS
        out.append(letter)
    return unicodedata.normalize("NFC", "".join(out))


def fold_words(text: str) -> list[str]:
    """The folded words of ``text`` (see the module's docstring)."""
    words: list[str] = []
    current: list[str] = []
    for char in _letters(text):
        if not _is_word_char(char):
            if current:
                words.append("".join(current))
                current = []
        elif _script(char) in _UNSPACED_SCRIPTS and unicodedata.category(char) == "Lo":
            if current:
                words.append("".join(current))
                current = []
            words.append(char)
        else:
            current.append(char)
    if current:
        words.append("".join(current))
    return words


def fold(text: str) -> str:
    """``text`` folded, its words separated by one space (for display and tests)."""
    return " ".join(fold_words(text))


def search_document(fields: Iterable[str | None]) -> str:
    """The stored search text of these fields: every folded word, each after two spaces.

    A field whose words are already in the document adds nothing (the first and last
    names usually repeat the full name)."""
    seen: list[str] = []
    text = ""
    for field in fields:
        if not field:
            continue
        words = fold_words(field)
        joined = " ".join(words)
        if not words or joined in seen or f" {joined} " in f" {' '.join(seen)} ":
            continue
        seen.append(joined)
        text += "".join(WORD_SEPARATOR + word for word in words)
    return text


def search_terms(query: str) -> list[str]:
    """The distinct folded words of a query, at most :data:`MAX_TERMS`, in order."""
    return list(dict.fromkeys(fold_words(query)))[:MAX_TERMS]


def term_pattern(term: str) -> str:
    """The substring a term must be found as: itself, or after a word's two spaces when
    it is shorter than :data:`MIN_SUBSTRING_CHARS` (it must start a word)."""
    if len(term) >= MIN_SUBSTRING_CHARS:
        return term
    return WORD_SEPARATOR + term
