"""The German words for what happened in a change, written once: the redline (HTML, Markdown,
Word, PDF), the synopsis, the notice and the pull-request check all read them here.

Two kinds of thing change, and each has its words. The text (a section, a clause, an item of a
list) is new, struck (gestrichen), changed, unchanged, moved or renumbered. An entry of a table (a
row of an annex, or a value of one of its fields) is new, removed (entfernt), changed, or
replaced in its row by another. Inside a text, words are inserted (eingefügt) or
deleted (gelöscht), as the hidden labels of the marks tell a screen reader.
"""

from __future__ import annotations

from typing import Final

TEXT: Final = {
    "added": "neu",
    "removed": "gestrichen",
    "changed": "geändert",
    "unchanged": "unverändert",
    "moved": "verschoben",
    "relabelled": "neu nummeriert",
}
ENTRY: Final = {
    "added": "neu",
    "removed": "entfernt",
    "changed": "geändert",
    "replaced": "ersetzt",
}
MARKS: Final = {"insert": "eingefügt", "delete": "gelöscht"}
