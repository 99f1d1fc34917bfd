"""Typed reading of YAML with the line of every value, so each problem names its line.

PyYAML's `compose` keeps the position of every node; `safe_load` would lose it, and it silently
keeps the last of two equal keys. Every text is one line of the characters `avv.content.characters`
allows: texts end up in e-mail headers, file names, URLs and the PDF.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import yaml

from avv.content import characters
from avv.errors import Problem
from avv.model import iso_date


class Fields:
    """A YAML mapping read field by field; what is wrong becomes a `Problem`, never an exception.

    `what` names the mapping in messages (an entry of a list, a group of fields); empty for the
    top of a file, which the path already names.
    """

    def __init__(
        self, node: yaml.Node, path: str, problems: list[Problem], what: str = "", line: int = 0
    ) -> None:
        self.path = path
        self.problems = problems
        self.what = what
        self.line = line or node.start_mark.line + 1
        self._nodes: dict[str, yaml.Node] = {}
        self._keys: dict[str, int] = {}
        self._read: set[str] = set()
        if not isinstance(node, yaml.MappingNode):
            self.problem(
                node,
                f"{what or 'die Datei'} muss aus Feldern bestehen",
                "je Zeile ein Feld `name: Wert` schreiben",
            )
            return
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in self._nodes:
                self.problem(
                    key_node, self._in(f"das Feld {key!r} steht zweimal da"), "eines davon löschen"
                )
            self._nodes[key] = value_node
            self._keys[key] = key_node.start_mark.line + 1

    def problem(self, node: yaml.Node | int, message: str, hint: str) -> None:
        line = node if isinstance(node, int) else node.start_mark.line + 1
        self.problems.append(Problem(self.path, line, message, hint))

    def _in(self, message: str) -> str:
        return f"{message} ({self.what})" if self.what else message

    def line_of(self, key: str) -> int:
        return self._keys.get(key, self.line)

    def has(self, key: str) -> bool:
        return key in self._nodes

    def _get(self, key: str, required: bool) -> yaml.Node | None:
        self._read.add(key)
        node = self._nodes.get(key)
        if node is None and required:
            self.problem(self.line, self._in(f"das Feld {key!r} fehlt"), f"`{key}: …` ergänzen")
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
            if required:
                self.problem(
                    node, self._in(f"das Feld {key!r} ist leer"), f"`{key}` einen Wert geben"
                )
            return None
        return node

    def text(self, key: str, required: bool = True) -> str:
        node = self._get(key, required)
        if node is None:
            return ""
        value = self._text(node, repr(key), f"`{key}: ein Text` schreiben")
        if key in characters.NAMES and (word := characters.mixed_word(value)):
            self.problem(
                node,
                self._in(f"{key!r}: {characters.mixed_described(word)}"),
                characters.MIXED_HINT,
            )
            return ""
        if key in characters.NAMES and characters.ENCODED_WORD.search(value):
            self.problem(
                node,
                self._in(f"{key!r} enthält „=?“ … „?=“, die Form eines kodierten Worts (RFC 2047)"),
                "anders schreiben: in der Kopfzeile einer E-Mail zeigte das Programm des Kunden "
                "statt dieses Textes einen anderen",
            )
            return ""
        return value

    def _text(self, node: yaml.Node, name: str, hint: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
            self.problem(node, self._in(f"{name} muss ein Text sein"), hint)
            return ""
        value = str(node.value)
        if found := characters.refused(value):
            self.problem(node, self._in(f"{name} enthält {found.described}"), characters.HINT)
            return ""
        return value

    def optional_text(self, key: str) -> str | None:
        return self.text(key, required=False) if self.has(key) else None

    def lines(self, key: str) -> tuple[str, ...]:
        """A text, or a list of texts for a cell of several lines."""
        node = self._get(key, True)
        if node is None:
            return ()
        if isinstance(node, yaml.ScalarNode):
            return (self.text(key),)
        return tuple(self.texts_of(node, key))

    def texts(self, key: str, required: bool = True) -> tuple[str, ...]:
        node = self._get(key, required)
        if node is None:
            return ()
        return tuple(self.texts_of(node, key))

    def texts_of(self, node: yaml.Node, key: str) -> Iterator[str]:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(
                node, self._in(f"{key!r} muss eine Liste sein"), "je Zeile einen Punkt `- …`"
            )
            return
        for item in node.value:
            if text := self._text(item, f"ein Punkt von {key!r}", "`- ein Text` schreiben"):
                yield text

    def date(self, key: str, required: bool = True) -> date | None:
        node = self._get(key, required)
        if node is None:
            return None
        day = iso_date(str(node.value)) if isinstance(node, yaml.ScalarNode) else None
        if day is None:
            self.problem(
                node,
                self._in(f"{key!r} ist kein Datum: {_shown(node)}"),
                "als JJJJ-MM-TT schreiben, z. B. 2021-02-19 (ein Tag der Jahre 1900 bis 2999)",
            )
        return day

    def integer(self, key: str) -> int:
        node = self._get(key, True)
        if node is None:
            return 0
        if isinstance(node, yaml.ScalarNode) and re.fullmatch(r"\d{1,6}", node.value, re.ASCII):
            return int(node.value)
        self.problem(
            node,
            self._in(f"{key!r} muss eine ganze Zahl sein: {_shown(node)}"),
            f"Ziffern schreiben, z. B. `{key}: 3`",
        )
        return 0

    def boolean(self, key: str) -> bool:
        node = self._get(key, False)
        if node is None:
            return False
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:bool":
            return str(node.value).lower() in ("true", "yes", "on")
        self.problem(
            node,
            self._in(f"{key!r} muss true oder false sein: {_shown(node)}"),
            f"`{key}: true` schreiben, oder das Feld für false weglassen",
        )
        return False

    def mapping(self, key: str, what: str, required: bool = True) -> Fields | None:
        node = self._get(key, required)
        if node is None:
            return None
        return Fields(node, self.path, self.problems, what, self.line_of(key))

    def sequence(self, key: str) -> list[yaml.Node]:
        """The entries of a list, which must have at least one: later code counts on it."""
        node = self._get(key, True)
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.problem(
                node, self._in(f"{key!r} muss eine Liste sein"), "je Eintrag eine Zeile `- …`"
            )
            return []
        if not node.value:
            self.problem(
                node,
                self._in(f"die Liste {key!r} ist leer"),
                "mindestens einen Eintrag `- …` anlegen",
            )
        return list(node.value)

    def done(self) -> None:
        """Reports the fields nobody read: a typo must not vanish silently."""
        for key in self._nodes.keys() - self._read:
            close = difflib.get_close_matches(key, self._read, n=1)
            known = ", ".join(sorted(self._read))
            hint = f"gemeint ist wohl {close[0]!r}" if close else f"bekannte Felder: {known}"
            self.problem(self._keys[key], self._in(f"unbekanntes Feld {key!r}"), hint)


def compose(text: str, path: str, problems: list[Problem]) -> yaml.Node | None:
    """The YAML document of a file, or None with a problem where it does not parse."""
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as error:
        advice = _advice(error)
        problems.append(Problem(path, advice.line, f"YAML-Fehler: {advice.message}", advice.hint))
        return None
    except yaml.YAMLError as error:
        problems.append(
            Problem(
                path,
                1,
                f"YAML-Fehler: die Datei ist so nicht lesbar ({error})",
                "Einrückung, Doppelpunkte und Anführungszeichen prüfen",
            )
        )
        return None
    if node is None:
        problems.append(Problem(path, 1, "die Datei ist leer", "ihren Inhalt wiederherstellen"))
    return node


# libyaml's parser where PyYAML has it: the same nodes and marks, six times as fast (a publish
# parses every version of the history).
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def _compose(text: str) -> yaml.Node | None:
    """Where libyaml fails, PyYAML's own parser raises: its messages and lines are the ones the
    problems report."""
    if _FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


@dataclass(frozen=True)
class TopField:
    """A top-level field as written: the line of its key, and its value as text where it is a
    single value (`2021-02-19` stays text), None where it is null or a list or mapping."""

    line: int
    text: str | None


def top_fields(text: str) -> dict[str, TopField]:
    """The top-level fields of a YAML mapping by name, without checking them: for the line of a
    field in a message, or a version's id in the history. Empty where the text is no mapping."""
    try:
        node = _compose(text)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {
        str(key.value): TopField(key.start_mark.line + 1, _text(value)) for key, value in node.value
    }


