"""The `avv` command: one function per subcommand, errors printed without a traceback."""

from __future__ import annotations

import argparse
import ipaddress
import re
import shutil
import signal
import socket
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from avv import german, output_folder
from avv.changes import kinds, redline
from avv.changes.tables import PERIOD_COLUMNS
from avv.content import canonical
from avv.content.load import load, load_folder, read_folder
from avv.documents import blanks, notice_render, redline_render
from avv.errors import AvvError, InvalidAgreement
from avv.law import deadline
from avv.law.binding import is_offer
from avv.law.timeline import Timeline
from avv.model import ISO_DATE, Agreement
from avv.notices import notice
from avv.notices.links import VersionPaths
from avv.publish import site_branch
from avv.publish.site_branch import BRANCH
from avv.published import record
from avv.pull_request import check as pr_check
from avv.repo import gitrepo, history
from avv.site import settings

if TYPE_CHECKING:
    from avv.law.binding import Terms
    from avv.register.database import Register

Command = Callable[[argparse.Namespace], int]
# How long `avv check` may take before it stops and says what it cut short.
TIME_LIMIT = 300.0


# argparse's own words (usage, headings, its errors) in German. argparse asks gettext for each
# when it writes it, through its module's `_`, which `_german_argparse` answers while the command
# line is read; a text not listed stays as argparse has it.
_ARGPARSE_GERMAN = {
    "usage: ": "Aufruf: ",
    "positional arguments": "Argumente",
    "options": "Optionen",
    "show this help message and exit": "diese Hilfe zeigen und beenden",
    "argument %(argument_name)s: %(message)s": "Argument %(argument_name)s: %(message)s",
    "unrecognized arguments: %s": "unbekannte Argumente: %s",
    "the following arguments are required: %s": "es fehlen die Argumente: %s",
    "expected one argument": "erwartet einen Wert",
    "expected at most one argument": "erwartet höchstens einen Wert",
    "expected at least one argument": "erwartet mindestens einen Wert",
    "ambiguous option: %(option)s could match %(matches)s": (
        "mehrdeutige Option: %(option)s passt zu %(matches)s"
    ),
    "invalid %(type)s value: %(value)r": "ungültiger Wert: %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "ungültige Wahl: %(value)r (möglich: %(choices)s)"
    ),
    "not allowed with argument %s": "nicht zusammen mit %s erlaubt",
    "ignored explicit argument %r": "der Wert %r ist hier nicht vorgesehen",
    "one of the arguments %s is required": "eines der Argumente %s ist nötig",
    "%(prog)s: error: %(message)s\n": "%(prog)s: Fehler: %(message)s\n",
}


@contextmanager
def _german_argparse() -> Iterator[None]:
    module = vars(argparse)
    english: Callable[[str], str] = module["_"]
    module["_"] = lambda text: _ARGPARSE_GERMAN.get(text, english(text))
    try:
        yield
    finally:
        module["_"] = english


def check(args: argparse.Namespace) -> int:
    """Validates the agreement in the work tree; with --base, also the rules of a pull request
    against its base, and the summary for its reviewers; all of it within --time-limit."""
    bound = pr_check.Bound(args.time_limit)
    try:
        with bound.armed():
            return _check(args, bound)
    except pr_check.OutOfTime:
        error = AvvError(
            f"die Prüfung hat ihre Zeitgrenze von {args.time_limit:g} s erreicht, bevor ihre "
            "Regeln geprüft waren — den Inhalt auf übergroße Texte prüfen, oder mit --time-limit "
            "mehr Zeit geben"
        )
        if args.summary is not None:
            _append(args.repo, args.summary, pr_check.failure_summary(error))
        raise error from None


def _check(args: argparse.Namespace, bound: pr_check.Bound) -> int:
    try:
        files = read_folder(args.repo)
        agreement = load(files)
        counts = (
            f"{len(agreement.sections)} Abschnitte, {len(agreement.measures)} "
            f"Maßnahmenkategorien, {len(agreement.subprocessors)} Subunternehmer"
        )
        if args.base is None:
            print(f"{agreement.version}: in Ordnung ({counts})")
            return 0
        # The version alone is valid; whether the change against the base is, says the rest.
        print(f"{agreement.version}: für sich gültig ({counts}); die Prüfung gegen {args.base}:")
        base = pr_check.load_base(args.repo, args.base)
    except AvvError as error:
        if args.summary is not None:
            _append(args.repo, args.summary, pr_check.failure_summary(error))
        raise
    findings = pr_check.check(base, agreement, files, args.today or german.today())
    report = pr_check.summary(base, agreement, findings, settings.site_url(args.repo), bound)
    if args.summary is None:
        sys.stdout.write(report)
    else:
        _append(args.repo, args.summary, report)
        for finding in findings:
            print(f"{_SEVERITY[finding.severity]}: {finding}")
    errors = [finding for finding in findings if finding.is_error]
    if errors and args.summary is None:
        for finding in errors:
            print(f"Fehler: {finding}", file=sys.stderr)
    if errors:
        print(f"{len(errors)} Fehler gegenüber {args.base}.", file=sys.stderr)
    if bound.cut:
        print(
            f"Zeitgrenze von {args.time_limit:g} s erreicht — nicht erstellt: "
            f"{', '.join(bound.cut)}; die Prüfung schlägt fehl, bis alles geprüft werden kann",
            file=sys.stderr,
        )
    return 1 if errors or bound.cut else 0


