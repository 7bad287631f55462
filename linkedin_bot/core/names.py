"""People's names as LinkedIn displays them, and the first name a greeting may use.

A displayed name is free text its owner typed, decorated the way LinkedIn members do
("🔥 Nicolas Martin 🚀", "Dr. Anna Schmidt, PhD (she/her)", "JULIAN LOPEZ VARELA"), and
what the driver reads where a name should be is sometimes no name at all ("Status is
online", "Photo de profil de X"). A wish that greets "Photo" or "Dr." costs the user their
reputation, so the rule of this module is: **a first name we are not sure of is None**,
and the caller skips the contact (``name_uncertain``) instead of guessing.

Decisions (the tests and the simulator rely on them):

- **Cleaning** (:func:`clean_display_name`) removes emoji (the ``emoji`` library), other
  symbols (★ ✓ ™ ...), hashtags, invisible format characters, bracketed and quoted parts
  (pronouns, maiden names, nicknames: "Robert (Bob) Smith" is "Robert Smith"), slashed
  pronoun sets ("she/her", "il/lui"), a tagline after a separator ("Anna Schmidt | Hiring"),
  everything after the first comma, titles before the name and credentials after it.
  Stylised "mathematical bold" letters become plain (NFKC). What is left keeps its
  spelling and case. Titles are ours to strip: nameparser's list reads "Rock", "Prince"
  or "Guru" as titles, so we keep only its non-Latin honorifics and add our list, where
  titles that are also first names count only with their period ("Dr. phil." but "Phil
  Collins"). ``nameparser`` reads the rest: credentials and suffixes (its list, extended
  with French, German and job acronyms), particles, bound given names, CJK order.
- **Greeting** (:func:`greeting_name`): the first given-name word of the cleaned name
  ("María José García" -> "María": a double first name without a hyphen cannot be told
  from a middle name); a bound Arabic given name stays whole ("Abdul Rahman"). An
  ALL-CAPS or all-lowercase first name is title-cased respecting hyphens and
  apostrophes ("JEAN-LUC" -> "Jean-Luc", "D'ARCY" -> "D'Arcy"); mixed case is kept
  ("DeShawn"); a two-letter all-caps first name is title-cased only when the whole name
  is capitals ("AL GORE" -> "Al"; "AJ Smith" -> "AJ"), never when it has no vowel ("JP").
  CJK names (Han, kana, Hangul) are given whole as displayed ("山田 太郎"): the family
  name comes first and the given name alone is too familiar.
  None when: nothing is left; an initial ("J. Smith", "A.J."); digits, "@", "/", ":",
  "&" or a web address in the name; a word no person is named after anywhere in it
  ("Status is online", "Photo de profil de X") or a whole UI text ("Vous", "Voir plus"),
  both listed in :mod:`linkedin_bot.core.name_vocabulary`; a title then a single word
  ("Mr. Bean": a family name); a first word in capitals before mixed case ("DUPONT
  Jean": family name first, the French convention); a Vietnamese family name first
  ("Nguyễn Văn An"); a lowercase particle first ("van der Berg"); one word before a
  comma and no credential after ("Dupont, Jean"); two people ("Jean et Marie Dupont");
  a one-character CJK name ("王先生").
- **Agreement** (:func:`names_agree`): both readings must be names; they are compared
  cleaned, case-, accent-, hyphen- and apostrophe-insensitively, word by word. The first
  words must be equal; a later word may be an initial of the other ("Anna S." and "Anna
  Schmidt"). One may be a word-prefix of the other ("Julian Lopez" and "Julian Lopez
  Varela"), but a single word agrees with a longer name only when it is that name's
  greeting name ("Anna" agrees with "Anna Schmidt"; "山田" not with "山田 太郎").
- **Alternative texts** (:func:`strip_alt_text`): the name inside the English and French
  sentences LinkedIn wraps around it, returned as written (decorations included, for the
  functions above to read); None for any other text, a plain name included: a name read
  from an image is the driver's last resort.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import emoji
from nameparser import Lexicon, Parser, Role

from linkedin_bot.core.name_vocabulary import (
    ALT_TEXT_SHAPES,
    CREDENTIALS,
    DOTTED_TITLES,
    FAMILY_FIRST_SURNAMES,
    GIVEN_NAME_TITLES,
    NON_NAME_WORDS,
    PRONOUNS,
    TITLES,
    UI_PHRASES,
)

_MAX_NAME_CHARS = 120  # longer than any name: the driver read a block of page text
_MAX_NAME_WORDS = 12  # "María de los Ángeles García de la Fuente" has 8

# --- Characters ----------------------------------------------------------------------------
_APOSTROPHES = "'\u2019\u02bc"  # typewriter, typographic, modifier letter
_APOSTROPHE = f"[{_APOSTROPHES}]"
_HYPHENS = "-\u2010\u2011"  # hyphen-minus, hyphen, non-breaking hyphen
_DASHES = "\u2012\u2013\u2014\u2015"  # figure, en, em dash, horizontal bar
_KEPT_PUNCTUATION = set(_APOSTROPHES + _HYPHENS + '.,;،()[]{}"“”„«»@/:&·・\u05f3\u05f4')
_JOINERS = "\u200c\u200d"  # ZWNJ/ZWJ shape Persian and Indic names between two letters
_SEPARATOR_CHARS = set("|¦•‣◦∙⋅~" + _DASHES)
_SEPARATOR = re.compile(rf"\s*[|¦•‣◦∙⋅]\s*|\s+[-~·:/{_DASHES}]\s+|\s[{_DASHES}]|[{_DASHES}]\s|:\s")
_SYMBOLIC_CATEGORIES = {"No", "Nl", "Co", "Cn", "Cs", "Cc", "Zl", "Zp"}
_ENCLOSED = re.compile(
    r"\([^()]*\)|\[[^\[\]]*\]|\{[^{}]*\}|“[^“”]*”|„[^“”„]*[“”]|«[^«»]*»"
    rf"|(?<!\w)\"[^\"]*\"(?!\w)|(?<!\w){_APOSTROPHE}[^{_APOSTROPHES}]+{_APOSTROPHE}(?!\w)"
)
_PRONOUN_WORD = "|".join(sorted({re.escape(p) for p in PRONOUNS}, key=len))
_PRONOUN_SET = re.compile(
    rf"(?<!\w)(?:{_PRONOUN_WORD})(?:\s*/\s*(?:{_PRONOUN_WORD}))+(?!\w)", re.IGNORECASE
)
_WEB_ADDRESS = re.compile(r"www\.|\w\.(?:com|net|org|io|fr|de|co|uk|me|ai|app|dev)\b", re.I)
_NOT_A_NAME_CHARS = set("@/:&")
_HASHTAG = re.compile(r"[#\uff03]\w+")
_CJK = re.compile(
    "[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f]"
)
# Letters that carry their accent in their shape, so NFKD does not take it off.
_UNACCENTED = str.maketrans(
    {**dict(zip("đðøłħ\u0131", "ddolhi", strict=True)), "æ": "ae", "œ": "oe", "þ": "th"}
)


@dataclass(frozen=True, slots=True)
class _Word:
    text: str
    role: Role
    glued: bool  # written against the previous word, without a space (CJK, Hangul)
    tags: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Reading:
    """What one displayed name says once its decorations are gone."""

    words: tuple[_Word, ...]
    text: str
    not_a_name: bool  # digits, "@", a web address, UI text, page text
    uncertain: bool  # a name, but its first name cannot be told


@functools.cache
def _parser() -> Parser:
    # We strip titles ourselves (_without_titles): nameparser's Latin titles include first
    # names ("Rock", "Prince", "Guru", "Baron") and it cannot ask for a period.
    base = Lexicon.default()
    return Parser(base.remove(titles=base.titles).add(suffix_acronyms=CREDENTIALS))


@functools.cache
def _title_words() -> tuple[frozenset[str], frozenset[str]]:
    """Title words, and those after which a single word is a given name ("Sister Mary")."""
    base = Lexicon.default()
    foreign = frozenset(title for title in base.titles if not title.isascii())
    return TITLES | foreign, GIVEN_NAME_TITLES | base.given_name_titles


def _title_key(word: str) -> str:
    return word.lower().strip(".")


def _without_titles(head: str) -> tuple[str, bool]:
    """The name without the titles before it, and whether what is left after a title is
    a single family name ("Mr. Bean", "Dr. Smith"). A title never takes the last word."""
    titles, given_name_titles = _title_words()
    words = head.split()
    count = 0
    while count < len(words) - 1:
        key = _title_key(words[count])
        if key not in titles and not (words[count].endswith(".") and key in DOTTED_TITLES):
            break
        count += 1
    family_only = count > 0 and len(words) - count == 1
    family_only = family_only and _title_key(words[count - 1]) not in given_name_titles
    return " ".join(words[count:]), family_only


def _fold(text: str) -> str:
    """Case-, accent- and apostrophe-insensitive form of a text, for comparisons."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_UNACCENTED))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", re.sub(f"[{_APOSTROPHES}]", "'", bare))


