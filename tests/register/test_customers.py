"""`avv customers import|show` and the register itself: every problem of a CSV at once and
nothing imported, importing again updates, a register of a newer schema or inside the work tree
refused, the ledger's chain verified."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from tests.register.support import Avv, SmtpServer, write_csv

GOOD = "4711,Muster GmbH,datenschutz@muster.at,2021-02-19,2021-03-01"


def test_a_bad_csv_names_every_problem_and_imports_nothing(avv: Avv) -> None:
    rows = [
        GOOD,
        "4712,Beispiel AG,office@beispiel,2021-02-19,2021-05-10",
        "4711,Muster GmbH,zweite@muster.at,2021-02-19,2021-03-01",
        "4713,Neu KG,recht@neu.at,2030-01-01,2022-03-05",
        "4714,Alt KG,alt@alt.at,2022-03-01,2022-02-30",
        "4715,,leer@leer.at,2021-02-19,2021-03-01",
    ]
    path = write_csv(avv.repo.parent / "kunden.csv", rows)
    code, _, err = avv("customers", "import", str(path))
    assert code == 1
    lines = err.splitlines()
    assert lines == [
        f"{path}:3: 'office@beispiel' ist keine E-Mail-Adresse — eine Adresse wie "
        "datenschutz@kunde.at angeben, mehrere durch ; getrennt",
        f"{path}:4: Kunde 4711 steht schon in Zeile 2 — jeden Kunden einmal aufführen, mit allen "
        "Adressen in einer Zeile",
        f"{path}:5: Version '2030-01-01' gibt es in der Geschichte der AVV nicht — die "
        "unterschriebene Version angeben; bekannt: 2021-02-19, 2022-03-01, 2023-05-02",
        f"{path}:6: signed_on '2022-02-30' ist kein Datum — als JJJJ-MM-TT schreiben, "
        "z. B. 2021-03-01",
        f"{path}:7: der Name des Kunden fehlt — die Firma angeben, wie sie im Vertrag steht",
        "5 Probleme gefunden.",
    ]
    code, _, err = avv("customers", "show", "4711")
    assert code == 1
    assert "Kunde 4711 steht nicht im Register" in err


def test_a_header_without_the_columns_is_refused(avv: Avv) -> None:
    path = write_csv(avv.repo.parent / "k.csv", [GOOD], header="kunde,name,mail,signed,signed_on")
    code, _, err = avv("customers", "import", str(path))
    assert code == 1
    assert f"{path}:1: Spalte fehlt: customer, email — Spalten:" in err
    assert f"{path}:1: unbekannte Spalte: kunde, mail" in err


def test_semicolon_separated_csv_and_importing_again_updates(avv: Avv) -> None:
    header = "customer;name;email;signed;signed_on;language"
    path = write_csv(
        avv.repo.parent / "k.csv",
        ['4711;Muster GmbH;"a@muster.at;b@muster.at";2021-02-19;2021-03-01;de'],
        header,
    )
    assert avv("customers", "import", str(path))[0] == 0
    write_csv(path, ["4711;Muster GmbH & Co KG;c@muster.at;2022-03-01;2022-03-10;en"], header)
    out = avv("customers", "import", str(path))[1]
    assert "0 Kunden neu, 1 aktualisiert" in out
    out = avv("customers", "show", "4711", "--format", "json")[1]
    shown = json.loads(out)
    assert shown["name"] == "Muster GmbH & Co KG"
    assert shown["emails"] == ["c@muster.at"]
    assert (shown["signed"], shown["bound_to"], shown["language"]) == (
        "2022-03-01",
        "2022-03-01",
        "en",
    )
    assert [n["version"] for n in shown["notices"]] == ["2023-05-02"]


def test_a_register_of_a_newer_schema_is_refused_untouched(avv: Avv) -> None:
    path = write_csv(avv.repo.parent / "k.csv", [GOOD])
    assert avv("customers", "import", str(path))[0] == 0
    engine = sa.create_engine(avv.register.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    code, _, err = avv("customers", "show", "4711")
    assert code == 1
    assert "hat das Schema 9999, das diese Version von avv nicht kennt" in err
    with engine.begin() as connection:
        assert connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == (
            "9999"
        )
    engine.dispose()


def test_the_chain_is_verified_and_a_changed_entry_found(avv: Avv, smtp_server: SmtpServer) -> None:
    rows = [GOOD, "4712,Beispiel AG,office@beispiel.at,2021-02-19,2021-05-10"]
    avv("customers", "import", str(write_csv(avv.repo.parent / "k.csv", rows)))
    avv.smtp(smtp_server.url)
    assert avv("send", "2022-03-01", "--rate", "0")[0] == 0
    code, out, _ = avv("register", "verify")
    assert code == 0
    assert "Protokoll unversehrt, 2 Einträge" in out
    engine = sa.create_engine(avv.register.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as connection, pytest.raises(sa.exc.DatabaseError, match="nur ergänzt"):
        connection.execute(sa.text("DELETE FROM ledger"))
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.execute(sa.text("DROP TRIGGER ledger_no_update"))
        else:
            connection.execute(sa.text("DROP TRIGGER ledger_append_only ON ledger"))
        connection.execute(
            sa.text("UPDATE ledger SET data = replace(data, '2.0.0', '2.0.1') WHERE seq = 1")
        )
    engine.dispose()
    code, _, err = avv("register", "verify")
    assert code == 1
    assert "Eintrag 1: die Prüfsumme stimmt nicht mit dem Inhalt überein" in err
    assert "nicht unversehrt (1 Befunde)" in err


def test_an_sqlite_register_inside_the_work_tree_is_refused(avv: Avv) -> None:
    path = write_csv(avv.repo.parent / "k.csv", [GOOD])
    inside = f"sqlite:///{avv.repo / 'register.sqlite'}"
    avv.register = inside
    code, _, err = avv("customers", "import", str(path))
    assert code == 1
    assert "könnte mit den Kundendaten committet werden" in err
    assert not (avv.repo / "register.sqlite").exists()


def test_the_default_register_lives_in_the_git_folder(avv: Avv) -> None:
    from avv import cli

    path = write_csv(avv.repo.parent / "k.csv", [GOOD])
    assert cli.main(["customers", "import", str(path), "--repo", str(avv.repo)]) == 0
    assert (avv.repo / ".git" / "avv-register.sqlite").is_file()


def test_erasing_a_customer_keeps_the_proof(avv: Avv, smtp_server: SmtpServer) -> None:
    avv("customers", "import", str(write_csv(avv.repo.parent / "k.csv", [GOOD])))
    avv.smtp(smtp_server.url)
    assert avv("send", "2022-03-01", "--rate", "0")[0] == 0
    code, out, _ = avv("customers", "erase", "4711")
    assert code == 0
    assert "Name und 1 Adresse(n) gelöscht" in out
    shown = json.loads(avv("customers", "show", "4711", "--format", "json")[1])
    assert (shown["name"], shown["emails"]) == (None, [])
    assert shown["notices"][0]["status"] == "delivered"
    engine = sa.create_engine(avv.register.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as connection:
        stored = " ".join(
            str(value)
            for table in ("customers", "addresses", "ledger")
            for row in connection.execute(sa.text(f"SELECT * FROM {table}"))
            for value in row
        )
    engine.dispose()
    assert "muster" not in stored.lower()
    assert "Protokoll unversehrt, 2 Einträge" in avv("register", "verify")[1]
    # Nothing left to send to: the notice reached them.
    assert "nichts zu senden" in avv("send", "2022-03-01")[1]
