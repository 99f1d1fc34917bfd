"""The contract's Markdown, read into title, preamble, sections and clauses.

The text uses a small, fixed part of Markdown, so that every line has one meaning:

    # Title
    ## VI. Subaufträge             a section
    - c. Änderungen …              a lettered clause (id `vi-c`)
        - an item                  an item of the clause above
    - Dieser Vertrag …             an unlettered bullet (id `iv-1`, by position)
    A paragraph.                   an unlettered paragraph (id by position)
    {{ datenkategorien }}          a block of data from annexes/ or contract/meta.yaml
    **bold**                       emphasis inside a text

Anything else (other headings, raw HTML) is a problem, not silently something else; so is a tab,
which would turn a clause or an item into a paragraph without a trace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from avv.content import characters
from avv.errors import Problem
from avv.model import BLOCKS, Clause, ClauseKind, Section, Source

SECTION = re.compile(r"^## +([IVXLC]+)\. +(\S.*)$")
LETTERED = re.compile(r"^- +([a-z])\. +(\S.*)$")
BULLET = re.compile(r"^- +(\S.*)$")
ITEM = re.compile(r"^ {2,}- +(\S.*)$")
CONTINUATION = re.compile(r"^ {2,}(\S.*)$")
BLOCK = re.compile(r"^\{\{ *([^ }]*) *\}\}$")
RAW_HTML = re.compile(r"</?[A-Za-z][^>]*>|<!--")
# Three or more asterisks are no emphasis of this Markdown, and empty emphasis marks nothing:
# each output would read them differently.
STARS = re.compile(r"\*{3,}")

SIGNATURE_BLOCK = "unterschriften"


@dataclass
class ContractText:
    title: str = ""
    preamble: list[Clause] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    signature: Source | None = None


@dataclass
class _Open:
    """The clause being read: lines may still be added to it."""

    kind: ClauseKind
    label: str
    lines: list[str]
    items: list[list[str]]
    block: str | None
    line: int


class _Reader:
    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        self.result = ContractText()
        self.section: tuple[str, str, int] | None = None
        self.clauses: list[Clause] = []
        self.open: _Open | None = None

    def problem(self, line: int, message: str, hint: str) -> None:
        self.problems.append(Problem(self.path, line, message, hint))

    def read(self, text: str) -> ContractText:
        # Lines as an editor counts them: split at line breaks only, not at form feeds and the like.
        for number, line in enumerate(text.split("\n"), start=1):
            self.read_line(number, line.rstrip())
        self.close_section()
        if not self.result.title:
            self.problem(1, "der Vertrag hat keinen Titel", "die Datei mit `# <Titel>` beginnen")
        return self.result

    def read_line(self, number: int, line: str) -> None:
        if "\t" in line:
            self.problem(
                number,
                f"ein Tabulator in Spalte {line.index(chr(9)) + 1}",
                "mit Leerzeichen einrücken: ein Tabulator macht aus einer Klausel oder einem "
                "Punkt unbemerkt einen Absatz",
            )
        if (found := characters.refused(line.replace("\t", " "))) is not None:
            self.problem(number, f"{found.described} in Spalte {found.column}", characters.HINT)
        if RAW_HTML.search(line):
            self.problem(number, "HTML im Vertragstext", "reinen Text schreiben; fett mit **…**")
        if (stars := STARS.search(line)) is not None:
            self.problem(
                number,
                f"{len(stars.group())} Sternchen in Folge in Spalte {stars.start() + 1}",
                "fett mit **…** um den Text schreiben, der fett sein soll; sonst die Sternchen "
                "löschen",
            )
        if self.result.signature is not None and line.strip():
            self.problem(
                number,
                "Text nach {{ unterschriften }}",
                "der Unterschriftenblock beendet den Vertrag: diesen Text davor setzen",
            )
            return
        if not line.strip():
            self.close_clause()
        elif line.startswith("#"):
            self.read_heading(number, line)
        elif match := BLOCK.match(line):
            self.read_block(number, match.group(1))
        elif match := LETTERED.match(line):
            self.start(number, "lettered", f"{match.group(1)}.", match.group(2))
        elif match := BULLET.match(line):
            self.start(number, "bullet", "", match.group(1))
        elif match := ITEM.match(line):
            self.add_item(number, match.group(1))
        elif (match := CONTINUATION.match(line)) and self.open:
            self.continue_clause(match.group(1))
        elif self.open and self.open.kind == "paragraph":
            self.open.lines.append(line.strip())
        else:
            self.start(number, "paragraph", "", line.strip())

    def read_heading(self, number: int, line: str) -> None:
        self.close_clause()
        if line.startswith("# ") and not self.result.title and self.section is None:
            self.result.title = line[2:].strip()
        elif match := SECTION.match(line):
            self.close_section()
            self.section = (match.group(1), match.group(2).strip(), number)
        else:
            self.problem(
                number,
                f"unerwartete Überschrift {line!r}",
                "eine Abschnittsüberschrift lautet `## <römische Zahl>. <Titel>`, z. B. "
                "`## VI. Subaufträge`",
            )

    def read_block(self, number: int, name: str) -> None:
        self.close_clause()
        if name not in BLOCKS:
            self.problem(
                number,
                f"unbekannter Block {{{{ {name} }}}}",
                f"einen der bekannten Blöcke schreiben: {', '.join(BLOCKS)}",
            )
            return
        if name == SIGNATURE_BLOCK:
            self.close_section()
            self.result.signature = Source(self.path, number)
            return
        self.open = _Open("block", "", [], [], name, number)
        self.close_clause()

    def start(self, number: int, kind: ClauseKind, label: str, text: str) -> None:
        self.close_clause()
        self.open = _Open(kind, label, [text], [], None, number)

    def add_item(self, number: int, text: str) -> None:
        if self.open is None or self.open.kind == "block":
            self.problem(
                number,
                "ein eingerückter Punkt ohne Klausel darüber",
                "Punkte nur unter einer Klausel `- …` einrücken",
            )
            return
        self.open.items.append([text])

    def continue_clause(self, text: str) -> None:
        assert self.open is not None
        (self.open.items[-1] if self.open.items else self.open.lines).append(text)

    def close_clause(self) -> None:
        if self.open is None:
            return
        opened, self.open = self.open, None
        owner = self.section[0].lower() if self.section else "praeambel"
        position = sum(1 for clause in self.clauses if clause.kind != "lettered") + 1
        clause_id = f"{owner}-{opened.label[:-1]}" if opened.label else f"{owner}-{position}"
        self.clauses.append(
            Clause(
                id=clause_id,
                label=opened.label,
                text=" ".join(opened.lines),
                kind=opened.kind,
                items=tuple(" ".join(item) for item in opened.items),
                block=opened.block,
                source=Source(self.path, opened.line),
            )
        )

    def close_section(self) -> None:
        self.close_clause()
        clauses, self.clauses = tuple(self.clauses), []
        if self.section is None:
            self.result.preamble.extend(clauses)
            return
        number, title, line = self.section
        self.result.sections.append(
            Section(number.lower(), number, title, clauses, Source(self.path, line))
        )
        self.section = None


def read_contract_text(text: str, path: str, problems: list[Problem]) -> ContractText:
    return _Reader(path, problems).read(text)
