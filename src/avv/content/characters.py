"""The characters a text of the agreement may hold: what every output can show.

Texts go into e-mail headers, file names, URLs and the PDF. A line break in a name is a header
injection, a zero-width space or a bidi override makes a name look like another, and a character
the PDF's font (DejaVu Sans) has no glyph for fails the build after `avv check` has passed. So a
text holds only printable characters of the Latin, Greek and Cyrillic scripts and the usual
punctuation and symbols; tests/content/test_characters.py checks every one of them against the font.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Code point ranges, both ends included; the gaps are characters the font lacks or that are
# invisible (zero-width spaces, bidi controls, line and paragraph separators).
ALLOWED = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x024F),  # Latin-1 Supplement, Latin Extended-A and -B
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x04FF),  # Cyrillic
    (0x1E00, 0x1EFB),  # Latin Extended Additional
    (0x2010, 0x2027),  # dashes, quotation marks, bullets, ellipsis
    (0x202F, 0x205E),  # narrow no-break space, per mille, primes, …
    (0x20A0, 0x20B5),  # currency signs, € among them
    (0x2100, 0x2109),  # letterlike symbols: ℃ …
    (0x210B, 0x2149),  # … №, ™, Ω
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators: ≤, ≥, ×
)
_NAMES = {"\n": "Zeilenumbruch", "\r": "Wagenrücklauf", "\t": "Tabulator"}


@dataclass(frozen=True)
class Refused:
    """The first character a text may not hold, where it stands, and what kind it is."""

    character: str
    column: int
    kind: str

    @property
    def described(self) -> str:
        name = _NAMES.get(self.character) or unicodedata.name(self.character, "")
        code = f"U+{ord(self.character):04X}"
        return f"{self.kind} ({name}, {code})" if name else f"{self.kind} ({code})"


def _allowed(code: int) -> bool:
    return unicodedata.category(chr(code)) not in ("Cc", "Cf", "Cn", "Zl", "Zp")


_ALLOWED = frozenset(
    chr(code) for low, high in ALLOWED for code in range(low, high + 1) if _allowed(code)
)


def _runs(characters: frozenset[str]) -> str:
    """A regular expression's class of `characters`, as ranges of consecutive code points."""
    codes = sorted(map(ord, characters))
    starts = [c for c in codes if chr(c - 1) not in characters]
    ends = [c for c in codes if chr(c + 1) not in characters]
    return "".join(
        f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in zip(starts, ends, strict=True)
    )


# Every text of every version is searched for a character outside _ALLOWED: one regex, in C.
_REFUSED = re.compile(f"[^{_runs(_ALLOWED)}]")


def is_allowed(character: str) -> bool:
    return character in _ALLOWED


def refused(text: str) -> Refused | None:
    """The first character of `text` that no output can take, or None."""
    found = _REFUSED.search(text)
    if found is not None:
        character, column = found.group(), found.start() + 1
        category = unicodedata.category(character)
        if category in ("Cc", "Zl", "Zp"):
            kind = "ein Steuerzeichen"
        elif category == "Cf" or character.isspace():
            kind = "ein unsichtbares Zeichen"
        else:
            kind = "ein Zeichen, das die Schrift der PDF-Fassung nicht hat"
        return Refused(character, column, kind)
    return None


_WORDS = re.compile(r"[^\W\d_]+")
_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC")


def mixed_word(text: str) -> str | None:
    """The first word of `text` whose letters mix the Latin, Greek and Cyrillic scripts (a
    Cyrillic "а" in "rapidmail" reads as the same name and is another), or None."""
    for found in _WORDS.finditer(text):
        word = found.group()
        if word.isascii():
            continue
        scripts = {
            name.split(" ", 1)[0]
            for name in map(lambda c: unicodedata.name(c, ""), word)
            if name.startswith(_SCRIPTS)
        }
        if len(scripts) > 1:
            return word
    return None


def mixed_described(word: str) -> str:
    """What a message says of a word that mixes scripts, each letter outside ASCII named."""
    others = ", ".join(
        f"„{c}“ {unicodedata.name(c, '')} (U+{ord(c):04X})"
        for c in dict.fromkeys(word)
        if not c.isascii()
    )
    return f"das Wort „{word}“ mischt Schriften ({others})"


MIXED_HINT = (
    "das Wort in einer Schrift schreiben: ein kyrillisches oder griechisches Zeichen, das wie "
    "ein lateinisches aussieht, macht aus einem Namen unbemerkt einen anderen"
)
# A name goes into the From of the notice's e-mail, where "=?charset?encoding?text?=" is decoded
# by the reader's program: a name holding it would show another name.
ENCODED_WORD = re.compile(r"=\?[^?]*\?[^?]*\?[^?]*\?=")
# The fields that name or address someone: there a word may not mix scripts.
NAMES = frozenset(("name", "address", "street", "postal_code", "city", "signatory", "place"))

HINT = (
    "das Zeichen löschen oder ersetzen: erlaubt sind Buchstaben der lateinischen, griechischen "
    "und kyrillischen Schrift und die üblichen Satzzeichen, ein Text steht in einer Zeile"
)
