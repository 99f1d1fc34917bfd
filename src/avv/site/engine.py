"""The site engine: MkDocs 1.6, or ProperDocs, its maintained fork, where that is installed.

Material for MkDocs ends on 5 May 2027 and MkDocs 1.6 is unmaintained; ProperDocs continues
MkDocs 1.6 under its own name and answers to MkDocs' module names (its `replacement` module
makes every `mkdocs.*` import load `properdocs.*`), so the site code imports `mkdocs.*` and runs
on either. The engine is the one the environment has: ProperDocs where it is installed (`pip
install avv[properdocs]`), as mike 2.2 chooses it, so that avv and mike build alike; MkDocs
otherwise. The choice is made once per process, before the first `mkdocs` import (avv.site and
avv.publish import this module first), and never where an engine already runs: the hooks loaded
by `mkdocs build` or `properdocs build` keep the engine that loaded them.

Nothing below avv.site depends on either: the domain returns data.
"""

from __future__ import annotations

import importlib.util
import logging
import sys

MKDOCS, PROPERDOCS = "mkdocs", "properdocs"


def _choose() -> str:
    running = sys.modules.get(MKDOCS)
    if running is not None:  # loaded by an engine's own command, or chosen before
        return PROPERDOCS if running.__name__ == PROPERDOCS else MKDOCS
    if importlib.util.find_spec(PROPERDOCS) is None:
        return MKDOCS
    import properdocs.replacement  # noqa: F401  (mkdocs.* → properdocs.*)

    # As `properdocs` itself does: what hooks and plugins log under `mkdocs.` is ProperDocs'.
    legacy = logging.getLogger(MKDOCS)
    legacy.parent = logging.getLogger(PROPERDOCS)
    legacy.propagate = True
    return PROPERDOCS


NAME = _choose()
"""The engine of this process: "mkdocs" or "properdocs"."""

LOGGER = NAME
"""The logger every warning of a build reaches (`mkdocs.*` propagates to it under ProperDocs)."""
