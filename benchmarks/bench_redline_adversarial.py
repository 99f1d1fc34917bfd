"""How long the redline takes on texts made to be hard: one clause of up to 25,000 words
rewritten word for word, every other word changed, the words shuffled, a text of three words
repeated, beside the real AVV with such a clause in it; and, hypothesis-style, random clauses
and edits of every size and vocabulary. Every result is checked to be a redline (the old text
is its deletions and unchanged parts, the new one its insertions and unchanged parts), and the
time per word should stay flat as the clause grows (near linear).

`--before` also times `difflib.SequenceMatcher` on the same tokens, which is what the redline
used before (minutes at 25,000 words: give it `--before-words 5000` or less).

Run: .venv/bin/python benchmarks/bench_redline_adversarial.py [--runs N] [--examples N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from difflib import SequenceMatcher
from functools import partial
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from avv.changes.redline import Diff, _tokens, redline, word_diff
from avv.content.load import load_folder
from avv.documents.redline_render import render_markdown
from avv.model import Agreement

ROOT = Path(__file__).resolve().parents[1]
SIZES = (1_000, 5_000, 25_000)


def words(count: int, seed: int, vocabulary: int = 50_000) -> list[str]:
    """`count` German-looking words from a vocabulary of `vocabulary`."""
    rng = random.Random(seed)
    syllables = ("ver", "ar", "bei", "tung", "da", "ten", "schutz", "auf", "trag", "ge", "nehm")
    pool = ["".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(400)]
    made = [f"{rng.choice(pool)}{rng.randrange(vocabulary)}" for _ in range(count)]
    return made


def cases(count: int) -> dict[str, tuple[str, str]]:
    """Old and new clause of `count` words, per kind of rewrite."""
    base = words(count, 1)
    rng = random.Random(2)
    shuffled = base[:]
    rng.shuffle(shuffled)
    three = [rng.choice(("die", "der", "das")) for _ in range(count)]
    three_edited = [w if rng.random() > 0.05 else "den" for w in three]
    return {
        "rewritten word for word": (" ".join(base), " ".join(words(count, 3))),
        "every other word": (
            " ".join(base),
            " ".join(w if i % 2 else f"neu{i}" for i, w in enumerate(base)),
        ),
        "shuffled": (" ".join(base), " ".join(shuffled)),
        "three words, 5 % edited": (" ".join(three), " ".join(three_edited)),
        "one word changed": (
            " ".join(base),
            " ".join(w if i != count // 2 else "geändert" for i, w in enumerate(base)),
        ),
    }


def is_redline(diff: Diff, old: str, new: str) -> bool:
    kept = "".join(s.text for s in diff if s.kind != "insert")
    made = "".join(s.text for s in diff if s.kind != "delete")
    return kept == old and made == new


def median_ms(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def with_clause(agreement: Agreement, text: str) -> Agreement:
    """The agreement with clause VI.c's text replaced by `text`."""
    sections = tuple(
        replace(
            s,
            clauses=tuple(replace(c, text=text) if c.id == "vi-c" else c for c in s.clauses),
        )
        for s in agreement.sections
    )
    return replace(agreement, sections=sections)


def adversarial(runs: int, before_words: int) -> list[str]:
    rows = []
    for count in SIZES:
        for name, (old, new) in cases(count).items():
            diff = word_diff(old, new)
            assert is_redline(diff, old, new), name
            ms = median_ms(partial(word_diff, old, new), runs)
            line = f"{count:>6} words  {name:<26} {ms:9.1f} ms  {ms * 1000 / count:7.2f} µs/word"
            if count <= before_words:
                a, b = _tokens(old), _tokens(new)
                start = time.perf_counter()
                SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
                line += f"   difflib {(time.perf_counter() - start) * 1000:10.1f} ms"
            rows.append(line)
            print(rows[-1], flush=True)
    return rows


def whole_agreement(runs: int) -> list[str]:
    """The real AVV with VI.c replaced by a clause of 25,000 words, old and rewritten: the
    redline and its Markdown, as `avv compare` and the pull request's summary make them."""
    real = load_folder(ROOT)
    old_text, new_text = cases(25_000)["rewritten word for word"]
    old, new = with_clause(real, old_text), with_clause(real, new_text)
    plain = median_ms(lambda: redline(real, real), runs)
    hard = median_ms(lambda: render_markdown(redline(old, new)), runs)
    rows = [
        f"real AVV against itself:                       {plain:9.1f} ms",
        f"real AVV, VI.c 25,000 words rewritten, + Markdown: {hard:9.1f} ms",
    ]
    for row in rows:
        print(row, flush=True)
    return rows


def random_texts(examples: int) -> list[str]:
    """Hypothesis draws clauses and edits: vocabularies from 2 to 5,000 words, 0 to 25,000
    words, edits of every kind; every result must be a redline, and the slowest per word is
    reported."""
    per_word: list[tuple[float, int, int]] = []

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        vocabulary=st.integers(2, 5_000),
        count=st.integers(0, 25_000),
        edits=st.lists(
            st.tuples(st.sampled_from(("insert", "delete", "replace", "move")), st.floats(0, 1)),
            max_size=2_000,
        ),
        seed=st.integers(0, 2**32),
    )
    def draw(vocabulary: int, count: int, edits: list[tuple[str, float]], seed: int) -> None:
        rng = random.Random(seed)
        old = [f"w{rng.randrange(vocabulary)}" for _ in range(count)]
        new = old[:]
        for kind, where in edits:
            at = int(where * len(new))
            if kind == "insert" or not new:
                new.insert(at, f"w{rng.randrange(vocabulary)}")
            elif kind == "delete":
                del new[min(at, len(new) - 1)]
            elif kind == "replace":
                new[min(at, len(new) - 1)] = f"neu{rng.randrange(vocabulary)}"
            else:
                new.insert(rng.randrange(len(new) + 1), new.pop(min(at, len(new) - 1)))
        a, b = " ".join(old), " ".join(new)
        start = time.perf_counter()
        diff = word_diff(a, b)
        elapsed = time.perf_counter() - start
        assert is_redline(diff, a, b)
        per_word.append((elapsed * 1e6 / max(len(old) + len(new), 1), len(old), len(new)))

    draw()
    per_word.sort()
    worst = per_word[-1]
    median = statistics.median(p for p, _, _ in per_word)
    rows = [
        f"hypothesis: {len(per_word)} random clauses and edits, every one a redline",
        f"  median {median:.2f} µs per word; slowest {worst[0]:.2f} µs per word "
        f"({worst[1]} → {worst[2]} words)",
    ]
    for row in rows:
        print(row, flush=True)
    return rows


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--runs", type=int, default=5)
    options.add_argument("--examples", type=int, default=200)
    options.add_argument(
        "--before-words",
        type=int,
        default=0,
        help="also time difflib on clauses up to this many words (the redline before)",
    )
    args = options.parse_args()
    adversarial(args.runs, args.before_words)
    whole_agreement(args.runs)
    random_texts(args.examples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
