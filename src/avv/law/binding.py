"""What binds whom: which version's text binds a customer, which objection period of VI.c binds
everyone, and the day a notice counts as given. Pure rules over dates and kinds.

The AVV is a contract with each customer. A version changes it in two ways:

- by notice (VI.c subprocessors, VII.c measures, VIII contacts): binds every customer from the
  version's `effective`;
- by agreement (XIII.b amendments, V.b processing newly outside the EU/EEA): binds a customer
  from the day their written consent is received, not before `effective`. Until then the
  customer keeps the text they hold: the newest version they agreed to (the one they signed;
  a customer who signed before the history began holds the first version), with every change by
  notice since applied to it.

A version with any change by agreement is an *offer*.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, Protocol, TypeVar

from avv.law.deadline import DayOff, ObjectionPeriod, days_off_from

__all__ = [
    "BY_AGREEMENT",
    "Binding",
    "Consent",
    "HeldPeriod",
    "Kind",
    "NoticeDay",
    "Offered",
    "Terms",
    "VersionPeriod",
    "binding",
    "day_of_notice",
    "is_offer",
    "own_period",
    "public_period",
]

# The legal kind of a change (avv.changes.kinds decides which a change is).
Kind = Literal["notice", "consent", "amendment", "editorial"]
# The kinds that bind a customer only with their written agreement (XIII.b, V.b).
BY_AGREEMENT: frozenset[Kind] = frozenset(("amendment", "consent"))


def is_offer(kinds: Iterable[str]) -> bool:
    """Whether a version with changes of `kinds` is an offer: it carries a change by agreement."""
    return any(kind in BY_AGREEMENT for kind in kinds)


@dataclass(frozen=True)
class VersionPeriod:
    """The objection period a version's VI.c states, and whether the version amends VI.c
    against the one before it (an amendment of the clause, whatever period it states)."""

    id: str
    period: ObjectionPeriod
    amends: bool = False


@dataclass(frozen=True)
class Terms:
    """One version as these rules see it: its id and `effective`, the kinds of its changes
    against the version before it, the objection period its VI.c states, and whether it amends
    VI.c (an amendment of the clause, whatever the period it states)."""

    id: str
    effective: date
    kinds: frozenset[Kind]
    period: ObjectionPeriod
    amends: bool = False

    @property
    def offer(self) -> bool:
        return is_offer(self.kinds)


class Offered(Protocol):
    """A version as `binding` reads it (`Terms`, a published version with its kinds)."""

    @property
    def id(self) -> str: ...

    @property
    def effective(self) -> date: ...

    @property
    def offer(self) -> bool: ...


@dataclass(frozen=True)
class Consent:
    """A customer's written consent to version `version`, received on `received`."""

    version: str
    received: date


@dataclass(frozen=True)
class Binding:
    """What binds one customer on a day: the text (sections, III, and what else changes only by
    agreement) of version `text`, with every change by notice up to version `notices` applied to
    it. Where the two are the same version, that version binds as it stands. `since` is the day
    from which `text` binds them (their consent's, or the version's `effective`)."""

    text: str
    notices: str
    since: date | None

    @property
    def whole(self) -> bool:
        """Whether one published version binds as it stands."""
        return self.text == self.notices


def binding(
    versions: Sequence[Offered],
    day: date,
    signed: str | None = None,
    consents: Iterable[Consent] = (),
) -> Binding:
    """What binds a customer on `day`, from the versions (oldest first), the version they
    signed (None: before the history began, so the first) and their consents.

    The text is that of the newest version they agreed to that binds on `day`: signed, or
    consented with the consent received by `day` and the version's `effective` reached. A version
    that is no offer adds nothing to the text: its changes come by notice. The changes by notice
    are those of the newest version in effect on `day` (every customer is bound by them), or of
    the text's own version where that is newer (signed ahead of its `effective`).
    Raises KeyError for a version id not among `versions`, ValueError without versions.
    """
    if not versions:
        raise ValueError("keine Versionen")
    position = {terms.id: index for index, terms in enumerate(versions)}
    agreed = position[signed] if signed is not None else 0
    since: date | None = None
    for consent in consents:
        index = position[consent.version]
        terms = versions[index]
        if consent.received <= day and terms.effective <= day and index > agreed:
            agreed, since = index, max(consent.received, terms.effective)
    in_effect = max(
        (index for index, terms in enumerate(versions) if terms.effective <= day), default=0
    )
    # A version after the agreed one that is no offer holds the agreed text unchanged.
    text = agreed
    while text + 1 <= in_effect and not versions[text + 1].offer:
        text += 1
    notices = max(in_effect, agreed)
    return Binding(versions[text].id, versions[notices].id, since)


class HeldPeriod(Protocol):
    """A version's VI.c as `public_period` reads it (a `VersionPeriod`, `Terms`)."""

    @property
    def id(self) -> str: ...

    @property
    def period(self) -> ObjectionPeriod: ...

    @property
    def amends(self) -> bool: ...


Held = TypeVar("Held", bound=HeldPeriod)


def public_period(versions: Sequence[Held], upto: str | None = None) -> Held:
    """The version whose VI.c binds every customer, among the versions up to `upto` (all by
    default): the newest reached without an amendment of VI.c. An amended VI.c binds only those
    who agreed to it (XIII.b), so a notice to everyone counts with the period before it; its
    `period` is the one to count with. Raises ValueError without versions, a KeyError for an
    unknown `upto`."""
    if not versions:
        raise ValueError("keine Versionen")
    ids = [held.id for held in versions]
    if upto is not None and upto not in ids:
        raise KeyError(upto)
    last = len(versions) - 1 if upto is None else ids.index(upto)
    held = versions[0]
    for version in versions[1 : last + 1]:
        if version.amends:
            break
        held = version
    return held


def own_period(
    versions: Sequence[Terms],
    day: date,
    signed: str | None = None,
    consents: Iterable[Consent] = (),
) -> ObjectionPeriod:
    """The objection period of the VI.c that binds one customer on `day`: that of the text they
    hold (see `binding`)."""
    held = binding(versions, day, signed, consents).text
    return next(terms.period for terms in versions if terms.id == held)


@dataclass(frozen=True)
class NoticeDay:
    """The day a notice counts as given, and how it was found: `published` the version's own
    announcement day, `sent` the day it really went out (the deployment, where later), `given`
    the day the period counts from, `moved` the days skipped (a Saturday, Sunday or holiday
    counts as given on the next working day) and `before_site` whether the version was already
    in effect when the site first published it (it keeps its own dates)."""

    published: date
    sent: date
    given: date
    moved: tuple[DayOff, ...]
    before_site: bool = False

    @property
    def late(self) -> bool:
        """Whether the notice went out after its `published` day."""
        return self.sent > self.published


def day_of_notice(published: date, effective: date, deployed: date | None = None) -> NoticeDay:
    """The day a version's notice counts as given, publicly (without a customer's own delivery).

    The notice goes out when the version is deployed: a deployment after `published` moves it
    there. A version already in effect when first deployed (an older history brought onto the
    site) keeps its own `published`, marked as given before the site published it. A Saturday,
    Sunday or holiday counts as given on the next working day, by the same rule that extends
    the last day (avv.law.deadline), the most generous reading.
    """
    before_site = deployed is not None and deployed > published and deployed >= effective
    late = deployed is not None and deployed > published and not before_site
    sent = deployed if late and deployed is not None else published
    moved = days_off_from(sent)
    return NoticeDay(published, sent, sent + timedelta(days=len(moved)), moved, before_site)
