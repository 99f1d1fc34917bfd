"""The `avv` command: one function per subcommand, errors printed without a traceback."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from avv import canonical, deadline
from avv.content import load_folder
from avv.errors import AvvError, InvalidAgreement

Command = Callable[[argparse.Namespace], int]


def check(args: argparse.Namespace) -> int:
    """Validates the agreement in the work tree."""
    agreement = load_folder(args.repo)
    print(
        f"{agreement.version}: in Ordnung ({len(agreement.sections)} Abschnitte, "
        f"{len(agreement.measures)} Maßnahmenkategorien, "
        f"{len(agreement.subprocessors)} Subunternehmer)"
    )
    return 0


def export(args: argparse.Namespace) -> int:
    """Prints the agreement as canonical JSON."""
    sys.stdout.write(canonical.dumps(canonical.export(load_folder(args.repo))))
    return 0


def last_day(args: argparse.Namespace) -> int:
    """Prints the last day of an objection period that starts with a notice on DATE."""
    print(deadline.last_day_to_object(args.date, args.months).isoformat())
    return 0


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write YYYY-MM-DD") from None


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of months ≥ 1")
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

    with_repo(command("check", check, "validate contract/ and annexes/"))
    with_repo(command("export", export, "print the agreement as canonical JSON"))
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


if __name__ == "__main__":
    sys.exit(main())