def _symbol_dropped(text: str, index: int) -> str:
    """Before NFKC: the character at ``index``, a space for a symbol ("™" must not become
    "TM"), nothing for an invisible one; ZWNJ/ZWJ stay between two letters."""
    char = text[index]
    category = unicodedata.category(char)
    if char in _SEPARATOR_CHARS:
        return char
    if category == "Cf":
        between = 0 < index < len(text) - 1 and text[index - 1].isalpha()
        return char if char in _JOINERS and between and text[index + 1].isalpha() else ""
    if category == "Me" or 0xFE00 <= ord(char) <= 0xFE0F or 0xE0100 <= ord(char) <= 0xE01EF:
        return ""  # enclosing marks and variation selectors are emoji leftovers
    return " " if category[0] == "S" or category in _SYMBOLIC_CATEGORIES else char


def _name_char(char: str) -> str:
    """After NFKC: letters, digits, marks and the punctuation names and their readers use."""
    category = unicodedata.category(char)
    if category[0] == "L" or category in ("Nd", "Mn", "Mc") or char in _KEPT_PUNCTUATION:
        return char
    return char if char in _SEPARATOR_CHARS or char in _JOINERS else " "


def _without_decorations(text: str) -> str:
    """Emoji, symbols and invisible characters gone; stylised letters made plain."""
    text = _HASHTAG.sub(" ", emoji.replace_emoji(text, replace=" "))  # never part of a name
    text = "".join(_symbol_dropped(text, i) for i in range(len(text)))
    return "".join(_name_char(c) for c in unicodedata.normalize("NFKC", text))