_SEVERITY = {"error": "Fehler", "note": "Hinweis"}


def _append(repo: Path, path: Path, text: str) -> None:
    """Appends, as $GITHUB_STEP_SUMMARY expects of every step that writes to it."""
    checked = _output_file(repo, path, "--summary")
    with checked.open("a", encoding="utf-8") as out:
        out.write(text)


def _output_file(repo: Path, target: Path, option: str) -> Path:
    """`target` once the one guard of output paths allows it (`avv.output_folder`)."""
    try:
        with gitrepo.Repository(repo) as git:
            return output_folder.check_file(
                target, [repo, git.root], option, [git.git_dir], git.tracks
            )
    except gitrepo.GitError:
        return output_folder.check_file(target, [repo], option)


def _write(repo: Path, target: Path, data: bytes) -> None:
    """Writes a file named with -o, through the guard, whole or not at all."""
    path = _output_file(repo, target, "-o")
    try:
        output_folder.write_file(path, data)
    except OSError as error:
        raise AvvError(
            f"{target}: {error.strerror} — einen Pfad in einem bestehenden Ordner angeben"
        ) from error


def export(args: argparse.Namespace) -> int:
    """Prints the agreement as canonical JSON."""
    sys.stdout.write(canonical.dumps(canonical.export(load_folder(args.repo))))
    return 0


def last_day(args: argparse.Namespace) -> int:
    """Prints the last day of an objection period that starts with a notice on DATE."""
    print(deadline.last_day_to_object(args.date, args.months).isoformat())
    return 0


def show_history(args: argparse.Namespace) -> int:
    """Lists the versions of the git history, oldest first, with their state on a day."""
    past = history.read(args.repo)
    day = args.today or german.today()
    rows = history.listing(list(past.versions), day)
    for warning in [*past.unnamed, *(v.problem for v in past.versions if v.problem)]:
        print(f"Warnung: {warning}", file=sys.stderr)
    if args.json:
        sys.stdout.write(canonical.dumps({"today": day.isoformat(), "versions": rows}))
        return 0
    header = {
        **dict(PERIOD_COLUMNS),
        "successor": "ersetzt durch",
        "state": f"Stand {day}",
        "offer": "Angebot",
        "text_for_all": "ohne Zustimmung gilt",
        "hash": "SHA-256",
        "commit": "Commit",
    }
    table = [
        header,
        *(
            {
                **row,
                "commit": row["commit"][:12],
                "valid_until": row["valid_until"] or "–",
                "successor": row["successor"] or "–",
                "state": row["state"] + (" (Text gilt weiter)" if row["text_in_force"] else ""),
                "offer": "mit Zustimmung" if row["offer"] else "–",
                "text_for_all": f"Text von {row['text_for_all']}" if row["text_for_all"] else "–",
            }
            for row in rows
        ),
    ]
    widths = {key: max(len(line[key]) for line in table) for key in header}
    for line in table:
        print("  ".join(line[key].ljust(widths[key]) for key in header).rstrip())
    return 0


def _deployed(repo: Path, version: str) -> date | None:
    """The day `version` was first deployed, when its notice went out, from the publication
    record on the site branch (the clone's own, else origin's); None where it is unpublished."""
    with history.open_repo(repo) as git:
        tip = site_branch.tip(git, BRANCH)
        found = record.read(git, tip) if tip is not None else None
    published = found.find(version) if found is not None else None
    return published.deployed if published is not None else None


def show_notice(args: argparse.Namespace) -> int:
    """Prints the written notice of version TO against FROM (default: the version before it)."""
    known = history.versions(args.repo)
    ids = [v.id for v in known]
    for wanted in (args.to, args.from_):
        if wanted is not None and wanted not in ids:
            raise AvvError(f"keine Version {wanted} in der Historie — vorhanden: {', '.join(ids)}")
    new = ids.index(args.to)
    old = ids.index(args.from_) if args.from_ is not None else new - 1
    if old < 0:
        raise AvvError(
            f"{args.to} ist die erste Version und hat keine Mitteilung — eine spätere mit --to "
            "angeben"
        )
    if old >= new:
        raise AvvError(
            f"--from {ids[old]} ist nicht älter als --to {args.to} — die frühere Version mit "
            "--from angeben"
        )
    # Linked as on its page: from <version>/mitteilung/, absolute once site_url is set.
    here = VersionPaths(args.to).notice
    site = settings.site_url(args.repo)
    earlier = [v.agreement for v in known[: old + 1] if v.problem is None]
    # Its redline's PDF and Word are linked where the site has them: see Timeline.compared_with.
    valid = [v for v in known if v.problem is None]
    files = known[new].problem is None and ids[old] in Timeline.of(valid).compared_with(args.to)
    deployed = _deployed(args.repo, args.to)
    found = notice.notice_for(
        known[old].agreement,
        known[new].agreement,
        site,
        here,
        earlier=earlier,
        deployed=deployed,
        files=files,
    )
    if found is not None and deployed is not None:
        print(
            f"Hinweis: Version {args.to} wurde am {german.format_date(deployed)} veröffentlicht "
            f"(Protokoll der Veröffentlichung in {BRANCH}); die Mitteilung ist datiert wie auf "
            "der Website",
            file=sys.stderr,
        )
    if not site:
        print(
            f"Hinweis: die Verweise gelten relativ zu {here} der Website — mit site_url in "
            "mkdocs.yml werden sie vollständige Adressen",
            file=sys.stderr,
        )
    if found is None:
        raise AvvError(
            f"{args.to} ändert gegenüber {ids[old]} nichts Mitteilungspflichtiges, nur Leerraum "
            "oder die eigene id und Daten — es gibt keine Mitteilung"
        )
    if args.format == "eml":
        sys.stdout.buffer.write(notice_render.render_eml(found))
    elif args.format == "html":
        sys.stdout.write(notice_render.render_html_document(found))
    elif args.format == "txt":
        sys.stdout.write(notice_render.render_text(found))
    else:
        sys.stdout.write(notice_render.render_markdown(found))
    return 0


