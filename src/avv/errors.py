"""The errors of the domain: one base class, and the list of problems of an invalid agreement."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class AvvError(Exception):
    """An error the user can fix; the CLI prints it without a traceback, hooks turn it into a
    PluginError."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, printed as `path:line: message — hint`."""

    path: str
    line: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}" + (f" — {self.hint}" if self.hint else "")


class InvalidAgreement(AvvError):
    """The content has problems; all of them, in file and line order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))