def _name_segment(text: str) -> tuple[str, bool]:
    """The name part of a display text, and whether its comma tail leaves it uncertain."""
    text = _PRONOUN_SET.sub(" ", text)
    previous = None
    while previous != text:  # nested brackets, innermost first
        previous, text = text, _ENCLOSED.sub(" ", text)
    text = re.sub(r"[()\[\]{}“”„«»]|(?<!\w)\"|\"(?!\w)", " ", text)  # ד"ר keeps its "
    text = re.sub(rf"(?<=\w)[{_DASHES}](?=\w)", "-", text)  # a dash typed for a hyphen
    segments = [s for s in _SEPARATOR.split(text) if any(c.isalpha() for c in s)]
    head, _, tail = re.sub("[;،]", ",", segments[0] if segments else "").partition(",")
    head = re.sub(rf"[{''.join(_SEPARATOR_CHARS)}]|\.{{2,}}|[·・](?!\w)|(?<!\w)[·・]", " ", head)
    words = [w.strip(_HYPHENS + _JOINERS) for w in head.split()]
    head = " ".join(w for w in words if any(c.isalnum() or c in _NOT_A_NAME_CHARS for c in w))
    tail_words = re.sub(r"[,;،]", " ", tail).split()
    uncertain = len(head.split()) == 1 and not all(_is_credential(w) for w in tail_words)
    return head, uncertain


def _is_credential(word: str) -> bool:
    key = word.casefold().strip(".")
    lexicon = _parser().lexicon
    return (
        key in lexicon.suffix_words
        or key.replace(".", "") in lexicon.suffix_acronyms
        or key in lexicon.suffix_acronyms
    )