def compare(args: argparse.Namespace) -> int:
    """Prints the redline from version OLD to version NEW (NEW may be the work tree's version),
    or writes it to the file of -o. As Word or PDF (the files the site has only for the pairs
    people use) it is always a file."""
    if args.format in FILE_FORMATS and args.output is None:
        raise AvvError(
            f"--format {args.format} schreibt eine Datei — mit -o DATEI.{args.format} angeben, "
            "wohin"
        )
    if args.output is not None:
        _output_file(args.repo, args.output, "-o")  # refused before any work
    old, new = _agreement(args.repo, args.old), _agreement(args.repo, args.new)
    if args.format == "docx":
        from avv.documents.docx import redline_docx  # python-docx loads only here

        _write(args.repo, args.output, redline_docx(old, new))
        print(f"{args.output}: Änderungen von {old.version} zu {new.version} als Word-Dokument")
        return 0
    found = redline.redline(old, new)
    if args.format == "pdf":
        from avv.documents.printable import redline_pdf  # WeasyPrint loads only here

        _write(args.repo, args.output, redline_pdf(found))
        print(f"{args.output}: Änderungen von {old.version} zu {new.version} zum Drucken (PDF)")
        return 0
    if args.format == "json":
        text = canonical.dumps(redline_render.to_json(found))
    elif args.format == "html":
        text = redline_render.render_document(found)
    elif args.format == "synopsis":
        from avv.documents import synopsis

        text = synopsis.render_document(found)
    else:
        text = redline_render.render_markdown(found)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    _write(args.repo, args.output, text.encode("utf-8"))
    print(f"{args.output}: Änderungen von {old.version} zu {new.version} ({args.format})")
    return 0


FILE_FORMATS = ("docx", "pdf")


def _agreement(repo: Path, version: str) -> Agreement:
    """A version of the history, or the work tree's content when it carries that id."""
    known = {v.id: v for v in history.versions(repo)}
    if version in known:
        return known[version].agreement
    work_tree = load_folder(repo)
    if work_tree.version == version:
        return work_tree
    ids = ", ".join([*known, *([] if work_tree.version in known else [work_tree.version])])
    raise AvvError(f"keine Version {version} in {repo} — vorhanden: {ids}")


def _is_offer(repo: Path, agreement: Agreement) -> bool:
    """Whether `agreement` is an offer (avv.law.binding): a change by agreement against the
    valid version before it in the history (the work tree's content: before it, the newest)."""
    earlier = []
    for past in history.versions(repo):
        if past.id == agreement.version:
            break
        if past.problem is None:
            earlier.append(past.agreement)
    return bool(earlier) and is_offer(kinds.classify(earlier[-1], agreement).kinds)


def sign_copy(args: argparse.Namespace) -> int:
    """Writes the sign-ready copy of a version: the PDF with the customer's entries in place."""
    from avv.documents.sign_copy import write_sign_copy  # WeasyPrint loads only here

    agreement = _agreement(args.repo, args.version)
    if args.example:
        sys.stdout.write(blanks.example_yaml(blanks.blanks(agreement), agreement.version))
        return 0
    if args.controller is None or args.output is None:
        raise AvvError(
            "sign-copy braucht --controller FILE.yaml und -o FILE.pdf — "
            "eine Vorlage der Datei gibt --example aus"
        )
    output = _output_file(args.repo, args.output, "-o")
    write_sign_copy(agreement, args.controller, output, _is_offer(args.repo, agreement))
    print(f"{args.output}: unterschriftsreife Ausfertigung der Version {args.version}")
    return 0


def publish(args: argparse.Namespace) -> int:
    """Deploys every announced version not on the site branch yet; moves latest and the default
    to the version in effect."""
    from avv.site import derived

    # The worker loads WeasyPrint while MkDocs and mike load here (with nothing new, for nothing).
    derived.MAKER.begin()
    from avv.publish.deploy import publish as publish_site  # MkDocs and mike load only here

    day = args.today or german.today()
    done = publish_site(args.repo, day, branch=args.branch, remote=args.remote, push=args.push)
    for warning in done.warnings:
        print(warning, file=sys.stderr)
    for version in done.deployed:
        print(f"{version}: veröffentlicht")
    if done.default is None:
        print(f"Keine Version ist am {day} bekanntgegeben: nichts zu veröffentlichen.")
        return 0
    print(f"{args.branch}: latest → {done.latest or '–'}, Standard → {done.default}")
    state = "aktualisiert" if done.changed else "unverändert"
    print(f"{args.branch} {state} ({(done.tip or '')[:12]}){', gepusht' if args.push else ''}")
    return 0


