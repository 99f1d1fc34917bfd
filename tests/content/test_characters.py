"""Every character `avv check` lets through has a glyph in the PDF's font, regular and bold."""

from __future__ import annotations

import subprocess

from fontTools.ttLib import TTFont

from avv.content.characters import ALLOWED, is_allowed, refused


def font_file(style: str) -> str:
    done = subprocess.run(
        ["fc-match", "-f", "%{file}", f"DejaVu Sans:style={style}"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def test_every_allowed_character_is_in_the_pdf_font() -> None:
    glyphs = [TTFont(font_file(style)).getBestCmap() for style in ("Book", "Bold")]
    allowed = [
        chr(code) for low, high in ALLOWED for code in range(low, high + 1) if is_allowed(chr(code))
    ]
    assert len(allowed) > 1500
    missing = [f"U+{ord(c):04X}" for c in allowed if any(ord(c) not in cmap for cmap in glyphs)]
    assert missing == []


def test_the_content_of_the_agreement_needs_nothing_else() -> None:
    assert (
        refused("Vereinbarung über die Auftragsverarbeitung gemäß Art. 28 – „Anlage 2“ €") is None
    )


def test_invisible_and_unprintable_characters_are_named() -> None:
    zero_width = refused("ab\u200bc")
    assert zero_width is not None and zero_width.column == 3
    for text, kind in (
        ("x\ny", "ein Steuerzeichen (Zeilenumbruch, U+000A)"),
        ("\u00adweich", "ein unsichtbares Zeichen (SOFT HYPHEN, U+00AD)"),
        ("\u2028", "ein Steuerzeichen (LINE SEPARATOR, U+2028)"),
        ("🙂", "ein Zeichen, das die Schrift der PDF-Fassung nicht hat (SLIGHTLY SMILING FACE"),
    ):
        found = refused(text)
        assert found is not None and found.described.startswith(kind), (text, found)