def _looks_like_page_text(head: str) -> bool:
    return (
        any(c.isdigit() or c in _NOT_A_NAME_CHARS for c in head)
        or bool(_WEB_ADDRESS.search(head))
        or len(head) > _MAX_NAME_CHARS
        or len(head.split()) > _MAX_NAME_WORDS
    )


def _is_ui_text(head: str) -> bool:
    folded = _fold(head)
    return folded in UI_PHRASES or any(word in NON_NAME_WORDS for word in folded.split())


@functools.lru_cache(maxsize=4096)
def _read(display_name: str) -> _Reading:
    head, uncertain = _name_segment(_without_decorations(display_name))
    if _looks_like_page_text(head):
        return _Reading((), head, not_a_name=True, uncertain=True)
    name, family_only = _without_titles(head)
    parsed = _parser().parse(name)
    kept = (Role.GIVEN, Role.MIDDLE, Role.FAMILY)
    words: list[_Word] = []
    end = -1
    for token in parsed.tokens:
        if token.role in kept:
            start = token.span.start if token.span else end + 1
            words.append(_Word(token.text, token.role, start == end, token.tags))
            end = token.span.end if token.span else start + len(token.text)
    text = "".join(("" if w.glued or i == 0 else " ") + w.text for i, w in enumerate(words))
    not_a_name = not words or _is_ui_text(head)
    return _Reading(tuple(words), text, not_a_name, uncertain or not_a_name or family_only)


def clean_display_name(text: str) -> str:
    """A displayed LinkedIn name as a person's name: decorations, pronouns, titles and
    credentials removed, whitespace normalised ("" when nothing is left)."""
    return _read(text).text


def _is_upper(text: str) -> bool:
    cased = [c for c in text if c.isupper() or c.islower()]
    return bool(cased) and all(c.isupper() for c in cased)


def _is_lower(text: str) -> bool:
    cased = [c for c in text if c.isupper() or c.islower()]
    return bool(cased) and all(c.islower() for c in cased)


def _capitalised(part: str) -> str:
    # Lowered whole, for Greek final sigma; Turkish İ lowers to i + dot, one letter again.
    lowered = part.lower().replace("i\u0307", "i")
    if part[:1].isupper():
        return part[:1] + lowered[1:]
    return (lowered[:1].title() if len(lowered[:1].title()) == 1 else lowered[:1]) + lowered[1:]


def _title_case(name: str) -> str:
    """A name in title case respecting hyphens and apostrophes ("JEAN-LUC" -> "Jean-Luc",
    "D'ARCY" -> "D'Arcy", "MA'AYAN" -> "Ma'ayan": a capital follows a one-letter elision)."""
    parts = re.split(f"([{_HYPHENS}{_APOSTROPHES}])", name)
    out: list[str] = []
    for i, part in enumerate(parts):
        after_elision = i >= 2 and parts[i - 1] in _APOSTROPHES and len(parts[i - 2]) == 1
        capital = i == 0 or parts[i - 1] in _HYPHENS or after_elision
        out.append(_capitalised(part) if capital and part not in _APOSTROPHES else part.lower())
    return unicodedata.normalize("NFC", "".join(out))


def _cased_first_name(first: str, reading: _Reading) -> str | None:
    """The first name in the case a greeting writes it, None if its case says it is not
    one (a family name written first in capitals)."""
    if _is_lower(first):
        return _title_case(first)
    if not _is_upper(first):
        return first
    letters = [c for c in first if c.isalpha()]
    shouting = _is_upper(reading.text)
    if len(letters) <= 2:  # "AL GORE" shouts; "AJ Smith" and a lone "AJ" are initialisms
        shouting = shouting and len(reading.words) > 1
        has_vowel = any(_fold(c)[:1] in "aeiouy" for c in letters)  # Latin: "JP" has none
        return _title_case(first) if shouting and has_vowel else first
    return _title_case(first) if shouting else None


def _is_name_word(word: _Word, mixed_case_name: bool) -> bool:
    letters = [c for c in word.text if c.isalpha()]
    punctuation = _APOSTROPHES + _HYPHENS + _JOINERS + "·"
    shape_ok = all(
        c.isalpha() or unicodedata.category(c)[0] == "M" or c in punctuation for c in word.text
    )
    initial = len(letters) <= 1 or "initial" in word.tags or "." in word.text
    lowercase_particle = "particle" in word.tags and word.text[:1].islower() and mixed_case_name
    return shape_ok and not initial and not lowercase_particle


