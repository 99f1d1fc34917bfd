"""MkDocs hooks of the AVV site: adapters to avv.site.adapter, which does the work.

MkDocs loads this file by path, registers it in sys.modules under its file name and does not put
the repository on sys.path: it imports the installed package, and its name must not be `avv`, or
it would take the package's place. `mike list` imports it too: nothing happens at import time.
"""

from __future__ import annotations

from typing import Any

from avv.site import adapter


def on_startup(command: str, dirty: bool) -> None:
    adapter.on_startup(command)


def on_config(config: Any) -> Any:
    return adapter.on_config(config)


def on_files(files: Any, config: Any) -> Any:
    return adapter.on_files(files, config)


def on_env(env: Any, config: Any, files: Any) -> Any:
    adapter.on_env(env, files, config)
    return env


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    adapter.on_page_content(html, page.file.src_uri, page.url, config)
    return html


def on_post_build(config: Any) -> None:
    adapter.on_post_build(config)


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    return adapter.on_serve(server, config)