def verify(args: argparse.Namespace) -> int:
    """Verifies the site branch against its publication record and the record against every
    earlier commit's; exits 1 on any difference, saying where."""
    from avv.publish.deploy import verify as verify_site  # mike loads only here

    found = verify_site(args.repo, args.branch, accept_reset=args.accept_reset)
    print(
        f"{args.branch}: stimmt mit dem Protokoll überein ({len(found.versions)} "
        f"{'Version' if len(found.versions) == 1 else 'Versionen'}, {len(found.notices)} "
        f"{'Mitteilung' if len(found.notices) == 1 else 'Mitteilungen'})"
    )
    return 0


def verify_copy(args: argparse.Namespace) -> int:
    """Names the published version a downloaded copy is, or says that it is none (exit 1)."""
    from avv.publish.copy_check import check_copy  # mike loads only here

    found, answer = check_copy(args.repo, args.file, args.branch)
    print(answer)
    return 0 if found else 1


def build(args: argparse.Namespace) -> int:
    """Builds the site of one version; any warning of MkDocs fails the build."""
    from avv.site.build import build_site  # MkDocs loads only here

    target = args.site_dir or args.repo / "site"
    folder = output_folder.check(target, _repositories(args.repo), "--site-dir")
    build_site(args.repo, folder, args.version)
    output_folder.mark(folder)
    print(f"{target}: gebaut")
    return 0


def _repositories(path: Path) -> list[Path]:
    """The folder given as the repository, and the work tree it lies in."""
    try:
        with gitrepo.Repository(path) as repo:
            return [path, repo.root]
    except gitrepo.GitError:
        return [path]


def serve(args: argparse.Namespace) -> int:
    """Serves the work tree's site; edits of contract/ and annexes/ reload the pages."""
    from avv.site.build import serve_site  # MkDocs loads only here

    _interruptible()
    serve_site(args.repo, args.dev_addr)
    return 0


def _interruptible() -> None:
    """Ctrl-C stops a server, also where the shell started it with SIGINT ignored (in the
    background, or from a script)."""
    signal.signal(signal.SIGINT, signal.default_int_handler)


def demo(args: argparse.Namespace) -> int:
    """Builds and publishes a sample repository: the real AVV and example amendments."""
    from avv import demo as sample
    from avv.publish.deploy import publish as publish_site
    from avv.publish.serve import free_address, serve

    # The address first: a port taken (by `avv serve`, say) is said before anything is made.
    address = free_address(args.addr or DEMO_ADDRESS, chosen=args.addr is not None)
    if args.addr is None and address != DEMO_ADDRESS:
        print(f"{DEMO_ADDRESS} ist belegt (läuft dort avv serve?); das Beispiel nimmt {address}.")
    day = german.today()
    temporary = args.dir is None
    folder = args.dir or Path(tempfile.mkdtemp(prefix="avv-demo-"))
    try:
        folder = sample.create(folder, day)
        print(f"Beispiel-Repository: {folder}")
        done = publish_site(folder, day)
        print(f"Veröffentlicht: {', '.join(done.deployed)}; gültig: {done.latest}")
        if args.serve:
            _interruptible()
            serve(folder, address, announce=lambda url: print(f"Website: {url} (Strg+C beendet)"))
        else:
            print("Ansehen im Browser: avv demo --serve")
    except BaseException:
        if temporary:  # nothing half-made is left behind
            shutil.rmtree(folder, ignore_errors=True)
        raise
    return 0


DEMO_ADDRESS = "127.0.0.1:8000"


def _iso_date(text: str) -> date:
    try:
        if ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(
        f"{text!r} ist kein Datum — als JJJJ-MM-TT schreiben, z. B. 2021-02-19"
    )


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds <= 86_400:
        raise argparse.ArgumentTypeError(
            f"{text!r} ist keine Zahl von Sekunden zwischen 0 und 86400 — z. B. --time-limit 300"
        )
    return seconds


def _address(text: str) -> str:
    """HOST:PORT to serve on; port 0 becomes a free port, so that the address printed is the
    real one."""
    host, _, port = text.rpartition(":")
    wrong = (
        f"{text!r} ist keine Adresse HOST:PORT — z. B. 127.0.0.1:8000 (eine IP-Adresse und ein "
        "Port von 0 bis 65535; 0 wählt einen freien Port)"
    )
    if not re.fullmatch(r"\d{1,5}", port, re.ASCII) or int(port) > 65_535:
        raise argparse.ArgumentTypeError(wrong)
    try:
        family = socket.AF_INET6 if ipaddress.ip_address(host).version == 6 else socket.AF_INET
    except ValueError:
        raise argparse.ArgumentTypeError(wrong) from None
    if int(port):
        return text
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, 0))
        except OSError as error:
            raise argparse.ArgumentTypeError(
                f"auf {host} lässt sich kein Port öffnen ({error.strerror}) — eine Adresse dieses "
                "Rechners angeben, z. B. 127.0.0.1:0"
            ) from None
        return f"{host}:{probe.getsockname()[1]}"


def _positive(text: str) -> int:
    if not re.fullmatch(r"\d{1,12}", text, re.ASCII) or int(text) < 1:
        raise argparse.ArgumentTypeError(
            f"{text!r} ist keine ganze Zahl von Monaten ≥ 1 — z. B. --months 1"
        )
    return int(text)


# The customer register: private data, never in the repository or on the site.


