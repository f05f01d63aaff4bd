"""A readable changelog: sentences in Danish and English derived from a Diff."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

import pyoxigraph as ox

from kolding_graph.namespaces import ORG_NS, RDF_NS, RDFS_NS, SKOS_NS, Namespaces
from kolding_graph.release.diff import Diff
from kolding_graph.release.distributions import Rendered
from kolding_graph.release.dumps import sorted_quads
from kolding_graph.terms import text

CHANGELOG = "changelog.json"
RDF_TYPE = RDF_NS + "type"
LABELS = (
    SKOS_NS + "prefLabel",
    RDFS_NS + "label",
)
PREF_LABEL = LABELS[0]
ORG = ORG_NS


@dataclass(frozen=True)
class Entry:
    """One change in words: what kind, about which IRI, in Danish and English."""

    kind: str
    subject: str
    da: str
    en: str


class Labels:
    """Names of IRIs in Danish and English, from the new and the old release."""

    def __init__(self, *quad_sets: Iterable[ox.Quad]) -> None:
        self._names: dict[str, dict[str, str]] = defaultdict(dict)
        for quads in reversed(quad_sets):  # the first set wins
            for quad in quads:
                if quad.predicate.value in LABELS and isinstance(
                    quad.object, ox.Literal
                ):
                    lang = quad.object.language or ""
                    self._names[text(quad.subject)][lang] = text(quad.object)

    def name(self, iri: str, lang: str) -> str:
        """Return the label in lang, else English, else the IRI's last segment."""
        names = self._names.get(iri, {})
        fallback = iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        return names.get(lang) or names.get("en") or names.get("") or fallback


@dataclass
class Changes:
    """The diff being explained: quads not yet described by an entry."""

    added: set[ox.Quad]
    removed: set[ox.Quad]
    old: set[ox.Quad]
    new: set[ox.Quad]
    labels: Labels
    ns: Namespaces

    def types(self, iri: str) -> set[str]:
        """Return the classes of an IRI in either release."""
        return {
            text(q.object)
            for q in self.new | self.old
            if text(q.subject) == iri and q.predicate.value == RDF_TYPE
        }

    def both(self, iri: str, lang: str) -> str:
        """Return the name of an IRI in a language."""
        return self.labels.name(iri, lang)


Rule = Callable[[Changes], list[Entry]]


def twin_cities(changes: Changes) -> list[Entry]:
    """Explain new and ended twin-city links of Kolding Kommune."""
    kolding = changes.ns.entity("municipality", "kolding")
    twinned = str(changes.ns.kg.twinnedWith)
    entries = []
    for quads, added in ((changes.added, True), (changes.removed, False)):
        for quad in sorted_quads(q for q in quads if q.predicate.value == twinned):
            if kolding not in (text(quad.subject), text(quad.object)):
                continue
            quads.discard(quad)
            if text(quad.subject) == kolding:
                entries.append(_twin_entry(changes, text(quad.object), added))
    return entries


def _twin_entry(changes: Changes, city: str, added: bool) -> Entry:
    da, en = changes.both(city, "da"), changes.both(city, "en")
    if added:
        return Entry(
            "twin-added", city, f"Ny venskabsby: {da}.", f"New twin city: {en}."
        )
    return Entry(
        "twin-removed",
        city,
        f"{da} er ikke længere venskabsby.",
        f"{en} is no longer a twin city.",
    )


def ended(changes: Changes) -> list[Entry]:
    """Explain memberships and agreements whose status became 'ended'."""
    status = str(changes.ns.kg.status)
    ended_iri = changes.ns.entity("concept", "status-ended")
    entries = []
    for quad in sorted_quads(changes.added):
        if quad.predicate.value == status and text(quad.object) == ended_iri:
            subject = text(quad.subject)
            _consume_status(changes, subject, status)
            entries.append(_ended_entry(changes, subject))
    return entries


def _consume_status(changes: Changes, subject: str, status: str) -> None:
    for quads in (changes.added, changes.removed):
        for quad in [q for q in quads if text(q.subject) == subject]:
            if quad.predicate.value in (status, str(changes.ns.kg.endYear)):
                quads.discard(quad)


def _ended_entry(changes: Changes, subject: str) -> Entry:
    org = _object(changes, subject, ORG + "organization")
    member = _object(changes, subject, ORG + "member")
    if org is not None and member is not None:
        return Entry(
            "membership-ended",
            subject,
            f"{changes.both(member, 'da')}s medlemskab af"
            f" {changes.both(org, 'da')} er ophørt.",
            f"{changes.both(member, 'en')}'s membership of"
            f" {changes.both(org, 'en')} ended.",
        )
    return Entry(
        "ended",
        subject,
        f"{changes.both(subject, 'da')} er ophørt.",
        f"{changes.both(subject, 'en')} ended.",
    )


