"""Where the register lives, its tables, and its schema kept current by Alembic.

The register is private: customers' names and addresses, and the evidence of what reached them.
It is never part of the repository's tracked files or of the site. By default it is an SQLite
file in the repository's git folder (`.git/avv-register.sqlite`), where nothing can be committed
and `git clean` never reaches, beside the cache of derived files; a team names a PostgreSQL
database (or another SQLite file) by URL: `--register URL` or `AVV_REGISTER`. An SQLite file
inside the work tree is refused, so that a careless setting never puts customers into a commit.

One schema for both, through SQLAlchemy Core; its migrations (`migrations/`, shipped with the
package) run when a register is opened, and a register written by a newer avv is refused rather
than misread.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from avv.errors import AvvError
from avv.repo import gitrepo

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = [
    "REGISTER_VARIABLE",
    "Register",
    "RegisterError",
    "addresses",
    "customers",
    "default_url",
    "ledger",
    "metadata",
    "open_register",
    "register_url",
    "settings",
]

REGISTER_VARIABLE = "AVV_REGISTER"
DEFAULT_FILE = "avv-register.sqlite"


class RegisterError(AvvError):
    """The register cannot be opened or used as asked; the message says why and what to do."""


metadata = sa.MetaData()

# The customer as the CRM exports them; `name` and the addresses are personal data that an
# erasure removes, the id (the customer number) stays as the ledger's name for them.
customers = sa.Table(
    "customers",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(400), nullable=True),
    sa.Column("language", sa.String(8), nullable=False),
    sa.Column("signed", sa.String(32), nullable=False),
    sa.Column("signed_on", sa.Date, nullable=False),
    sa.Column("updated_at", sa.String(32), nullable=False),
    sa.Column("erased_at", sa.String(32), nullable=True),
)

addresses = sa.Table(
    "addresses",
    metadata,
    sa.Column(
        "customer", sa.String(64), sa.ForeignKey("customers.id"), primary_key=True, nullable=False
    ),
    sa.Column("position", sa.Integer, primary_key=True, nullable=False),
    sa.Column("email", sa.String(320), nullable=False),
)

# The evidence: append-only, each entry chained to the one before by its hash (see `ledger.py`).
ledger = sa.Table(
    "ledger",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("at", sa.String(32), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("customer", sa.String(64), nullable=False),
    sa.Column("version", sa.String(32), nullable=False),
    sa.Column("data", sa.Text, nullable=False),
    sa.Column("prev", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False, unique=True),
    sa.Index("ix_ledger_version_kind", "version", "kind"),
    sa.Index("ix_ledger_customer", "customer"),
)

# The register's own secrets: the key of the addresses' keyed hashes.
settings = sa.Table(
    "settings",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value", sa.String(256), nullable=False),
)


@dataclass
class Register:
    """An open register: its engine and where it is (the URL without a password)."""

    engine: sa.Engine
    where: str

    @contextmanager
    def transaction(self) -> Iterator[sa.Connection]:
        """One transaction: everything in the block is recorded, or nothing is."""
        with self.engine.begin() as connection:
            yield connection

    @contextmanager
    def exclusive(self, task: str) -> Iterator[None]:
        """Runs the block as the only holder of `task` on this register (two `avv send` of one
        version at once would send twice): PostgreSQL's advisory lock, a locked file beside an
        SQLite file. Refused at once when another holds it."""
        refusal = RegisterError(
            f"{task} läuft schon (ein anderer Aufruf am Register {self.where}) — warten, bis er "
            "fertig ist, dann erneut starten: er setzt fort, wo der andere aufgehört hat"
        )
        if self.engine.dialect.name == "postgresql":
            key = int.from_bytes(hashlib.sha256(task.encode()).digest()[:8], "big", signed=True)
            with self.engine.connect() as connection:
                held = connection.execute(sa.select(sa.func.pg_try_advisory_lock(key))).scalar()
                connection.commit()
                if not held:
                    raise refusal
                try:
                    yield
                finally:
                    connection.execute(sa.select(sa.func.pg_advisory_unlock(key)))
                    connection.commit()
            return
        database = self.engine.url.database or ""
        name = hashlib.sha256(task.encode()).hexdigest()[:16]
        with open(f"{database}.lock-{name}", "a+b") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise refusal from None
            yield

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def default_url(repo: Path) -> str:
    """The SQLite file in the git folder of the repository that holds `repo`."""
    try:
        with gitrepo.Repository(repo) as found:
            git_dir = found.git_dir
    except gitrepo.GitError as error:
        raise RegisterError(
            f"{error} — oder das Register mit --register URL bzw. {REGISTER_VARIABLE} angeben "
            "(sqlite:///PFAD/register.sqlite oder postgresql://…)"
        ) from None
    return f"sqlite:///{git_dir.resolve() / DEFAULT_FILE}"


def register_url(given: str | None, repo: Path) -> str:
    """The register's URL: `--register`, else AVV_REGISTER, else the default in `.git`."""
    return given or os.environ.get(REGISTER_VARIABLE) or default_url(repo)