def _register(args: argparse.Namespace) -> Register:
    from avv.register.database import open_register, register_url

    return open_register(register_url(args.register, args.repo), args.repo)


def _valid_history(repo: Path) -> list[history.Version]:
    return [v for v in history.versions(repo) if v.problem is None]


def _terms(past: Sequence[history.Version]) -> tuple[Terms, ...]:
    """The versions as `avv.law.binding` reads them: dates, kinds, the period of VI.c."""
    from avv.changes.kinds import terms

    return terms([v.agreement for v in past])


def customers_import(args: argparse.Namespace) -> int:
    """Imports (or updates) the customers of a CSV; on any problem nothing is imported."""
    from avv.register import customers, ledger

    past = _valid_history(args.repo)
    found = customers.read_csv(args.file, {v.id: v.published for v in past}, german.today())
    with _register(args) as register, register.transaction() as connection:
        added, updated = customers.store(connection, found, ledger.now().isoformat())
    print(f"{args.file}: {added} Kunden neu, {updated} aktualisiert ({register.where})")
    return 0


def customers_show(args: argparse.Namespace) -> int:
    """Shows a customer: what binds them, their notices, delivery, last day, declarations."""
    from avv.register import reports

    past = _valid_history(args.repo)
    with _register(args) as register, register.transaction() as connection:
        report = reports.customer_report(connection, _terms(past), args.id, german.today())
    if args.pdf is not None:
        from avv.register.today import agreement_pdf

        if args.pdf.suffix.lower() != ".pdf":
            raise AvvError(
                f"{args.pdf}: --pdf schreibt eine PDF-Datei — einen Namen auf .pdf angeben"
            )
        path = _output_file(args.repo, args.pdf, "--pdf")
        _outside_repository(path, args.repo, "--pdf")
        document, said = agreement_pdf(past, report, german.today())
        try:
            output_folder.write_file(path, document)
        except OSError as error:
            raise AvvError(
                f"{args.pdf}: {error.strerror} — einen Pfad in einem bestehenden Ordner angeben"
            ) from error
        print(f"{args.pdf}: {said}", file=sys.stderr if args.format == "json" else sys.stdout)
    if args.format == "json":
        sys.stdout.write(canonical.dumps(report))
        return 0
    print(f"Kunde {report['customer']}: {report['name'] or '(gelöscht)'}")
    print(f"  Adressen: {', '.join(report['emails']) or '–'}")
    print(f"  unterschrieben: Version {report['signed']} am {report['signed_on']}")
    print(f"  gebunden an: Version {report['bound_to']}")
    for told in report["notices"]:
        print(f"  Mitteilung {told['version']}: {_standing_line(told)}")
    return 0


def customers_erase(args: argparse.Namespace) -> int:
    """Erases a customer's name and addresses; the ledger keeps its proof."""
    from avv.register import customers, ledger

    with _register(args) as register, register.transaction() as connection:
        if customers.customer(connection, args.id) is None:
            raise AvvError(f"Kunde {args.id} steht nicht im Register")
        stamp = ledger.now()
        count = customers.erase(connection, args.id, stamp.isoformat())
        ledger.append(connection, "erased", args.id, "", {"addresses": count}, at=stamp)
    print(
        f"Kunde {args.id}: Name und {count} Adresse(n) gelöscht; der Nachweis im Protokoll bleibt"
    )
    return 0


_STATUS = {"delivered": "zugestellt", "bounced": "unzustellbar", "pending": "ausstehend"}


def _standing_line(row: dict[str, Any]) -> str:
    parts = [_STATUS[row["status"]]]
    if row["delivered_at"]:
        parts.append(f"am {row['delivered_at']}, zugegangen {row['received']}")
    if row["last_day"]:
        parts.append(f"Widerspruch bis {row['last_day']}")
    if row["objection"]:
        late = " (verspätet)" if row["objection_late"] else ""
        parts.append(f"Widerspruch am {row['objection']}{late}")
    if row["consent"]:
        parts.append(f"Zustimmung am {row['consent']}")
    return ", ".join(parts)


def send_notice(args: argparse.Namespace) -> int:
    """Sends a version's notice to every customer it concerns who has not received it."""
    from avv.register import ledger
    from avv.register import send as sending
    from avv.register.smtp import Mailer, server_from

    past = _valid_history(args.repo)
    site = settings.site_url(args.repo)
    plan = sending.campaign(past, args.version, site, german.today())
    if not site:
        print(
            "Hinweis: ohne site_url in mkdocs.yml enthalten die E-Mails keine Verweise auf die "
            "Website",
            file=sys.stderr,
        )
    with _register(args) as register, register.exclusive(f"avv send {args.version}"):
        with register.transaction() as connection:
            waiting, unreachable = sending.due(connection, plan)
        for customer in unreachable:
            print(f"Warnung: Kunde {customer.id} hat keine Adresse (gelöscht)", file=sys.stderr)
        if args.dry_run is not None:
            folder = output_folder.check(
                args.dry_run, _repositories(args.repo), "--dry-run", accept_marked=False
            )
            _outside_repository(folder, args.repo, "--dry-run")
            count = sending.write_dry_run(plan, waiting, folder, ledger.now())
            print(f"{args.dry_run}: {count} E-Mails geschrieben, nichts gesendet")
            return 0
        if not waiting:
            print(f"{args.version}: alle betroffenen Kunden sind erreicht — nichts zu senden")
            return 0
        server = server_from(None)
        pacing = sending.Pacing(args.rate, args.retries, args.backoff)
        counts = {"sent": 0, "refused": 0}
        with Mailer(server, plan.notice.contact.email) as mailer:
            for outcome in sending.send(register.engine, plan, waiting, mailer, pacing):
                counts[outcome.result] += 1
                verb = "zugestellt" if outcome.result == "sent" else "abgelehnt"
                until = f", Widerspruch bis {outcome.last_day}" if outcome.last_day else ""
                print(f"{outcome.customer}: {verb} ({outcome.reply}){until}")
    print(
        f"{args.version}: {counts['sent']} zugestellt, {counts['refused']} abgelehnt "
        f"({server.where})"
    )
    return 0