def _cjk_greeting(reading: _Reading) -> str | None:
    run: list[_Word] = []
    for word in reading.words:
        if not _CJK.search(word.text):
            break
        run.append(word)
    text = "".join(("" if w.glued or i == 0 else " ") + w.text for i, w in enumerate(run))
    return text if len(text.replace(" ", "")) >= 2 else None


def _given_words(reading: _Reading) -> list[_Word] | None:
    """The words of the given name that starts a (non-CJK) name, None if it does not."""
    given: list[_Word] = []
    for word in reading.words:
        if word.role is not Role.GIVEN:
            break
        given.append(word)
    if not given or any("conjunction" in w.tags for w in given):
        return None  # a family name alone ("Mr. Bean") or two people ("Jean et Marie")
    bound = _parser().lexicon.bound_given_names  # "Abdul" is not said alone: "Abdul Rahman"
    if len(given) == 1 and _title_key(given[0].text) in bound and len(reading.words) > 1:
        given.append(reading.words[1])
    if any(_is_credential(w.text) for w in given[1:]):
        return None  # "Abdul PhD": the bound name is missing
    if len(reading.words) > 1 and _fold(given[0].text) in FAMILY_FIRST_SURNAMES:
        return None
    if any(_title_key(w.text) in _title_words()[0] for w in given):
        return None  # "Md" or "Me" alone: a title, no name
    mixed_case = not _is_upper(reading.text) and not _is_lower(reading.text)
    return given if all(_is_name_word(w, mixed_case) for w in given) else None


def greeting_name(display_name: str) -> str | None:
    """The first name a person would be greeted by, None when it cannot be established
    (see the module's conventions)."""
    reading = _read(display_name)
    if reading.uncertain or not reading.words:
        return None
    if _CJK.search(reading.words[0].text):
        return _cjk_greeting(reading)
    cased = [_cased_first_name(w.text, reading) for w in _given_words(reading) or []]
    if not cased or any(c is None for c in cased):
        return None
    greeting = " ".join(c for c in cased if c)
    return None if _is_ui_text(greeting) else greeting  # "You Wei": "you" is no greeting


def strip_alt_text(alt: str) -> str | None:
    """The name inside an image alternative text or link label such as "Photo de profil
    de X", "X's profile picture" or "View X's profile", as written; None for any other
    text or when what it wraps is no name."""
    text = " ".join(unicodedata.normalize("NFC", alt).split()).rstrip(" .!:;")
    for shape in ALT_TEXT_SHAPES:
        match = shape.match(text)
        if match:
            name = match.group("name").strip(" ,.:;")
            return None if _read(name).not_a_name else name
    return None


def _comparable(reading: _Reading) -> list[str]:
    if reading.words and _CJK.search(reading.words[0].text):
        return [_fold(reading.text).replace(" ", "")]
    return re.sub(f"[{_HYPHENS}]", " ", _fold(reading.text).replace("'", "")).split()


def _same_word(a: str, b: str) -> bool:
    """Equal words, or an initial ("s." / "s") and a word it abbreviates."""
    if a == b:
        return True
    short, long = sorted((a.rstrip("."), b.rstrip(".")), key=len)
    return len(short) == 1 and long.startswith(short)


def names_agree(a: str, b: str) -> bool:
    """Whether two readings of a person's name (card, profile, conversation header) name
    the same person (see the module's conventions)."""
    first, second = _read(a), _read(b)
    if first.not_a_name or second.not_a_name:
        return False
    (short, _), (long, longer) = sorted(
        ((_comparable(first), a), (_comparable(second), b)), key=lambda pair: len(pair[0])
    )
    if not short or short[0] != long[0]:
        return False  # first words match exactly: "J. Smith" does not say who J. is
    if not all(_same_word(x, y) for x, y in zip(short[1:], long[1:], strict=False)):
        return False
    if len(short) == len(long) or len(short) >= 2:
        return True
    return _comparable(_read(greeting_name(longer) or "")) == short
