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
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from avv import output_folder
from avv.changes import redline
from avv.content import canonical
from avv.content.load import load, load_folder, read_folder
from avv.documents import blanks, notice_render, redline_render
from avv.errors import AvvError, InvalidAgreement
from avv.law import deadline
from avv.model import ISO_DATE, Agreement
from avv.notices import notice
from avv.notices.links import VersionPaths
from avv.pull_request import check as pr_check
from avv.repo import gitrepo, history
from avv.site import settings

Command = Callable[[argparse.Namespace], int]
# How long `avv check` may take before it stops and says what it cut short.
TIME_LIMIT = 300.0


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
    findings = pr_check.check(base, agreement, files, args.today or history.today())
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
    day = args.today or history.today()
    rows = history.listing(list(past.versions), day)
    for warning in [*past.unnamed, *(v.problem for v in past.versions if v.problem)]:
        print(f"Warnung: {warning}", file=sys.stderr)
    if args.json:
        sys.stdout.write(canonical.dumps({"today": day.isoformat(), "versions": rows}))
        return 0
    header = {
        "id": "Fassung",
        "published": "Bekanntgabe",
        "effective": "gültig ab",
        "valid_until": "gültig bis",
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


def show_notice(args: argparse.Namespace) -> int:
    """Prints the written notice of version TO against FROM (default: the version before it)."""
    known = history.versions(args.repo)
    ids = [v.id for v in known]
    for wanted in (args.to, args.from_):
        if wanted is not None and wanted not in ids:
            raise AvvError(f"no version {wanted} in the history — known: {', '.join(ids)}")
    new = ids.index(args.to)
    old = ids.index(args.from_) if args.from_ is not None else new - 1
    if old < 0:
        raise AvvError(f"{args.to} is the first version: it has no notice — give a later --to")
    if old >= new:
        raise AvvError(f"--from {ids[old]} is not older than --to {args.to}")
    # Linked as on its page: from <version>/mitteilung/, absolute once site_url is set.
    here = VersionPaths(args.to).notice
    site = settings.site_url(args.repo)
    earlier = [v.agreement for v in known[: old + 1] if v.problem is None]
    found = notice.notice_for(
        known[old].agreement, known[new].agreement, site, here, earlier=earlier
    )
    if not site:
        print(
            f"Hinweis: die Verweise gelten relativ zu {here} der Website — mit site_url in "
            "mkdocs.yml werden sie vollständige Adressen",
            file=sys.stderr,
        )
    if found is None:
        raise AvvError(
            f"{args.to} changes nothing to tell against {ids[old]}, only white space or its "
            "own id and dates: there is no notice"
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
    or writes it to the file of -o."""
    if args.format == "docx" and args.output is None:
        raise AvvError("--format docx schreibt eine Datei — mit -o DATEI.docx angeben, wohin")
    if args.output is not None:
        _output_file(args.repo, args.output, "-o")  # refused before any work
    old, new = _agreement(args.repo, args.old), _agreement(args.repo, args.new)
    if args.format == "docx":
        from avv.documents.docx import redline_docx  # python-docx loads only here

        _write(args.repo, args.output, redline_docx(old, new))
        print(f"{args.output}: Änderungen von {old.version} zu {new.version} als Word-Dokument")
        return 0
    found = redline.redline(old, new)
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


def _agreement(repo: Path, version: str) -> Agreement:
    """A version of the history, or the work tree's content when it carries that id."""
    known = {v.id: v for v in history.versions(repo)}
    if version in known:
        return known[version].agreement
    work_tree = load_folder(repo)
    if work_tree.version == version:
        return work_tree
    ids = ", ".join([*known, *([] if work_tree.version in known else [work_tree.version])])
    raise AvvError(f"no version {version} in {repo} — known: {ids}")


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
    write_sign_copy(agreement, args.controller, _output_file(args.repo, args.output, "-o"))
    print(f"{args.output}: unterschriftsreife Ausfertigung der Version {args.version}")
    return 0


def publish(args: argparse.Namespace) -> int:
    """Deploys every announced version not on the site branch yet; moves latest and the default
    to the version in effect."""
    from avv.publish.deploy import publish as publish_site  # MkDocs and mike load only here

    day = args.today or history.today()
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
    day = history.today()
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


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="avv", description="Die Auftragsverarbeitungsvereinbarung (AVV) als Code."
    )
    main.add_argument("--debug", action="store_true", help="show a traceback on errors")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, run: Command, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(run=run)
        return sub

    def with_repo(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
        sub.add_argument(
            "--repo", type=Path, default=Path("."), help="the repository (default: here)"
        )
        return sub

    checking = with_repo(command("check", check, "validate contract/ and annexes/"))
    checking.add_argument(
        "--base", metavar="REF", help="also check the change against this base (a pull request's)"
    )
    checking.add_argument(
        "--summary", type=Path, metavar="FILE", help="append the reviewers' summary to FILE"
    )
    checking.add_argument(
        "--today",
        type=_iso_date,
        help="the day of the check for --base, YYYY-MM-DD (default: today in Vienna)",
    )
    checking.add_argument(
        "--time-limit",
        type=_seconds,
        default=TIME_LIMIT,
        metavar="SECONDS",
        help=f"stop after this long, saying what was cut short (default: {TIME_LIMIT:g})",
    )
    with_repo(command("export", export, "print the agreement as canonical JSON"))
    past = with_repo(command("history", show_history, "list the versions of the git history"))
    past.add_argument("--json", action="store_true", help="print the list as JSON")
    past.add_argument(
        "--today",
        type=_iso_date,
        help="the day of the states, YYYY-MM-DD (default: today in Vienna)",
    )
    told = with_repo(command("notice", show_notice, "the written notice of a version"))
    told.add_argument("--to", required=True, metavar="NEW", help="the version that is notified")
    told.add_argument(
        "--from", dest="from_", metavar="OLD", help="the earlier version (default: the one before)"
    )
    told.add_argument("--format", choices=("md", "txt", "eml", "html"), default="md")
    compared = with_repo(command("compare", compare, "the redline from version OLD to NEW"))
    compared.add_argument("old", metavar="OLD", help="the earlier version id")
    compared.add_argument("new", metavar="NEW", help="the later version id (or the work tree's)")
    compared.add_argument(
        "--format", choices=("md", "html", "json", "docx", "synopsis"), default="md"
    )
    compared.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write to FILE (needed for docx)"
    )
    signing = with_repo(
        command("sign-copy", sign_copy, "the agreement with the customer's entries, to sign")
    )
    signing.add_argument(
        "--version", required=True, metavar="ID", help="a version of the history or the work tree"
    )
    signing.add_argument(
        "--controller", type=Path, metavar="FILE.yaml", help="the customer's entries (YAML)"
    )
    signing.add_argument(
        "-o", "--output", type=Path, metavar="FILE.pdf", help="the .pdf or .docx to write"
    )
    signing.add_argument(
        "--example", action="store_true", help="print a FILE.yaml to fill in for this version"
    )
    site = with_repo(command("publish", publish, "deploy the versions to the site branch"))
    site.add_argument("--branch", default="gh-pages", help="the site branch (default: gh-pages)")
    site.add_argument("--push", action="store_true", help="push the site branch to --remote")
    site.add_argument("--remote", default="origin", help="the remote to push to (default: origin)")
    site.add_argument(
        "--today", type=_iso_date, help="the day to publish for (default: today in Vienna)"
    )
    checked = with_repo(
        command("verify", verify, "verify the site branch against its publication record")
    )
    checked.add_argument("--branch", default="gh-pages", help="the site branch (default: gh-pages)")
    checked.add_argument(
        "--accept-reset",
        action="store_true",
        help="accept a site branch that does not descend from the state verified last",
    )
    copied = with_repo(
        command(
            "verify-copy",
            verify_copy,
            "name the published version of a file downloaded from the site (PDF, Word, JSON)",
        )
    )
    copied.add_argument("file", type=Path, help="the copy: avv.pdf, avv.docx, avv.json, …")
    copied.add_argument("--branch", default="gh-pages", help="the site branch (default: gh-pages)")
    built = with_repo(command("build", build, "build the site of one version"))
    built.add_argument("--site-dir", type=Path, help="where to build (default: REPO/site)")
    built.add_argument(
        "--version", metavar="ID", help="a version of the history (default: work tree)"
    )
    served = with_repo(command("serve", serve, "serve the site, reloading on edits"))
    served.add_argument(
        "--dev-addr", type=_address, metavar="HOST:PORT", help="default: 127.0.0.1:8000"
    )
    sample = command("demo", demo, "build, publish and serve a sample repository")
    sample.add_argument("--dir", type=Path, help="a new folder for it (default: a temp folder)")
    sample.add_argument("--serve", action="store_true", help="serve the site with mike serve")
    sample.add_argument(
        "--addr",
        type=_address,
        help=f"where to serve (default: {DEMO_ADDRESS}, or the next free port where it is taken)",
    )
    days = command("deadline", last_day, "last day to object to a notice given on DATE")
    days.add_argument("date", type=_iso_date, help="the day of notice, YYYY-MM-DD")
    days.add_argument("--months", type=_positive, default=1, help="length of the period")
    return main


def main(argv: Sequence[str] | None = None) -> int:
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
