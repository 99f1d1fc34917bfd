"""The one setting of mkdocs.yml that commands need without building the site: `site_url`.

`avv notice` and `avv check --base` link their notice to the future site as its pages will. They
read mkdocs.yml as YAML rather than through MkDocs, whose `load_config` imports the theme, its
plugins and the hooks (a second each time). The tags MkDocs knows are read as MkDocs reads them:
`!ENV NAME` and `!ENV [NAME, …, default]` from the environment; any other tag (Python names of
Markdown extensions) is no setting of ours and is read as nothing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from avv.errors import AvvError

CONFIG = "mkdocs.yml"


class _Loader(yaml.SafeLoader):
    """A safe loader that knows MkDocs's `!ENV` and reads every other tag as None."""


def _environment(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """`!ENV NAME` or `!ENV [NAME, OTHER, default]`: the first variable that is set, else the
    last item of a list (its default), else None."""
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(loader.construct_scalar(node))
    if not isinstance(node, yaml.SequenceNode):
        return None
    items = [loader.construct_object(child) for child in node.value]
    for name in items[:-1] if len(items) > 1 else items:
        if isinstance(name, str) and name in os.environ:
            return os.environ[name]
    return items[-1] if len(items) > 1 else None


def _unknown(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_Loader.add_constructor("!ENV", _environment)
_Loader.add_multi_constructor("", _unknown)


def site_url(root: Path) -> str:
    """The site's address as `site_url` in `root`'s mkdocs.yml sets it; empty where it is not
    set or there is no mkdocs.yml (a repository of the agreement alone)."""
    path = root / CONFIG
    if not path.is_file():
        return ""
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise AvvError(
            f"{where}: kein gültiges YAML ({getattr(error, 'problem', error)}) — "
            "die Zeile berichtigen"
        ) from error
    value = config.get("site_url") if isinstance(config, dict) else None
    return str(value) if value else ""
