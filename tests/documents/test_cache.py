"""The cache of derived files: a hit gives back what was stored, a changed content hash or tool
version misses, and an entry that is cut short or altered is ignored and made again."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from avv.content.load import load_folder
from avv.documents import cache, derived_files
from avv.documents.cache import FileCache, Key
from avv.repo import history
from avv.site import derived
from avv.site.build import build_site
from tests.support import AgreementRepo, git, replace, three_versions

KEY = Key("avv.pdf", "a" * 64, "b" * 64)
DATA = b"%PDF-1.7 stored\n" + bytes(range(256))


def entries(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def test_a_stored_file_is_found_again_by_another_reader(tmp_path: Path) -> None:
    FileCache(tmp_path / "cache").put(KEY, DATA)
    assert FileCache(tmp_path / "cache").get(KEY) == DATA
    assert [p.name for p in entries(tmp_path / "cache")] == [f"{KEY.digest()}-avv.pdf"]


@pytest.mark.parametrize(
    "other",
    [
        Key("avv.pdf", "c" * 64, KEY.tool),  # the version's content changed
        Key("avv.pdf", KEY.content, "d" * 64),  # avv or WeasyPrint changed
        Key("avv.docx", KEY.content, KEY.tool),  # another derived file of the same version
    ],
)
def test_a_changed_content_hash_tool_version_or_name_misses(tmp_path: Path, other: Key) -> None:
    store = FileCache(tmp_path)
    store.put(KEY, DATA)
    assert store.get(other) is None
    store.put(other, b"other")
    assert (store.get(KEY), store.get(other)) == (DATA, b"other")


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data[:-1] + b"X",  # altered
        lambda data: data[64:],  # no digest
        lambda data: b"",  # empty
        lambda data: b"\n".join([b"0" * 64, DATA]),  # a digest that is not the data's
    ],
)
def test_a_damaged_entry_is_ignored_and_made_again(
    tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    store = FileCache(tmp_path)
    store.put(KEY, DATA)
    entry = store.path(KEY)
    entry.write_bytes(damage(entry.read_bytes()))
    assert store.get(KEY) is None
    store.put(KEY, DATA)
    assert store.get(KEY) == DATA


def test_a_write_leaves_no_temp_file_and_an_unwritable_cache_stays_empty(tmp_path: Path) -> None:
    store = FileCache(tmp_path / "cache")
    store.put(KEY, DATA)
    assert [p.name for p in entries(tmp_path / "cache")] == [store.path(KEY).name]
    (tmp_path / "file").write_text("not a folder")
    blocked = FileCache(tmp_path / "file" / "cache")
    blocked.put(KEY, DATA)  # no error: the file is made, just not kept
    assert blocked.get(KEY) is None


def test_the_tool_version_follows_the_libraries_that_make_the_file() -> None:
    pdf = cache.tool_version("weasyprint", "pydyf")
    assert pdf == cache.tool_version("pydyf", "weasyprint")
    assert pdf != cache.tool_version("weasyprint")
    assert len(pdf) == 64


def test_the_cache_lives_in_the_git_folder_unless_configured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(cache.CACHE_VARIABLE, raising=False)
    assert cache.folder_for(tmp_path, tmp_path / ".git") == tmp_path / ".git" / "avv-cache"
    assert cache.folder_for(tmp_path, None) == tmp_path / ".cache" / "avv"
    monkeypatch.setenv(cache.CACHE_VARIABLE, str(tmp_path / "elsewhere"))
    assert cache.folder_for(tmp_path, tmp_path / ".git") == tmp_path / "elsewhere"


def test_a_build_makes_the_pdf_once_and_takes_it_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(cache.CACHE_VARIABLE, raising=False)
    repo = AgreementRepo.create(tmp_path / "repo")
    build_site(repo.path, tmp_path / "site")
    made = (tmp_path / "site" / "avv.pdf").read_bytes()
    assert made.startswith(b"%PDF-")
    store = FileCache(repo.path / ".git" / "avv-cache")
    key = derived_files.PDF.key(load_folder(repo.path))
    assert store.get(key) == made
    assert git(repo.path, "status", "--porcelain") == ""  # nothing to commit by mistake

    # What the cache holds is what the next build of the same content publishes.
    store.put(key, b"%PDF- from the cache")
    build_site(repo.path, tmp_path / "site")
    assert (tmp_path / "site" / "avv.pdf").read_bytes() == b"%PDF- from the cache"

    # A damaged entry is made anew, as is the PDF of changed content.
    store.path(key).write_bytes(b"damaged")
    build_site(repo.path, tmp_path / "site")
    assert (tmp_path / "site" / "avv.pdf").read_bytes().startswith(b"%PDF-1.")
    replace(repo.path / "contract" / "avv.md", "schriftlich zu widersprechen", "zu widersprechen")
    build_site(repo.path, tmp_path / "site")
    changed = (tmp_path / "site" / "avv.pdf").read_bytes()
    assert changed.startswith(b"%PDF-1.") and changed != made
    assert store.get(derived_files.PDF.key(load_folder(repo.path))) == changed


def job(folder: Path) -> derived.Job:
    return derived.Job(derived_files.PDF, (), folder, KEY)


def test_the_preview_writes_only_the_file_of_the_latest_build(tmp_path: Path) -> None:
    maker = derived.Maker()
    site = tmp_path / "site"
    site.mkdir()
    target = site / "avv.pdf"
    older, newer = job(tmp_path), job(tmp_path)
    maker.deliver(older, target)
    maker.claim(site, keep=[newer])  # the next build begins
    maker.deliver(newer, target)
    assert older.future.cancelled()  # nobody waits for it any longer
    newer.future.set_result(b"%PDF- newer")
    assert target.read_bytes() == b"%PDF- newer"

    running, latest = job(tmp_path), job(tmp_path)
    running.begun = True  # the worker has begun it: it cannot be cancelled
    maker.deliver(running, target)
    maker.claim(site, keep=[latest])
    maker.deliver(latest, target)
    latest.future.set_result(b"%PDF- latest")
    running.future.set_result(b"%PDF- superseded")
    assert target.read_bytes() == b"%PDF- latest"

    # A build that had its file done wrote it itself: an earlier build's file comes too late.
    earlier = job(tmp_path)
    earlier.begun = True
    maker.deliver(earlier, target)
    maker.claim(site)
    target.write_bytes(b"%PDF- of the build")
    earlier.future.set_result(b"%PDF- of an earlier build")
    assert target.read_bytes() == b"%PDF- of the build"
    assert [p.name for p in site.iterdir()] == ["avv.pdf"]


def test_a_build_makes_what_nobody_began_and_waits_for_the_rest(tmp_path: Path) -> None:
    repo = AgreementRepo.create(tmp_path / "repo")
    agreement = load_folder(repo.path)
    maker = derived.Maker()
    store = FileCache(tmp_path / "cache")
    docx, pdf = maker.start(
        [(derived_files.DOCX, (agreement,)), (derived_files.PDF, (agreement,))], store, worker=False
    )
    pdf.begun = True  # as if a worker had it
    threading.Timer(0.2, lambda: pdf.future.set_result(b"%PDF- of the worker")).start()
    made = maker.results([docx, pdf])
    assert made[0].startswith(b"PK") and store.get(docx.key) == made[0]
    assert made[1] == b"%PDF- of the worker"
    # The same files again: from the cache, or the job still on its way.
    again = maker.start([(derived_files.DOCX, (agreement,))], store, worker=False)
    assert again[0].future.result() == made[0]


def test_a_build_takes_each_redlines_word_and_pdf_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(cache.CACHE_VARIABLE, raising=False)
    repo = three_versions(tmp_path / "repo")
    build_site(repo.path, tmp_path / "site")
    first, second, newest = (v.agreement for v in history.versions(repo.path))
    store = FileCache(repo.path / ".git" / "avv-cache")
    # Only the pair people use has files: the version before (in effect when 2023-05-02 was
    # announced); the redline from the first version has none, and none is made.
    assert not (tmp_path / "site" / "vergleich" / first.version / "aenderungen.docx").exists()
    assert store.get(derived_files.REDLINE_DOCX.key(first, newest)) is None
    for older in (second,):
        folder = tmp_path / "site" / "vergleich" / older.version
        word = derived_files.REDLINE_DOCX.key(older, newest)
        assert store.get(word) == (folder / "aenderungen.docx").read_bytes()
        assert (
            store.get(derived_files.REDLINE_PDF.key(older, newest))
            == (folder / "aenderungen.pdf").read_bytes()
        )
        store.put(word, b"PK from the cache " + older.version.encode())
    # The pair's key is the pair's, in its order: the newer against itself is another file.
    word_kind = derived_files.REDLINE_DOCX
    assert word_kind.key(first, newest) != word_kind.key(newest, first)

    build_site(repo.path, tmp_path / "site")
    for older in (second,):
        made = tmp_path / "site" / "vergleich" / older.version / "aenderungen.docx"
        assert made.read_bytes() == b"PK from the cache " + older.version.encode()
