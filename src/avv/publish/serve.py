"""Serving the site branch as published (`avv demo --serve`): mike's server of a git branch, with
what a web host adds: a text file names its charset (UTF-8), and an address that does not exist
gets the branch's German 404.html. A port that is taken is said in German, before anything is
made: where the default is taken (by `avv serve`, say), the next free port is taken instead.
"""

from __future__ import annotations

import contextlib
import errno
import http.server
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mike import git_utils
from mike.server import GitBranchHTTPHandler

from avv.errors import AvvError
from avv.publish.site_branch import BRANCH
from avv.published.root_pages import NOT_FOUND
from avv.repo import history

# The types a browser reads as text: without a charset it guesses, and German turns to mojibake.
_TEXT = ("text/", "application/json", "application/xml", "application/javascript")
# Where the default address is taken, so many next ports are tried.
TRIES = 10


class ServeError(AvvError):
    """The site cannot be served."""


def split(address: str) -> tuple[str, int]:
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ServeError(
            f"{address!r} ist keine Adresse zum Ausliefern — als HOST:PORT schreiben, "
            "z. B. 127.0.0.1:8000"
        )
    return host, int(port)


def taken(address: str) -> bool:
    """Whether another program holds `address`, bound as the server binds it."""
    host, port = split(address)
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return True
            raise ServeError(f"{address}: {error.strerror} — eine andere Adresse wählen") from None
    return False


def free_address(address: str, *, chosen: bool) -> str:
    """`address` where it is free; where it is taken, the next free port of the same host, unless
    the user `chosen` it: then, as when no port is free, an error."""
    if not taken(address):
        return address
    host, port = split(address)
    if not chosen:
        for candidate in range(port + 1, min(port + 1 + TRIES, 65536)):
            if not taken(f"{host}:{candidate}"):
                return f"{host}:{candidate}"
    raise ServeError(
        f"{address} ist schon belegt (läuft dort noch avv serve?) — das andere Programm beenden "
        f"oder eine andere Adresse wählen, z. B. --addr {host}:{port + 1}"
    )


def _handler(branch: str) -> type[GitBranchHTTPHandler]:
    class Handler(GitBranchHTTPHandler):  # type: ignore[misc]  # mike has no types
        def guess_type(self, path: str) -> str:
            kind = str(super().guess_type(path))
            return f"{kind}; charset=utf-8" if kind.startswith(_TEXT) else kind

        def send_error(self, code: int, message: str | None = None, explain: Any = None) -> None:
            if code != 404:
                super().send_error(code, message, explain)
                return
            try:
                body = git_utils.read_file(self.branch, NOT_FOUND)
            except git_utils.GitError:
                super().send_error(code, message, explain)
                return
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    Handler.branch = branch
    return Handler


def serve(
    repo: Path, address: str, branch: str = BRANCH, announce: Callable[[str], None] = print
) -> None:
    """Serves the site branch at `address` until interrupted; `announce` gets its URL."""
    with history.open_repo(repo) as git:
        root, tip = git.root, git.resolve(f"refs/heads/{branch}")
    if tip is None:
        raise ServeError(f"{root} hat keinen Branch {branch} — zuerst avv publish ausführen")
    host, port = split(address)
    try:
        httpd = http.server.ThreadingHTTPServer((host, port), _handler(branch))
    except OSError as error:
        raise ServeError(f"{address}: {error.strerror} — eine andere Adresse wählen") from None
    with httpd, contextlib.chdir(root):  # mike's handler runs git in the current folder
        announce(f"http://{host}:{port}/")
        with contextlib.suppress(KeyboardInterrupt):
            httpd.serve_forever()
