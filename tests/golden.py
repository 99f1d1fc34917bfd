"""The visible text of everything a customer or reviewer reads of the demo history.

The golden file `tests/data/golden-demo.json` holds, per page and per output, its text as a reader
sees it: one line per block (paragraph, heading, list item, cell), white space collapsed. The
presentation may change its markup freely; what it says must stay, so `test_golden` compares a
fresh snapshot with the file. After a deliberate change of wording, write the file anew:

    .venv/bin/python -m tests.golden

and name the difference in the commit message.
"""

from __future__ import annotations

import difflib
import email
import email.policy
import hashlib
import json
import sys
import tempfile
from collections.abc import Iterable
from datetime import date
from email.message import EmailMessage
from itertools import combinations, pairwise
from pathlib import Path

import feedparser
import markdown
from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString

from avv import demo
from avv.changes import redline
from avv.content import canonical
from avv.documents import notice_render, redline_render
from avv.documents.document import document_html
from avv.notices import notice
from avv.published import feed
from avv.pull_request import check as pr_check
from avv.repo import history
from avv.site.build import build_site

GOLDEN = Path(__file__).resolve().parent / "data" / "golden-demo.json"
# The demo's versions depend on the day it is made: this one fixes them.
TODAY = date(2024, 6, 3)
NOW = f"{TODAY.isoformat()}T12:00:00"  # the browser's clock on TODAY
BLOCKS = frozenset(
    "address article aside blockquote br caption dd details div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr label legend li main nav ol option p pre section "
    "select summary table tbody td tfoot th thead tr ul".split()
)
INVISIBLE = ("script", "style", "svg", "template", "noscript", "head")


def visible_lines(markup: str) -> list[str]:
    """The text of an HTML page or fragment as a reader sees it, a line per block."""
    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup.find_all(INVISIBLE):
        tag.decompose()
    parts: list[str] = []
    _walk(soup, parts)
    return lines("".join(parts))


def _walk(node: Tag, parts: list[str]) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:
                parts.append(str(child))
        elif isinstance(child, Tag):
            block = child.name in BLOCKS
            if block:
                parts.append("\n")
            _walk(child, parts)
            if block:
                parts.append("\n")


def markdown_lines(text: str) -> list[str]:
    """Markdown as a reader sees it once rendered (GitHub renders the pull request's summary)."""
    return visible_lines(markdown.markdown(text, extensions=["tables"]))


def lines(text: str) -> list[str]:
    """Lines with their white space collapsed and soft hyphens (a place to break a word, shown
    only where it breaks) dropped; empty lines dropped."""
    text = text.replace("\u00ad", "")
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _site(site: Path, version: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(site.rglob("*")):
        name = path.relative_to(site).as_posix()
        if name.endswith(".html") and not name.startswith(("search/", "hilfe/")):
            if name != "404.html":
                found[f"{version}/{name}"] = visible_lines(path.read_text(encoding="utf-8"))
        elif name.endswith(".txt"):
            found[f"{version}/{name}"] = lines(path.read_text(encoding="utf-8"))
        elif name.endswith(".eml"):
            found[f"{version}/{name}"] = _mail(path.read_bytes())
    return found


def _mail(data: bytes) -> list[str]:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    heads = [f"{key}: {message[key]}" for key in ("Subject", "From", "To", "Date", "Message-ID")]
    text = message.get_body(("plain",))
    markup = message.get_body(("html",))
    assert text is not None and markup is not None
    html_part = visible_lines(markup.get_content())
    return [*heads, *lines(text.get_content()), "--- html ---", *html_part]


def snapshot(folder: Path) -> dict[str, list[str]]:
    """Every page of every version's build, its downloads, the redlines, notices, feed and pull
    request summaries of the demo history made in `folder`."""
    repo = demo.create(folder / "demo", TODAY)
    versions = history.versions(repo)
    found: dict[str, list[str]] = {}
    for version in versions:
        site = folder / "site" / version.id
        build_site(repo, site, version.id)
        found.update(_site(site, version.id))
        found[f"{version.id}/document"] = visible_lines(document_html(version.agreement))
    for old, new in combinations(versions, 2):
        pair = f"{old.id}..{new.id}"
        compared = redline.redline(old.agreement, new.agreement)
        found[f"compare {pair} md"] = markdown_lines(redline_render.render_markdown(compared))
        found[f"compare {pair} html"] = visible_lines(redline_render.render_document(compared))
        data = canonical.dumps(redline_render.to_json(compared)).encode("utf-8")
        found[f"compare {pair} json"] = [f"sha256 {hashlib.sha256(data).hexdigest()}"]
    for old, new in pairwise(versions):
        pair = f"{old.id}..{new.id}"
        drafted = notice.notice_for(old.agreement, new.agreement)
        if drafted is not None:
            found[f"notice {pair} md"] = markdown_lines(notice_render.render_markdown(drafted))
            found[f"notice {pair} html"] = visible_lines(
                notice_render.render_html_document(drafted)
            )
            found[f"notice {pair} text"] = lines(notice_render.render_text(drafted))
        # Without findings: their wording belongs to the checks, not to the presentation.
        base = pr_check.Base("main", old.commit, old.agreement, old.files, frozenset())
        summary = pr_check.summary(base, new.agreement, ())
        found[f"pr summary {pair}"] = markdown_lines(summary)
    atom = feed.atom_feed(
        feed.consecutive([v.agreement for v in versions]), "https://avv.example.com/"
    )
    found["feed.xml"] = _feed(atom)
    return found


def _feed(atom: str) -> list[str]:
    parsed = feedparser.parse(atom)
    result = [parsed.feed.title, parsed.feed.subtitle]
    for entry in parsed.entries:
        result += [entry.id, entry.title, entry.link, entry.summary]
        result += visible_lines(entry.content[0].value)
    return result


def write(found: dict[str, list[str]], path: Path = GOLDEN) -> None:
    """The snapshot as JSON; a page that reads like an earlier one names it instead."""
    seen: dict[tuple[str, ...], str] = {}
    stored: dict[str, list[str] | str] = {}
    for name, text in found.items():
        key = tuple(text)
        stored[name] = seen.get(key, text) if key in seen else text
        seen.setdefault(key, f"same as {name}")
    path.write_text(json.dumps(stored, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


def read(path: Path = GOLDEN) -> dict[str, list[str]]:
    stored: dict[str, list[str] | str] = json.loads(path.read_text(encoding="utf-8"))
    found: dict[str, list[str]] = {}
    for name, text in stored.items():
        found[name] = found[text.removeprefix("same as ")] if isinstance(text, str) else text
    return found


def differences(found: dict[str, list[str]], golden: dict[str, list[str]]) -> Iterable[str]:
    """Per page, the lines that differ, as a unified diff."""
    for name in sorted(set(found) | set(golden)):
        old, new = golden.get(name), found.get(name)
        if old == new:
            continue
        if old is None or new is None:
            yield f"{name}: {'new' if old is None else 'gone'}"
            continue
        yield from difflib.unified_diff(old, new, f"golden {name}", f"now {name}", lineterm="")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as temp:
        write(snapshot(Path(temp)))
    sys.stdout.write(f"wrote {GOLDEN}\n")
