"""Warnings that libraries only log, collected so that the caller can fail on them."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def collected(logger: str) -> Iterator[list[logging.LogRecord]]:
    """The WARNING and ERROR records of `logger` and its children while the block runs."""
    handler = _Collect()
    target = logging.getLogger(logger)
    target.addHandler(handler)
    try:
        yield handler.records
    finally:
        target.removeHandler(handler)
