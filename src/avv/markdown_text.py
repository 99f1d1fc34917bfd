"""Text from the content written into Markdown so that it shows as written, never as markup.

HTML and the syntax characters of Markdown (and of its extensions attr_list and toc) become
numeric character references: GitHub's Markdown and Python-Markdown both show them as the
characters themselves, in running text, in table cells and inside HTML blocks alike.
"""

from __future__ import annotations

import re

_SYNTAX = re.compile(r"[<>&\\`*_\[\]!{}#|~]")


def escape(text: str) -> str:
    return _SYNTAX.sub(lambda match: f"&#{ord(match.group(0))};", text)