def _outside_repository(path: Path, repo: Path, option: str) -> None:
    """Customers' data never in the work tree: it could be committed."""
    for root in _repositories(repo):
        if path.resolve().is_relative_to(root.resolve()):
            raise AvvError(
                f"{path} liegt im Repository — Kundendaten gehören nicht hinein: mit "
                f"{option} einen Pfad außerhalb angeben"
            )


def show_deliveries(args: argparse.Namespace) -> int:
    """Each customer's standing with a version's notice, with totals."""
    from avv.register import reports

    terms = _terms(_valid_history(args.repo))
    with _register(args) as register, register.transaction() as connection:
        report = reports.deliveries(connection, terms, args.version)
    totals = report["totals"]
    if args.format == "json":
        sys.stdout.write(canonical.dumps(report))
        return 0
    if args.format == "csv":
        import csv

        out = csv.DictWriter(sys.stdout, fieldnames=reports.COLUMNS, lineterminator="\n")
        out.writeheader()
        out.writerows(report["customers"])
        return 0
    for row in report["customers"]:
        print(f"{row['customer']}  {row['name']}: {_standing_line(row)}")
    print(
        f"{args.version}: {totals['customers']} Kunden — {totals['delivered']} zugestellt, "
        f"{totals['bounced']} unzustellbar, {totals['pending']} ausstehend; "
        f"{totals['objections']} Widersprüche ({totals['late_objections']} verspätet), "
        f"{totals['consents']} Zustimmungen"
    )
    return 0


def read_bounces(args: argparse.Namespace) -> int:
    """Records the delivery status notifications of a mailbox as bounces of the notices they
    report; a DSN that cannot be read stops the whole mailbox (nothing recorded)."""
    from avv.register import bounces, declarations

    reading = bounces.read(args.mailbox)
    if reading.problems:
        raise InvalidAgreement(reading.problems)
    with _register(args) as register, register.transaction() as connection:
        recorded, left = declarations.record_bounces(connection, reading.failures)
    for entry in recorded:
        print(
            f"{entry.customer}: unzustellbar, Version {entry.version} "
            f"({entry.data['status']} {entry.data['diagnostic']})".rstrip()
        )
    for line in [*reading.ignored, *left]:
        print(f"Hinweis: {line}", file=sys.stderr)
    print(
        f"{args.mailbox}: {reading.count} Nachrichten, {len(recorded)} Unzustellbarkeiten "
        "verzeichnet"
    )
    return 0


def declare(args: argparse.Namespace) -> int:
    """Records a customer's consent or objection, received on --date."""
    from avv.register import declarations

    past = _valid_history(args.repo)
    kind = args.declaration
    with _register(args) as register, register.transaction() as connection:
        done = declarations.record_declaration(
            connection,
            past,
            kind,
            args.id,
            args.version,
            args.date,
            german.today(),
            getattr(args, "part", None) or (),
        )
    what = "Zustimmung" if kind == "consent" else "Widerspruch"
    if done.entry is None:
        print(f"{args.id}: {what} zu Version {args.version} {done.note}")
        return 0
    data = done.entry.data
    line = f"{args.id}: {what} zu Version {args.version}, eingegangen {args.date}"
    if kind == "objection":
        if data["late"]:
            line += f" — VERSPÄTET: die Frist endete am {data['last_day']}"
        elif data["last_day"]:
            line += f", rechtzeitig (Frist bis {data['last_day']})"
        else:
            line += " (keine Zustellung verzeichnet: die Frist läuft für diesen Kunden noch nicht)"
    else:
        line += f" (Teile: {', '.join(data['parts'])})"
    print(line)
    return 0