def _object(changes: Changes, subject: str, predicate: str) -> str | None:
    for quad in changes.new | changes.old:
        if text(quad.subject) == subject and quad.predicate.value == predicate:
            return text(quad.object)
    return None


def entities(changes: Changes) -> list[Entry]:
    """Explain things that appeared in, or vanished from, the data."""
    entries = []
    for quads, other, added in (
        (changes.added, changes.old, True),
        (changes.removed, changes.new, False),
    ):
        present = {text(q.subject) for q in other}
        typed = {text(q.subject) for q in quads if q.predicate.value == RDF_TYPE}
        for subject in sorted(typed - present):
            for quad in [q for q in quads if text(q.subject) == subject]:
                quads.discard(quad)
            entries.append(_entity_entry(changes, subject, added))
    return entries


def _entity_entry(changes: Changes, subject: str, added: bool) -> Entry:
    kinds = sorted(changes.types(subject))
    kind_da = ", ".join(changes.both(k, "da") for k in kinds)
    kind_en = ", ".join(changes.both(k, "en") for k in kinds)
    name_da, name_en = changes.both(subject, "da"), changes.both(subject, "en")
    if added:
        return Entry(
            "entity-added",
            subject,
            f"Nyt i data: {name_da} ({kind_da}).",
            f"New in the data: {name_en} ({kind_en}).",
        )
    return Entry(
        "entity-removed",
        subject,
        f"Fjernet fra data: {name_da} ({kind_da}).",
        f"Removed from the data: {name_en} ({kind_en}).",
    )


def renamed(changes: Changes) -> list[Entry]:
    """Explain a preferred label replaced by another in the same language."""
    entries = []
    for new in sorted_quads(
        q for q in changes.added if q.predicate.value == PREF_LABEL
    ):
        old = _same_slot(changes.removed, new)
        if old is None:
            continue
        changes.added.discard(new)
        changes.removed.discard(old)
        da = f"{text(old.object)} hedder nu {text(new.object)}."
        en = f"{text(old.object)} is now called {text(new.object)}."
        entries.append(Entry("renamed", text(new.subject), da, en))
    return entries


def _same_slot(quads: set[ox.Quad], new: ox.Quad) -> ox.Quad | None:
    for quad in quads:
        if (
            quad.subject == new.subject
            and quad.predicate == new.predicate
            and quad.graph_name == new.graph_name
            and getattr(quad.object, "language", None)
            == getattr(new.object, "language", None)
        ):
            return quad
    return None


def remaining(changes: Changes) -> list[Entry]:
    """Explain whatever is left: triples added and removed, per subject."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for index, quads in enumerate((changes.added, changes.removed)):
        for quad in quads:
            counts[text(quad.subject)][index] += 1
        quads.clear()
    return [_generic(changes, subject, *counts[subject]) for subject in sorted(counts)]


def _generic(changes: Changes, subject: str, added: int, removed: int) -> Entry:
    da, en = changes.both(subject, "da"), changes.both(subject, "en")
    return Entry(
        "changed",
        subject,
        f"{da}: {added} tripler tilføjet, {removed} fjernet.",
        f"{en}: {added} triples added, {removed} removed.",
    )


RULES: tuple[Rule, ...] = (twin_cities, ended, entities, renamed, remaining)


def describe_changes(
    diff: Diff, old: Iterable[ox.Quad], new: Iterable[ox.Quad], ns: Namespaces
) -> list[Entry]:
    """Return the changes as sentences, recognised patterns first."""
    old, new = set(old), set(new)
    changes = Changes(
        set(diff.added), set(diff.removed), old, new, Labels(new, old), ns
    )
    return [entry for rule in RULES for entry in rule(changes)]


def render_changelog(
    diff: Diff, entries: list[Entry], version: str, previous: str
) -> Rendered:
    """Return changelog.json: versions, counts and the sentences."""
    document = {
        "version": version,
        "previous": previous,
        "added": len(diff.added),
        "removed": len(diff.removed),
        "entries": [asdict(entry) for entry in entries],
    }
    text = json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True)
    return Rendered((text + "\n").encode("utf-8"), 0)


def read_changelog(folder: Path) -> dict:
    """Return a release's changelog.json (empty entries if it has none)."""
    path = Path(folder) / CHANGELOG
    if not path.is_file():
        return {"added": 0, "removed": 0, "previous": "", "entries": []}
    return json.loads(path.read_text(encoding="utf-8"))
