"""The cache of derived files (avv.pdf, later the .docx and the sign copy): made once, reused.

A derived file depends only on what it is made from and on the tools that make it, so its key is
the content hash of its source (a version's `content_hash`) and the version of the tools. A
frozen version's hash never changes, so its files are made once per tool version; a change of
the code of avv, or an update of WeasyPrint, makes them anew.

Where: in the repository's git folder (`.git/avv-cache/`), or AVV_CACHE_DIR; for a folder that is
no git repository, its `.cache/avv/`. Each clone, CI job and test repository so has its own,
deleting it is always safe, and, unlike a folder of the work tree, nothing in it can be committed:
a pull request cannot plant a forged avv.pdf under the key of a version (keys are public: a
content hash and the hash of the tool's files), nor can a careless `git add --all` take it along.

Entries are written atomically (a temp file renamed into place) and carry the SHA-256 of their
data: an entry that was cut short, edited or is not one reads as a miss and is made again.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

CACHE_VARIABLE = "AVV_CACHE_DIR"
IN_GIT = "avv-cache"
OUTSIDE_GIT = Path(".cache") / "avv"
_HEADER = len(hashlib.sha256().hexdigest()) + 1  # the data's digest and a newline


@dataclass(frozen=True)
class Key:
    """A derived file: its name (`avv.pdf`), the hash of its source, the version of its tools."""

    name: str
    content: str
    tool: str

    def digest(self) -> str:
        return hashlib.sha256("\0".join((self.name, self.content, self.tool)).encode()).hexdigest()


class FileCache:
    """Derived files in a folder, one file per key; a read never fails, a write never breaks."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, key: Key) -> Path:
        digest = key.digest()
        return self.folder / digest[:2] / f"{digest}-{Path(key.name).name}"

    def get(self, key: Key) -> bytes | None:
        """The stored data, or None where there is none or it is not intact."""
        try:
            stored = self.path(key).read_bytes()
        except OSError:
            return None
        digest, data = stored[:_HEADER], stored[_HEADER:]
        intact = digest == hashlib.sha256(data).hexdigest().encode("ascii") + b"\n"
        return data if intact else None

    def put(self, key: Key, data: bytes) -> None:
        """Stores `data` under `key`; where the folder cannot be written, the cache stays empty."""
        target = self.path(key)
        entry = hashlib.sha256(data).hexdigest().encode("ascii") + b"\n" + data
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(prefix=".", dir=target.parent)
        except OSError:
            return
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(entry)
            os.replace(temp, target)
        except OSError:
            Path(temp).unlink(missing_ok=True)


def folder_for(folder: Path, git_dir: Path | None) -> Path:
    """Where the cache of the agreement in `folder` lives (`git_dir`: its repository's git
    folder, None outside git): see above."""
    configured = os.environ.get(CACHE_VARIABLE)
    if configured:
        return Path(configured)
    return git_dir / IN_GIT if git_dir is not None else folder / OUTSIDE_GIT


def tool_version(*distributions: str) -> str:
    """A hash of avv's own files (its code, stylesheets and templates) and of the versions of
    the libraries that make a file: any change of either makes the file anew."""
    return _tool_version(tuple(sorted(distributions)))


@cache
def _tool_version(distributions: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in _files(package):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    for name in distributions:
        digest.update(f"{name}=={metadata.version(name)}\0".encode())
    return digest.hexdigest()


def _files(root: Path) -> list[Path]:
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    )
