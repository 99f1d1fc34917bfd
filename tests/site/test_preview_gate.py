"""The gate of `avv serve` while the pages looked at are built first: they and what they load
pass, every other page waits for the whole site (a request served meanwhile would be a page of
the previous edit)."""

from __future__ import annotations

import threading

from avv.site.preview import Gate


def passes(gate: Gate, path: str, referer: str | None) -> bool:
    """Whether a request for `path` from `referer` is served within a fifth of a second."""
    served = threading.Event()

    def request() -> None:
        gate.wait(path, referer)
        served.set()

    threading.Thread(target=request, daemon=True).start()
    return served.wait(0.2)


def test_an_open_gate_serves_everything() -> None:
    assert passes(Gate(), "vergleich/2021-02-19/", None)


def test_while_the_pages_looked_at_are_served_only_they_and_what_they_load_pass() -> None:
    gate = Gate()
    with gate.closed():
        gate.let_through(["avv/"])
        assert passes(gate, "avv/", None)
        assert passes(gate, "avv/index.html", "avv/")
        assert passes(gate, "stylesheets/extra.css", "avv/")
        assert not passes(gate, "vergleich/2021-02-19/", None)
        assert not passes(gate, "vergleich/2021-02-19/", "avv/")
        assert not passes(gate, "anlage-2/index.html", "avv/")
        assert not passes(gate, "avv.pdf", None)


def test_while_the_whole_site_is_built_nothing_passes_and_then_everything_waiting_is_served() -> (
    None
):
    gate = Gate()
    waiting = threading.Event()
    with gate.closed():
        gate.let_through(["avv/"])
        gate.let_through(())
        assert not passes(gate, "avv/", None)

        def request() -> None:
            gate.wait("vergleich/2021-02-19/", None)
            waiting.set()

        threading.Thread(target=request, daemon=True).start()
        assert not waiting.wait(0.2)
    assert waiting.wait(5)


def test_what_a_stylesheet_of_the_page_loads_passes_too() -> None:
    gate = Gate()
    with gate.closed():
        assert not passes(gate, "assets/images/mark.svg", "stylesheets/extra.css")
        gate.let_through(["avv/"])
        assert passes(gate, "assets/images/mark.svg", "stylesheets/extra.css")
