"""The versions of the agreement, read from the git history (through `avv.repo.gitrepo`).

A version is a distinct `version` id of `contract/meta.yaml` along the first-parent history; its
content is the last commit that carries the id. Nothing is checked out: files are read from the
commits' trees.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property, lru_cache
from pathlib import Path

from avv.changes import kinds
from avv.content.canonical import content_hash
from avv.content.load import CONTENT_DIRS, CONTENT_FILES, META, load, not_a_file
from avv.content.yamlfields import TopField, top_fields
from avv.errors import AvvError, InvalidAgreement
from avv.law.binding import binding
from avv.law.timeline import Timeline
from avv.model import Agreement
from avv.repo.gitrepo import Repository

# The agreement's days are Austrian days, whatever the zone of the machine that runs a publish.


class HistoryError(AvvError):
    """The git history cannot be read as versions; the message says why and what to do."""


@dataclass(frozen=True)
class Version:
    id: str
    commit: str
    committed: datetime
    files: dict[str, str]

    @cached_property
    def agreement(self) -> Agreement:
        try:
            return load(self.files)
        except InvalidAgreement as error:
            raise HistoryError(
                f"Version {self.id} (Commit {self.commit[:12]}) ist nicht gültig:\n{error}"
            ) from error

    @property
    def published(self) -> date:
        return self.agreement.meta.published

    @property
    def effective(self) -> date:
        return self.agreement.meta.effective

    @cached_property
    def hash(self) -> str:
        return content_hash(self.agreement)

    @cached_property
    def problem(self) -> str | None:
        """Why the version is not valid (commit and file:line), None where it is."""
        try:
            _ = self.agreement
        except HistoryError as error:
            return str(error)
        return None


@dataclass(frozen=True)
class Return:
    """A commit that brings back an older version id after a later one (a revert)."""

    id: str
    commit: str
    after: str


@dataclass(frozen=True)
class History:
    """The versions behind a commit, what came back (`returned`: at the head, a revert), and
    commits whose meta.yaml names no version (empty or null)."""

    versions: tuple[Version, ...]
    returned: Return | None
    unnamed: tuple[str, ...]


def open_repo(path: Path) -> Repository:
    """The repository holding `path`, with its whole history."""
    repo = Repository(path)
    if repo.is_shallow:
        repo.close()
        raise HistoryError(
            f"{repo.root} ist ein flacher Klon (shallow clone): die Geschichte ist unvollständig — "
            "`git fetch --unshallow` ausführen (in GitHub Actions: `fetch-depth: 0`)"
        )
    return repo


def versions(path: Path, ref: str = "HEAD") -> list[Version]:
    """Every version along the first-parent history of `ref`, oldest first."""
    return list(read(path, ref).versions)


def read(path: Path, ref: str = "HEAD") -> History:
    """The history behind `ref`; see `History`."""
    with open_repo(path) as repo:
        head = repo.resolve(ref)
        if head is None:
            if ref == "HEAD":
                return History((), None, ())  # a repository without commits has no history yet
            repo.commit(ref)  # raises, with git's reason
        return _history_at(str(repo.git_dir), str(head))


@lru_cache(maxsize=16)
def _history_at(git_dir: str, head: str) -> History:
    """The history behind a commit. A commit never changes, so a process reads it once: a
    publish builds every version, and each build asks for the history again."""
    with Repository(Path(git_dir)) as repo:
        walked: list[tuple[str, str, datetime]] = []
        unnamed: list[str] = []
        for commit in repo.first_parents(head):
            field = _version_field(repo.read(commit.sha, META))
            if field is not None and field.text:
                walked.append((field.text, commit.sha, commit.committed))
            elif field is not None and not field.text:
                unnamed.append(
                    f"Commit {commit.sha[:12]}: {META}:{field.line}: "
                    "`version` ist leer — jede Fassung braucht eine id"
                )
        walked.reverse()  # oldest first
        last: dict[str, tuple[str, datetime]] = {}
        for version_id, sha, committed in walked:
            last[version_id] = (sha, committed)  # insertion keeps the first appearance's place
        returned = None
        runs = [
            version_id
            for i, (version_id, _, _) in enumerate(walked)
            if i == 0 or walked[i - 1][0] != version_id
        ]
        if runs and runs.count(runs[-1]) > 1:
            returned = Return(runs[-1], last[runs[-1]][0], runs[-2])
        return History(
            tuple(
                Version(version_id, sha, committed, _content_files(repo, sha))
                for version_id, (sha, committed) in last.items()
            ),
            returned,
            tuple(unnamed),
        )


def files_at(path: Path, ref: str) -> dict[str, str]:
    """The content files at a commit, for a check against a base."""
    with open_repo(path) as repo:
        return _content_files(repo, repo.commit(ref).sha)


def listing(history: list[Version], today: date) -> list[dict[str, str]]:
    """The versions as `avv history` lists them: dates, the period in effect and the successor
    (the timeline's rule), state on `today`, whether it is an offer and whose text binds those
    who have not agreed (avv.law.binding), hash and commit. Invalid versions are left out."""
    valid = [v for v in history if v.problem is None]
    line = Timeline.of(valid)
    found = kinds.terms([v.agreement for v in valid])
    # The text every customer who has not agreed holds today: older than the version in effect
    # where that, or one before it, is an offer.
    held = binding(found, today).text if found else ""
    rows = []
    for position, v in enumerate(valid):
        entry = line.get(v.id)
        last = entry.period.last_day
        text = binding(found[: position + 1], v.effective).text
        rows.append(
            {
                "id": v.id,
                "published": v.published.isoformat(),
                "effective": v.effective.isoformat(),
                "valid_until": last.isoformat() if last else "",
                "successor": entry.successor or "",
                "state": entry.state_on(today),
                "offer": "ja" if found[position].offer else "",
                "text_for_all": "" if text == v.id else text,
                "text_in_force": "ja"
                if v.id == held and entry.state_on(today) == "ersetzt"
                else "",
                "hash": v.hash,
                "commit": v.commit,
            }
        )
    return rows


def _version_field(meta: bytes | None) -> TopField | None:
    """The `version` field of a commit's meta.yaml, where it has one and can be read."""
    if meta is None:
        return None
    try:
        return top_fields(meta.decode("utf-8")).get("version")
    except UnicodeDecodeError:
        return None


def _content_files(repo: Repository, commit: str) -> dict[str, str]:
    """The content files as the commit holds them: a regular file's bytes (not UTF-8 kept as
    surrogates, which `load` reports with their line), anything else where a file belongs (a
    symbolic link, a submodule, a folder) as `Unread`, never what it points to."""
    files: dict[str, str] = {}
    blobs: dict[str, bytes] = {}
    for folder in CONTENT_DIRS:
        kind = repo.kind(commit, folder)
        if kind in ("link", "submodule"):
            files[folder] = not_a_file(_KINDS[kind])
        blobs |= repo.files(commit, folder)
        for path, kind in repo.entries(commit, folder, deep=True).items():
            if kind in ("link", "submodule") or (kind == "folder" and path in CONTENT_FILES):
                files[path] = not_a_file(_KINDS[kind])
    for path, data in blobs.items():
        if not any(path.startswith(f"{parent}/") for parent in files):
            files[path] = data.decode("utf-8", "surrogateescape")
    return dict(sorted(files.items()))


_KINDS = {"link": "ein symbolischer Link", "submodule": "ein Submodul", "folder": "ein Ordner"}
