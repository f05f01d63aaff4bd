"""Discrepancies and the reconciliation report: the data model, RDF and the baseline."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from kolding_graph.errors import BuildError

# kind -> (ontology class name, Danish label, English label)
KINDS: dict[str, tuple[str, str, str]] = {
    "twin-only-in-wikidata": (
        "TwinOnlyInWikidata",
        "Venskabsby kun i Wikidata",
        "Twin only in Wikidata",
    ),
    "twin-not-in-wikidata": (
        "TwinNotInWikidata",
        "Venskabsby mangler i Wikidata",
        "Twin missing from Wikidata",
    ),
    "claim-disagreement": ("ClaimDisagreement", "Uenige kilder", "Sources disagree"),
    "year-differs": ("YearDiffers", "Årstal afviger", "Year differs"),
    "label-spelling": ("LabelSpelling", "Stavemåde afviger", "Spelling differs"),
    "label-differs": ("LabelDiffers", "Navn afviger", "Label differs"),
    "coordinates-apart": (
        "CoordinatesApart",
        "Koordinater langt fra hinanden",
        "Coordinates far apart",
    ),
    "country-differs": ("CountryDiffers", "Land afviger", "Country differs"),
    "item-redirected": ("ItemRedirected", "Emnet er omdirigeret", "Item redirected"),
    "item-not-found": ("MissingItem", "Emnet findes ikke", "Item not found"),
    "item-not-in-snapshot": (
        "ItemNotInSnapshot",
        "Emnet er ikke i øjebliksbilledet",
        "Item not in snapshot",
    ),
    "shared-item": ("SharedItem", "Emnet deles", "Item shared"),
    "unconfirmed-link": ("UnconfirmedLink", "Ubekræftet link", "Unconfirmed link"),
}


@dataclass(frozen=True, order=True)
class Discrepancy:
    """One disagreement, about one of our entities (and possibly others)."""

    entity: str
    kind: str
    detail: str
    key: str
    item: str = ""
    ours: str = ""
    other: str = ""
    message_da: str = ""
    message_en: str = ""
    also: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    distance_km: float | None = None
    accepted: bool = False

    @property
    def entities(self) -> tuple[str, ...]:
        """Return every entity the discrepancy concerns, the main one first."""
        return (self.entity, *self.also)

    def as_dict(self) -> dict:
        """Return the discrepancy as plain data for templates and JSON."""
        _, label_da, label_en = KINDS[self.kind]
        return {
            "key": self.key,
            "kind": self.kind,
            "kind_label": {"da": label_da, "en": label_en},
            "entities": list(self.entities),
            "item": self.item,
            "ours": self.ours,
            "other": self.other,
            "distance_km": self.distance_km,
            "message": {"da": self.message_da, "en": self.message_en},
            "sources": list(self.sources),
            "accepted": self.accepted,
        }


@dataclass(frozen=True)
class Report:
    """Every discrepancy found, and what the comparison was made against."""

    discrepancies: tuple[Discrepancy, ...]
    snapshot: str = ""
    snapshot_note: dict[str, str] = field(default_factory=dict)
    stale_accepted: tuple[str, ...] = ()

    def new(self) -> list[Discrepancy]:
        """Return the discrepancies not listed as accepted."""
        return [d for d in self.discrepancies if not d.accepted]

    def for_entity(self, iri: str) -> list[Discrepancy]:
        """Return the discrepancies that concern an entity."""
        return [d for d in self.discrepancies if str(iri) in d.entities]

    def by_entity(self) -> dict[str, list[Discrepancy]]:
        """Return the discrepancies grouped by their main entity, sorted."""
        groups: dict[str, list[Discrepancy]] = defaultdict(list)
        for discrepancy in self.discrepancies:
            groups[discrepancy.entity].append(discrepancy)
        return dict(sorted(groups.items()))

    def accept(self, keys: Iterable[str]) -> Report:
        """Return the report with the given keys marked accepted."""
        accepted = set(keys)
        marked = tuple(
            replace(d, accepted=d.key in accepted) for d in self.discrepancies
        )
        found = {d.key for d in self.discrepancies}
        stale = tuple(sorted(accepted - found))
        return replace(self, discrepancies=marked, stale_accepted=stale)

    def as_dict(self) -> dict:
        """Return the report as plain data for templates and JSON."""
        return {
            "snapshot": self.snapshot,
            "snapshot_note": dict(self.snapshot_note),
            "total": len(self.discrepancies),
            "new": len(self.new()),
            "discrepancies": [d.as_dict() for d in self.discrepancies],
            "stale_accepted": list(self.stale_accepted),
        }


# kind -> (Danish, English) message; fields: entity, item, ours, other, prop, km,
# holder, when (" from 2016": the snapshot's date, or empty)
MESSAGES: dict[str, tuple[str, str]] = {
    "twin-only-in-wikidata": (
        "Wikidatas liste over Koldings venskabsbyer{when} nævnte {item};"
        " det gør kommunens side ikke.",
        "Wikidata's list of Kolding's twin cities{when} named {item};"
        " the municipality's page does not.",
    ),
    "twin-not-in-wikidata": (
        "{entity} er venskabsby ifølge kommunens side, men Wikidatas liste over"
        " Koldings venskabsbyer{when} nævnte den ikke.",
        "{entity} is a twin city according to the municipality's page, but"
        " Wikidata's list of Kolding's twin cities{when} did not name it.",
    ),
    "claim-disagreement": (
        "Vores kilder er uenige om {prop} for {entity}: {ours} mod {other}.",
        "Our sources disagree on {prop} of {entity}: {ours} against {other}.",
    ),
    "year-differs": (
        "{entity}: året {ours} ({prop}) afviger fra Wikidatas {other} ({qid}).",
        "{entity}: the year {ours} ({prop}) differs from Wikidata's {other} ({qid}).",
    ),
    "label-spelling": (
        "{entity}: stavemåden »{ours}« afviger fra Wikidatas »{other}« ({qid}).",
        '{entity}: the spelling "{ours}" differs from Wikidata\'s "{other}" ({qid}).',
    ),
    "label-differs": (
        "{entity}: navnet »{ours}« er et andet end Wikidatas »{other}« ({qid}).",
        '{entity}: the label "{ours}" is not Wikidata\'s "{other}" ({qid}).',
    ),
    "coordinates-apart": (
        "{entity}: vores koordinater ({ours}) ligger {km} km fra Wikidatas"
        " ({other}, {qid}).",
        "{entity}: our coordinates ({ours}) are {km} km from Wikidata's"
        " ({other}, {qid}).",
    ),
    "country-differs": (
        "{entity}: vores land ({ours}) er ikke Wikidatas ({other}, {qid}).",
        "{entity}: our country ({ours}) is not Wikidata's ({other}, {qid}).",
    ),
    "item-redirected": (
        "{entity} linker til {item}, som nu omdirigerer til {other};"
        " linket bør rettes.",
        "{entity} links to {item}, which now redirects to {other};"
        " the link should be updated.",
    ),
    "item-not-found": (
        "{entity} linker til {item}, som Wikidata ikke kendte, da øjebliksbilledet"
        " blev lavet (slettet?).",
        "{entity} links to {item}, which Wikidata did not know when the snapshot"
        " was made (deleted?).",
    ),
    "item-not-in-snapshot": (
        "{entity} linker til {item}, som ikke er med i vores øjebliksbillede af"
        " Wikidata{when}.",
        "{entity} links to {item}, which is not in our snapshot of Wikidata{when}.",
    ),
    "shared-item": (
        "{item} er linket fra både {entity} og {other}.",
        "{item} is linked from both {entity} and {other}.",
    ),
    "unconfirmed-link": (
        "{entity}: linket til Wikidata-emnet {qid} er kun en kandidat og er ikke"
        " bekræftet.",
        "{entity}: the link to the Wikidata item {qid} is only a candidate and is"
        " not confirmed.",
    ),
}
Text = str | dict[str, str]  # a plain text, or one per language


def in_language(text: Text, lang: str) -> str:
    """Return a text in a language: one of a dict's, or the plain string."""
    if isinstance(text, str):
        return text
    return text.get(lang) or next(iter(text.values()), "")