def open_register(url: str, repo: Path) -> Register:
    """Opens (and creates or migrates) the register at `url`."""
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError:
        raise RegisterError(
            f"{url!r} ist keine Adresse eines Registers — sqlite:///PFAD/register.sqlite oder "
            "postgresql://BENUTZER@HOST:PORT/DATENBANK angeben"
        ) from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        engine = _sqlite(parsed, repo)
    elif backend == "postgresql":
        # psycopg 3, whatever driver the URL names or leaves out.
        engine = sa.create_engine(parsed.set(drivername="postgresql+psycopg"))
    else:
        raise RegisterError(
            f"{backend}: keine unterstützte Datenbank für das Register — SQLite oder PostgreSQL"
        )
    where = parsed.render_as_string(hide_password=True)
    register = Register(engine, where)
    try:
        _migrate(register)
    except sa.exc.OperationalError as error:
        register.close()
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise RegisterError(
            f"Register {where} nicht erreichbar: {reason} — Adresse, Benutzer und Server prüfen"
        ) from None
    except BaseException:
        register.close()
        raise
    return register


def _sqlite(url: sa.URL, repo: Path) -> sa.Engine:
    if not url.database or url.database == ":memory:":
        raise RegisterError(
            "ein Register im Arbeitsspeicher ginge mit dem Ende des Befehls verloren — "
            "eine Datei angeben: sqlite:///PFAD/register.sqlite"
        )
    path = Path(url.database).resolve()
    _outside_work_tree(path, repo)
    if not path.parent.is_dir():
        raise RegisterError(
            f"{path.parent}: den Ordner des Registers gibt es nicht — legen Sie ihn zuerst an"
        )
    engine = sa.create_engine(url.set(database=str(path)))

    @sa.event.listens_for(engine, "connect")
    def _pragmas(connection: object, _: object) -> None:
        cursor = connection.cursor()  # type: ignore[attr-defined]
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.close()

    return engine


def _outside_work_tree(path: Path, repo: Path) -> None:
    """Refuses an SQLite file in the work tree (outside its git folder): it could be committed."""
    try:
        with gitrepo.Repository(repo) as found:
            root, git_dir = found.root.resolve(), found.git_dir.resolve()
    except gitrepo.GitError:
        return
    if path.is_relative_to(root) and not path.is_relative_to(git_dir):
        raise RegisterError(
            f"{path}: das Register läge im Arbeitsverzeichnis des Repositorys und könnte "
            "mit den Kundendaten committet werden — einen Pfad außerhalb angeben "
            f"(ohne Angabe: {git_dir / DEFAULT_FILE})"
        )


def alembic_config(connection: sa.Connection) -> Config:
    from alembic.config import Config

    config = Config()
    folder = resources.files("avv.register").joinpath("migrations")
    config.set_main_option("script_location", str(folder))
    config.attributes["connection"] = connection
    return config


def _migrate(register: Register) -> None:
    """Brings the schema to this avv's newest revision; refuses one this avv does not know."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    with register.engine.begin() as connection:
        config = alembic_config(connection)
        script = ScriptDirectory.from_config(config)
        current = MigrationContext.configure(connection).get_current_heads()
        known = {revision.revision for revision in script.walk_revisions()}
        unknown = [revision for revision in current if revision not in known]
        if unknown:
            raise RegisterError(
                f"Register {register.where} hat das Schema {', '.join(unknown)}, das diese "
                "Version von avv nicht kennt (ein neueres avv hat es angelegt) — avv "
                "aktualisieren; das Register bleibt unverändert"
            )
        if set(current) != set(script.get_heads()):
            command.upgrade(config, "head")
