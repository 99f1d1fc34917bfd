"""The Jinja2 templates of every HTML and text output, shipped as package data in avv/templates/.

Templates in `html/` and `site/` are autoescaped: every text from the content is escaped for HTML
unless a template marks it otherwise. Templates in `text/` (plain text, the e-mail's text part,
GitHub Markdown) are not escaped for HTML; what they need of Markdown they ask for explicitly.

This module is the one place that escapes by hand: the filter `md` for the Markdown that MkDocs
still needs (the site's headings, which become the table of contents, and the text around links
that MkDocs checks) and for the GitHub Markdown of the pull request's summary, and `theme_text`
for the page titles and navigation that the theme renders without autoescape.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup, escape

from avv.german import country_name, format_date

TEXT = "text/"


def _autoescape(name: str | None) -> bool:
    return name is None or not name.startswith(TEXT)


# HTML and the syntax characters of Markdown (and of its extensions attr_list and toc). As
# numeric character references, GitHub's Markdown and Python-Markdown both show them as the
# characters themselves, in running text, in table cells and inside HTML blocks alike.
_MARKDOWN_SYNTAX = re.compile(r"[<>&\\`*_\[\]!{}#|~]")


def markdown_escape(text: str) -> str:
    """Text written into Markdown so that it shows as written, never as markup."""
    return _MARKDOWN_SYNTAX.sub(lambda match: f"&#{ord(match.group(0))};", text)


@pass_eval_context
def _md(context: EvalContext, text: object) -> str:
    """Shown as written in Markdown: HTML and Markdown syntax as character references, which
    are safe in HTML too (marked so in an autoescaped template, plain text in the others)."""
    escaped = markdown_escape(str(text))
    return Markup(escaped) if context.autoescape else escaped


_LINE_START = re.compile(r"^(\s*)(\d+)([.)])|^(\s*)([#>+-])")


def _md_line_start(line: str) -> str:
    """A line of Markdown that must not start a list, heading or quote: its marker escaped."""
    return _LINE_START.sub(lambda m: m.group(0)[:-1] + "\\" + m.group(0)[-1], line)


_CODE_SPAN = re.compile(r"(`[^`\n]*`)")


def _md_prose(text: object) -> str:
    """A message of the checks in GitHub Markdown: its own code spans stay (shown as written
    anyway, a pipe in them kept inside its table cell), and everything else, the texts from the
    content among it, is escaped as `md` escapes: no image, link or HTML from a name."""
    parts = _CODE_SPAN.split(str(text))
    return "".join(
        part.replace("|", "\\|") if odd % 2 else markdown_escape(part)
        for odd, part in enumerate(parts)
    )


def _md_code(text: str) -> str:
    """Text for a Markdown code span, which nothing can escape: its backticks made quotes."""
    return text.replace("`", "'")


def _oneline(text: str) -> str:
    return " ".join(text.split())


def _mailto(address: str) -> str:
    return f"mailto:{quote(address, safe='@.+-_')}"


def theme_text(text: str) -> str:
    """Text for the theme's own templates (page titles, the navigation), which MkDocs renders
    without autoescape."""
    return str(escape(text))


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("avv", "templates"),
        autoescape=_autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=_md,
        md_line_start=_md_line_start,
        md_code=_md_code,
        md_prose=_md_prose,
        oneline=_oneline,
        mailto=_mailto,
        date=format_date,
        country=country_name,
    )
    return env


def render(name: str, **context: Any) -> str:
    """The template `name` (e.g. `html/notice.html.j2`) filled with `context`."""
    return environment().get_template(name).render(**context)