# ------------------------------------------------------------ the baseline

BASELINE_FILE = Path("data/wikidata/accepted-discrepancies.txt")
KEY = re.compile(r"(?P<kind>[a-z-]+):(?P<path>[^:\s]+):(?P<detail>.+)")


def read_accepted(path: Path) -> list[str]:
    """Return the keys a baseline file accepts; a missing file accepts none.

    One key per line, as `kolding-graph reconcile` prints them; a reason may
    follow after " # "; lines starting with "#" are comments.
    """
    if not path.exists():
        return []
    keys = []
    text = path.read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        key = line.split(" # ", 1)[0].strip()
        if not key or key.startswith("#"):
            continue
        match = KEY.fullmatch(key)
        if match is None or match["kind"] not in KINDS:
            raise BuildError(
                f"not a discrepancy key: {key!r} (expected kind:entity:detail,"
                f" kind one of {', '.join(sorted(KINDS))})",
                where=f"{path}:{number}",
            )
        keys.append(key)
    return keys


# ------------------------------------------------------------------- RDF


def render_text(report: Report, lang: str = "en") -> str:
    """Return the report as plain text, grouped by entity, keys first."""
    new = len(report.new())
    lines = [
        f"{len(report.discrepancies)} discrepancies, {new} not accepted"
        f" (accepted ones are listed in {BASELINE_FILE}).",
        _snapshot_line(report),
    ]
    for entity, found in report.by_entity().items():
        lines += ["", entity]
        for d in found:
            mark = "accepted" if d.accepted else "NEW"
            message = d.message_da if lang == "da" else d.message_en
            lines += [f"  [{mark}] {d.key}", f"      {message}"]
    lines += [
        f"\nstale accepted key (no longer found): {k}" for k in report.stale_accepted
    ]
    return "\n".join(lines)


def _snapshot_line(report: Report) -> str:
    generated = report.snapshot_note.get("generated")
    if generated:
        return f"Compared with the Wikidata snapshot retrieved {generated}."
    return (
        "Compared with a Wikidata snapshot that has no retrieval time (see its note)."
    )
