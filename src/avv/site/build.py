"""`avv build` and `avv serve`: MkDocs run in-process, so that every warning is counted.

`mkdocs build --strict` exits 0 despite some warnings, and `-v` turns the anchor checks off; here
a logging handler on the engine's logger (`mkdocs`, or `properdocs`, which `mkdocs.*` reaches
under ProperDocs) collects every WARNING and ERROR, and any of them fails the build. The site is
built into a temporary folder beside the target and moved into place only when it is complete,
so a failed build leaves nothing half-built.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from mkdocs import exceptions
from mkdocs.commands import build as mkdocs_build
from mkdocs.commands import serve as mkdocs_serve
from mkdocs.config import load_config

from avv.errors import AvvError
from avv.logs import collected
from avv.site import engine
from avv.site.adapter import DEPLOYED_VARIABLE, VERSION_VARIABLE

CONFIG = "mkdocs.yml"
# Material prints an end-of-life banner on stderr when it loads, unless this is set.
QUIET = ("NO_MKDOCS_2_WARNING", "1")


class BuildFailed(AvvError):
    """MkDocs reported warnings or errors; the message lists them, one a line."""


def build_site(
    repo: Path, site_dir: Path, version: str | None = None, deployed: date | None = None
) -> None:
    """Builds the site of `version` (None: the work tree) into `site_dir`, or raises BuildFailed
    listing every warning, with `site_dir` left as it was. `deployed` is the day a publish
    deploys it: its notice is dated by the day it really goes out."""
    config_file = repo / CONFIG
    if not config_file.is_file():
        raise AvvError(f"{config_file} fehlt — avv build im Repository ausführen (oder --repo)")
    os.environ.setdefault(*QUIET)
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-", dir=site_dir.parent))
    try:
        with (
            _variable(VERSION_VARIABLE, version),
            _variable(DEPLOYED_VARIABLE, deployed.isoformat() if deployed else None),
            collected(engine.LOGGER) as records,
        ):
            try:
                config = load_config(config_file=str(config_file), site_dir=str(staging))
                config.plugins.on_startup(command="build", dirty=False)
                try:
                    mkdocs_build.build(config)
                finally:
                    config.plugins.on_shutdown()
            except (exceptions.MkDocsException, exceptions.Abort) as error:
                failure = str(error)
            else:
                failure = ""
        messages = [f"{r.levelname}: {r.getMessage()}" for r in records] or [f"ERROR: {failure}"]
        if records or failure:
            count = len(messages)
            raise BuildFailed(
                f"die Website hat {count} Problem{'e' if count != 1 else ''}:\n"
                + "\n".join(messages)
            )
        _replace(site_dir, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def serve_site(repo: Path, dev_addr: str | None = None) -> None:
    """Serves the work tree's site with live reload of edits to contract/ and annexes/."""
    config_file = repo / CONFIG
    if not config_file.is_file():
        raise AvvError(f"{config_file} fehlt — avv serve im Repository ausführen (oder --repo)")
    os.environ.setdefault(*QUIET)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger(engine.LOGGER)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        mkdocs_serve.serve(config_file=str(config_file), dev_addr=dev_addr)
    except (exceptions.MkDocsException, exceptions.Abort) as error:
        raise AvvError(str(error)) from error
    finally:
        logger.removeHandler(handler)


def _replace(site_dir: Path, staging: Path) -> None:
    """Puts the finished build at `site_dir`, the previous one removed only after the move."""
    old = None
    if site_dir.exists():
        old = site_dir.with_name(f".{site_dir.name}-old-{os.getpid()}")
        site_dir.rename(old)
    staging.rename(site_dir)
    if old is not None:
        shutil.rmtree(old)


@contextmanager
def _variable(name: str, value: str | None) -> Iterator[None]:
    """An environment variable for the hooks (AVV_VERSION, AVV_DEPLOYED), for one build."""
    before = os.environ.get(name)
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before