def register_verify(args: argparse.Namespace) -> int:
    """Checks the ledger's hash chain from its first entry."""
    from avv.register import ledger

    with _register(args) as register, register.transaction() as connection:
        found = ledger.verify(connection)
    for problem in found.problems:
        print(problem, file=sys.stderr)
    if found.problems:
        raise AvvError(
            f"das Protokoll des Registers {register.where} ist nicht unversehrt "
            f"({len(found.problems)} Befunde)"
        )
    print(
        f"{register.where}: Protokoll unversehrt, {found.count} Einträge, "
        f"letzter Eintrag {found.head}"
    )
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="avv", description="Die Auftragsverarbeitungsvereinbarung (AVV) als Code."
    )
    main.add_argument("--debug", action="store_true", help="bei Fehlern den Traceback zeigen")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, run: Command, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(run=run)
        return sub

    def with_repo(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
        sub.add_argument(
            "--repo", type=Path, default=Path("."), help="das Repository (Standard: hier)"
        )
        return sub

    checking = with_repo(command("check", check, "contract/ und annexes/ prüfen"))
    checking.add_argument(
        "--base",
        metavar="REF",
        help="auch die Änderung gegen diese Basis prüfen (eines Pull Requests)",
    )
    checking.add_argument(
        "--summary",
        type=Path,
        metavar="FILE",
        help="die Zusammenfassung an FILE anhängen",
    )
    checking.add_argument(
        "--today",
        type=_iso_date,
        help="der Tag der Prüfung mit --base, JJJJ-MM-TT (Standard: heute in Wien)",
    )
    checking.add_argument(
        "--time-limit",
        type=_seconds,
        default=TIME_LIMIT,
        metavar="SECONDS",
        help=f"nach so vielen Sekunden aufhören und sagen, was fehlt (Standard: {TIME_LIMIT:g})",
    )
    with_repo(command("export", export, "die Vereinbarung als kanonisches JSON ausgeben"))
    past = with_repo(command("history", show_history, "die Versionen der git-Historie auflisten"))
    past.add_argument("--json", action="store_true", help="die Liste als JSON ausgeben")
    past.add_argument(
        "--today",
        type=_iso_date,
        help="der Tag der Stände, JJJJ-MM-TT (Standard: heute in Wien)",
    )
    told = with_repo(command("notice", show_notice, "die schriftliche Mitteilung einer Version"))
    told.add_argument("--to", required=True, metavar="NEW", help="die Version, die mitgeteilt wird")
    told.add_argument(
        "--from", dest="from_", metavar="OLD", help="die frühere Version (Standard: die davor)"
    )
    told.add_argument("--format", choices=("md", "txt", "eml", "html"), default="md")
    compared = with_repo(command("compare", compare, "die Redline von Version OLD zu NEW"))
    compared.add_argument("old", metavar="OLD", help="die id der früheren Version")
    compared.add_argument(
        "new",
        metavar="NEW",
        help="die id der späteren Version (oder der im Arbeitsverzeichnis)",
    )
    compared.add_argument(
        "--format", choices=("md", "html", "json", "docx", "pdf", "synopsis"), default="md"
    )
    compared.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="in FILE schreiben (nötig für docx, pdf)"
    )
    signing = with_repo(
        command(
            "sign-copy",
            sign_copy,
            "die Vereinbarung mit den Angaben des Kunden",
        )
    )
    signing.add_argument(
        "--version",
        required=True,
        metavar="ID",
        help="eine Version der Historie oder die im Arbeitsverzeichnis",
    )
    signing.add_argument(
        "--controller", type=Path, metavar="FILE.yaml", help="die Angaben des Kunden (YAML)"
    )
    signing.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE.pdf",
        help="die .pdf- oder .docx-Datei",
    )
    signing.add_argument(
        "--example",
        action="store_true",
        help="eine FILE.yaml zum Ausfüllen ausgeben",
    )
    site = with_repo(command("publish", publish, "die Versionen veröffentlichen"))
    site.add_argument("--branch", default=BRANCH, help=f"der Site-Branch (Standard: {BRANCH})")
    site.add_argument("--push", action="store_true", help="den Site-Branch nach --remote pushen")
    site.add_argument("--remote", default="origin", help="wohin gepusht wird (Standard: origin)")
    site.add_argument(
        "--today", type=_iso_date, help="der Tag der Veröffentlichung (Standard: heute in Wien)"
    )
    checked = with_repo(command("verify", verify, "den Site-Branch gegen sein Protokoll prüfen"))
    checked.add_argument("--branch", default=BRANCH, help=f"der Site-Branch (Standard: {BRANCH})")
    checked.add_argument(
        "--accept-reset",
        action="store_true",
        help="einen Site-Branch annehmen, der nicht vom zuletzt geprüften Stand abstammt",
    )
    copied = with_repo(
        command(
            "verify-copy",
            verify_copy,
            "die veröffentlichte Version einer geladenen Datei nennen (PDF, Word, JSON)",
        )
    )
    copied.add_argument("file", type=Path, help="die Kopie: avv.pdf, avv.docx, avv.json, …")
    copied.add_argument("--branch", default=BRANCH, help=f"der Site-Branch (Standard: {BRANCH})")
    built = with_repo(command("build", build, "die Website einer Version bauen"))
    built.add_argument("--site-dir", type=Path, help="wohin gebaut wird (Standard: REPO/site)")
    built.add_argument(
        "--version",
        metavar="ID",
        help="eine Version der Historie (Standard: Arbeitsverzeichnis)",
    )
    served = with_repo(command("serve", serve, "die Website ausliefern und neu laden"))
    served.add_argument(
        "--dev-addr", type=_address, metavar="HOST:PORT", help="Standard: 127.0.0.1:8000"
    )
    sample = command("demo", demo, "ein Beispiel-Repository bauen, veröffentlichen und ausliefern")
    sample.add_argument("--dir", type=Path, help="ein neuer Ordner (Standard: ein temporärer)")
    sample.add_argument("--serve", action="store_true", help="mit mike serve ausliefern")
    sample.add_argument(
        "--addr",
        type=_address,
        help=f"wo ausgeliefert wird (Standard: {DEMO_ADDRESS}, sonst der nächste freie Port)",
    )
    _register_commands(commands, command, with_repo)
    days = command(
        "deadline", last_day, "der letzte Tag des Widerspruchs gegen eine Mitteilung vom DATE"
    )
    days.add_argument("date", type=_iso_date, help="der Tag der Mitteilung, JJJJ-MM-TT")
    days.add_argument("--months", type=_positive, default=1, help="die Länge der Frist in Monaten")
    return main