def _text(node: yaml.Node) -> str | None:
    if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
        return None
    return str(node.value)


@dataclass(frozen=True)
class _Advice:
    line: int
    message: str
    hint: str


def _advice(error: yaml.MarkedYAMLError) -> _Advice:
    """PyYAML's error in plain words, at the line where the mistake is, not where it was noticed."""
    problem, context = str(error.problem or ""), str(error.context or "")
    at_problem = error.problem_mark.line + 1 if error.problem_mark else 1
    at_context = error.context_mark.line + 1 if error.context_mark else at_problem
    if "'\\t'" in problem:
        return _Advice(
            at_problem,
            "ein Tabulator in der Einrückung",
            "mit Leerzeichen einrücken, nie mit dem Tabulator",
        )
    if "quoted scalar" in context and "end of stream" in problem:
        return _Advice(
            at_context,
            "ein Anführungszeichen wird geöffnet, aber nicht geschlossen",
            "das Anführungszeichen am Ende des Textes schließen",
        )
    if "simple key" in context:
        return _Advice(
            at_context,
            "hier fehlt der Doppelpunkt nach dem Feldnamen",
            "`name: Wert` schreiben, mit Doppelpunkt und Leerzeichen",
        )
    if "mapping values are not allowed" in problem:
        return _Advice(
            at_problem,
            "ein Doppelpunkt mit Leerzeichen (`: `) mitten im Text",
            'den ganzen Text in doppelte Anführungszeichen setzen: `feld: "…: …"`',
        )
    if "expected <block end>" in problem:
        return _Advice(
            at_problem,
            "die Einrückung dieser Zeile passt nicht zu den Zeilen darüber",
            "genau so weit einrücken wie die anderen Felder desselben Eintrags",
        )
    if "flow" in context:
        return _Advice(
            at_context,
            "eine Klammer ([ oder {) wird geöffnet, aber nicht geschlossen",
            'die Klammer schließen, oder den Text in doppelte Anführungszeichen setzen: `"[…"`',
        )
    if "escape" in problem:
        return _Advice(
            at_problem,
            "ein Backslash (\\) in doppelten Anführungszeichen",
            "einfache Anführungszeichen verwenden, oder den Backslash verdoppeln",
        )
    if "cannot start any token" in problem or "alias" in problem or "anchor" in context:
        return _Advice(
            at_problem,
            "ein Text beginnt mit einem Sonderzeichen (@, `, %, * oder &)",
            "den Text in doppelte Anführungszeichen setzen",
        )
    if "another document" in problem:
        return _Advice(
            at_problem,
            "eine Zeile `---` teilt die Datei in zwei",
            "die Zeile `---` löschen",
        )
    return _Advice(
        at_problem,
        f"die Datei ist so nicht lesbar ({problem or error})",
        "Einrückung, Doppelpunkte und Anführungszeichen in dieser und der Zeile davor prüfen",
    )


def _shown(node: yaml.Node) -> str:
    value = node.value if isinstance(node, yaml.ScalarNode) else "eine Liste oder Gruppe"
    return repr(value)
