"""Comparing sequences near linear in their length whatever they hold (`avv.changes.sequence`):
the result is always a correct comparison, short sequences compare exactly as
`difflib.SequenceMatcher` does (what readers of the redline know), and the work on long and
adversarial ones is bounded by a multiple of their length. Work is counted in comparisons of
tokens, not in seconds: the times are in benchmarks/bench_redline_adversarial.py."""

from __future__ import annotations

import random
from difflib import SequenceMatcher

from hypothesis import given, settings
from hypothesis import strategies as st

from avv.changes import sequence
from avv.changes.redline import word_diff


class Counted(str):
    """A token that counts how often it is compared or hashed."""

    calls = 0

    def __eq__(self, other: object) -> bool:
        Counted.calls += 1
        return str.__eq__(self, other)

    def __hash__(self) -> int:
        Counted.calls += 1
        return str.__hash__(self)


def is_comparison(codes: list[sequence.Opcode], a: list[str], b: list[str]) -> bool:
    i = j = 0
    for tag, i1, i2, j1, j2 in codes:
        if (i1, j1) != (i, j) or (tag == "equal" and a[i1:i2] != b[j1:j2]):
            return False
        i, j = i2, j2
    return (i, j) == (len(a), len(b))


def tokens(words: list[str]) -> list[str]:
    return [part for word in words for part in (word, " ")]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(0, 6), max_size=300),
    st.lists(st.tuples(st.integers(0, 400), st.integers(-1, 6)), max_size=30),
)
def test_every_result_is_a_correct_comparison(old: list[int], edits: list[tuple[int, int]]) -> None:
    a = [f"w{n}" for n in old]
    b = a[:]
    for at, value in edits:
        if value < 0 and b:
            del b[at % len(b)]
        else:
            b.insert(at % (len(b) + 1), f"w{value}")
    codes = sequence.opcodes(a, b)
    assert is_comparison(codes, a, b)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 9), max_size=150), st.lists(st.integers(0, 9), max_size=150))
def test_short_sequences_compare_as_sequencematcher_does(old: list[int], new: list[int]) -> None:
    expected = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    assert sequence.opcodes(old, new) == expected


def adversarial(count: int) -> dict[str, tuple[list[str], list[str]]]:
    rng = random.Random(7)
    base = [f"w{n}" for n in range(count)]
    shuffled = base[:]
    rng.shuffle(shuffled)
    three = [rng.choice("abc") for _ in range(count)]
    return {
        "rewritten": (tokens(base), tokens([f"x{n}" for n in range(count)])),
        "every other word": (
            tokens(base),
            tokens([w if n % 2 else "neu" for n, w in enumerate(base)]),
        ),
        "shuffled": (tokens(base), tokens(shuffled)),
        "three words": (tokens(three), tokens([w if rng.random() > 0.05 else "d" for w in three])),
        "one changed": (
            tokens(base),
            tokens([w if n != count // 2 else "y" for n, w in enumerate(base)]),
        ),
    }


def test_the_work_on_long_adversarial_clauses_is_linear_in_their_length() -> None:
    for count in (2_000, 20_000):
        for name, (a, b) in adversarial(count).items():
            a_counted, b_counted = [Counted(t) for t in a], [Counted(t) for t in b]
            Counted.calls = 0
            codes = sequence.opcodes(a_counted, b_counted)
            assert is_comparison(codes, a, b), name
            # SequenceMatcher compares every white space token with every other: n² / 4.
            assert Counted.calls <= 400 * (len(a) + len(b)), (name, count, Counted.calls)


def test_a_clause_of_25000_words_rewritten_is_a_correct_redline() -> None:
    rng = random.Random(3)
    old = " ".join(f"Wort{rng.randrange(10**6)}," for _ in range(25_000))
    new = " ".join(f"Neu{rng.randrange(10**6)}." for _ in range(25_000))
    diff = word_diff(old, new)
    assert "".join(s.text for s in diff if s.kind != "insert") == old
    assert "".join(s.text for s in diff if s.kind != "delete") == new