def _register_commands(
    commands: Any,
    command: Callable[[str, Command, str], argparse.ArgumentParser],
    with_repo: Callable[[argparse.ArgumentParser], argparse.ArgumentParser],
) -> None:
    """The register's commands; each takes --register URL (default: AVV_REGISTER, else
    .git/avv-register.sqlite of the repository)."""

    def with_register(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
        sub.add_argument(
            "--register",
            metavar="URL",
            help="das Register: sqlite:///PFAD oder postgresql://USER@HOST:PORT/DB "
            "(Standard: AVV_REGISTER, sonst .git/avv-register.sqlite)",
        )
        return with_repo(sub)

    group = commands.add_parser("customers", help="die Kunden des Registers")
    actions = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    imported = with_register(
        actions.add_parser("import", help="Kunden aus einer CSV-Datei einlesen oder aktualisieren")
    )
    imported.set_defaults(run=customers_import)
    imported.add_argument("file", type=Path, metavar="FILE.csv")
    shown = with_register(actions.add_parser("show", help="ein Kunde und seine Mitteilungen"))
    shown.set_defaults(run=customers_show)
    shown.add_argument("id", metavar="ID", help="die Kundennummer")
    shown.add_argument("--format", choices=("text", "json"), default="text")
    shown.add_argument(
        "--pdf",
        type=Path,
        metavar="FILE",
        help="auch seine Vereinbarung, wie sie ihn heute bindet, als PDF schreiben",
    )
    erased = with_register(
        actions.add_parser("erase", help="Namen und Adressen eines Kunden löschen (Art. 17 DSGVO)")
    )
    erased.set_defaults(run=customers_erase)
    erased.add_argument("id", metavar="ID", help="die Kundennummer")
    sent = with_register(
        command("send", send_notice, "die Mitteilung einer Version an die Kunden senden")
    )
    sent.add_argument("version", metavar="VERSION")
    sent.add_argument(
        "--dry-run", type=Path, metavar="DIR", help="die E-Mails nach DIR schreiben, nichts senden"
    )
    sent.add_argument(
        "--rate",
        type=float,
        default=5.0,
        help="Nachrichten je Sekunde (Standard 5; 0: ohne Grenze)",
    )
    sent.add_argument(
        "--retries",
        type=int,
        default=5,
        help="Versuche nach einer vorübergehenden Ablehnung (Standard 5)",
    )
    sent.add_argument(
        "--backoff",
        type=float,
        default=2.0,
        help="erste Pause vor einem neuen Versuch, in Sekunden",
    )
    listed = with_register(
        command("deliveries", show_deliveries, "der Stand jedes Kunden zu einer Mitteilung")
    )
    listed.add_argument("version", metavar="VERSION")
    listed.add_argument("--format", choices=("table", "json", "csv"), default="table")
    bounced = with_register(
        command(
            "bounces",
            read_bounces,
            "die Unzustellbarkeitsberichte eines Postfachs erfassen (RFC 3464)",
        )
    )
    bounced.add_argument(
        "mailbox", type=Path, metavar="MAILBOX", help="eine mbox-Datei oder ein Maildir"
    )
    for name, help in (
        ("consent", "die schriftliche Zustimmung eines Kunden zu einer Version erfassen"),
        (
            "objection",
            "den Widerspruch eines Kunden gegen die Mitteilung einer Version erfassen (VI.c)",
        ),
    ):
        declared = with_register(command(name, declare, help))
        declared.set_defaults(declaration=name)
        declared.add_argument("id", metavar="ID", help="die Kundennummer")
        declared.add_argument("version", metavar="VERSION")
        declared.add_argument(
            "--date", type=_iso_date, required=True, help="der Tag des Eingangs, JJJJ-MM-TT"
        )
        if name == "consent":
            declared.add_argument(
                "--part",
                action="append",
                choices=("XIII.b", "V.b"),
                help="der Teil, dem zugestimmt wird (Standard: jeder Teil, der Zustimmung braucht)",
            )
    own = commands.add_parser("register", help="das Register selbst")
    own_actions = own.add_subparsers(dest="action", required=True, metavar="ACTION")
    verified = with_register(
        own_actions.add_parser("verify", help="die Kette des Protokolls prüfen")
    )
    verified.set_defaults(run=register_verify)


def main(argv: Sequence[str] | None = None) -> int:
    with _german_argparse():
        args = parser().parse_args(argv)
    try:
        return int(args.run(args))
    except InvalidAgreement as error:
        if args.debug:
            raise
        for problem in error.problems:
            print(problem, file=sys.stderr)
        count = len(error.problems)
        print(f"{count} Problem{'e' if count != 1 else ''} gefunden.", file=sys.stderr)
        return 1
    except AvvError as error:
        if args.debug:
            raise
        print(f"avv: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        if args.debug:
            raise
        where = f"{error.filename}: " if error.filename else ""
        print(
            f"avv: {where}{error.strerror or error} — den Pfad prüfen (ein bestehender, "
            "beschreibbarer Ordner); mit --debug vor dem Befehl zeigt avv die Einzelheiten",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        if args.debug:
            raise
        print("avv: abgebrochen", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
