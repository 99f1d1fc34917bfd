"""Typed reading of YAML with the line of every value, so each problem names its line.

PyYAML's `compose` keeps the position of every node; `safe_load` would lose it, and it silently
keeps the last of two equal keys.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from datetime import date

import yaml

from avv.errors import Problem


class Fields:
    """A YAML mapping read field by field; what is wrong becomes a `Problem`, never an exception."""

    def __init__(
        self, node: yaml.Node, path: str, problems: list[Problem], what: str, line: int = 0
    ) -> None:
        self.path = path
        self.problems = problems
        self.what = what
        self.line = line or node.start_mark.line + 1
        self._nodes: dict[str, yaml.Node] = {}
        self._keys: dict[str, int] = {}
        self._read: set[str] = set()
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{what} must be a mapping of fields", "write `field: value` lines")
            return
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in self._nodes:
                self.problem(key_node, f"field '{key}' appears twice in {what}", "keep one of them")
            self._nodes[key] = value_node
            self._keys[key] = key_node.start_mark.line + 1

    def problem(self, node: yaml.Node | int, message: str, hint: str) -> None:
        line = node if isinstance(node, int) else node.start_mark.line + 1
        self.problems.append(Problem(self.path, line, message, hint))

    def line_of(self, key: str) -> int:
        return self._keys.get(key, self.line)

    def has(self, key: str) -> bool:
        return key in self._nodes

    def _get(self, key: str, required: bool) -> yaml.Node | None:
        self._read.add(key)
        node = self._nodes.get(key)
        if node is None and required:
            self.problem(self.line, f"{self.what} has no '{key}'", f"add `{key}: …`")
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
            if required:
                self.problem(node, f"'{key}' of {self.what} is empty", f"give `{key}` a value")
            return None
        return node

    def text(self, key: str, required: bool = True) -> str:
        node = self._get(key, required)
        if node is None:
            return ""
        if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
            self.problem(
                node, f"'{key}' of {self.what} must be a text", f"write `{key}: some text`"
            )
            return ""
        return str(node.value)

    def optional_text(self, key: str) -> str | None:
        return self.text(key, required=False) if self.has(key) else None

    def lines(self, key: str) -> tuple[str, ...]:
        """A text, or a list of texts for a cell of several lines."""
        node = self._get(key, True)
        if node is None:
            return ()
        if isinstance(node, yaml.ScalarNode):
            return (self.text(key),)
        return tuple(self.texts_of(node, f"'{key}' of {self.what}"))

    def texts(self, key: str, required: bool = True) -> tuple[str, ...]:
        node = self._get(key, required)
        if node is None:
            return ()
        return tuple(self.texts_of(node, f"'{key}' of {self.what}"))

    def texts_of(self, node: yaml.Node, what: str) -> Iterator[str]:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"{what} must be a list", "write one `- item` per line")
            return
        for item in node.value:
            if isinstance(item, yaml.ScalarNode) and str(item.value).strip():
                yield str(item.value)
            else:
                self.problem(item, f"an item of {what} must be a text", "write `- some text`")

    def date(self, key: str, required: bool = True) -> date | None:
        node = self._get(key, required)
        if node is None:
            return None
        try:
            if not isinstance(node, yaml.ScalarNode):
                raise ValueError
            return date.fromisoformat(str(node.value))
        except ValueError:
            self.problem(
                node,
                f"'{key}' of {self.what} is not a date: {_shown(node)}",
                "write an ISO date such as 2021-02-19",
            )
            return None

    def integer(self, key: str) -> int:
        node = self._get(key, True)
        if node is None:
            return 0
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:int":
            return int(str(node.value))
        self.problem(
            node,
            f"'{key}' of {self.what} must be a whole number: {_shown(node)}",
            f"write digits, e.g. `{key}: 3`",
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
            f"'{key}' of {self.what} must be true or false: {_shown(node)}",
            f"write `{key}: true`, or leave the field out for false",
        )
        return False

    def mapping(self, key: str, what: str, required: bool = True) -> Fields | None:
        node = self._get(key, required)
        if node is None:
            return None
        return Fields(node, self.path, self.problems, what, self.line_of(key))

    def sequence(self, key: str) -> list[yaml.Node]:
        node = self._get(key, True)
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.problem(
                node, f"'{key}' of {self.what} must be a list", "write one `- …` per entry"
            )
            return []
        return list(node.value)

    def done(self) -> None:
        """Reports the fields nobody read: a typo must not vanish silently."""
        for key in self._nodes.keys() - self._read:
            close = difflib.get_close_matches(key, self._read, n=1)
            known = ", ".join(sorted(self._read))
            hint = f"did you mean '{close[0]}'?" if close else f"known fields: {known}"
            self.problem(self._keys[key], f"unknown field '{key}' in {self.what}", hint)


# libyaml's parser where PyYAML has it: the same nodes and marks, ten times as fast (a publish
# parses every version of the history).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def compose(text: str, path: str, problems: list[Problem]) -> yaml.Node | None:
    """The YAML document of a file, or None with a problem where it does not parse."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        problems.append(
            Problem(path, line, f"YAML does not parse: {error.problem or error}", _yaml_hint(error))
        )
        return None
    except yaml.YAMLError as error:
        problems.append(Problem(path, 1, f"YAML does not parse: {error}", "check the syntax"))
        return None
    if node is None:
        problems.append(Problem(path, 1, "the file is empty", "restore its content"))
    return node


def _yaml_hint(error: yaml.MarkedYAMLError) -> str:
    if "mapping values are not allowed" in str(error.problem):
        return 'put a text that contains ": " in double quotes'
    return "check indentation, quotes and colons on this line and the one before"


def _shown(node: yaml.Node) -> str:
    value = node.value if isinstance(node, yaml.ScalarNode) else "a list or mapping"
    return repr(value)
