"""The lead of an entity page: its main facts as sentences, each with its source."""

from __future__ import annotations

from markupsafe import Markup

from kolding_graph.browse.entities import Entity, Relation
from kolding_graph.web.naming import link, name, prop_label, sources
from kolding_graph.web.ui import translate
from kolding_graph.web.vocab import _l

# More twin cities than this are counted in one sentence instead of listed.
MAX_LISTED = 3
KG_END = "def/endYear"


def lead_sentences(entity: Entity, disputed: dict) -> list[Markup]:
    """Return the sentences of the lead, in the page language."""
    relations = entity.relations
    twins = [r for r in relations if r.direction == "party"]
    sentences = []
    if len(twins) > MAX_LISTED:
        sentences.append(_twin_count(entity, twins))
    else:
        sentences += [_twinning(entity, r) for r in twins]
    for relation in relations:
        if relation.direction in ("member-of", "has-member"):
            sentences.append(_membership(entity, relation))
        elif relation.direction == "designation":
            sentences.append(_designation(entity, relation))
    if disputed:
        props = ", ".join(prop_label(p) for p in disputed)
        text = translate(
            "The sources disagree on %(what)s; both accounts are shown below."
        )
        sentences.append(Markup(text) % {"what": props})
    return sentences


def _say(template: str, relation: Relation | None, **parts: object) -> Markup:
    """Return one sentence: the translated template filled in, with its sources."""
    sentence = Markup(translate(template)) % parts
    if relation is None:
        return sentence
    cited = relation.start_sources or relation.sources
    if relation.start_sources and relation.sources:
        cited = tuple(dict.fromkeys(relation.sources + relation.start_sources))
    return _cite(sentence, cited)


def _cite(sentence: Markup, cited: tuple[str, ...] | list[str]) -> Markup:
    """Return the sentence with its sources in brackets before the full stop."""
    if not cited:
        return sentence
    return sentence[:-1] + Markup(" %s.") % sources(cited)


def _twin_count(entity: Entity, twins: list[Relation]) -> Markup:
    cited = sorted(set.intersection(*(set(r.sources) for r in twins)))
    sentence = Markup(translate("%(a)s has %(n)s twin cities.")) % {
        "a": name(entity.iri),
        "n": len({r.other for r in twins}),
    }
    return _cite(sentence, cited)


def _twinning(entity: Entity, r: Relation) -> Markup:
    pair = {"a": name(entity.iri), "b": link(r.other)}
    if r.start:
        return _say(
            _l("%(a)s and %(b)s have been twin cities since %(year)s."),
            r,
            year=r.start.value,
            **pair,
        )
    return _say(_l("%(a)s and %(b)s are twin cities."), r, **pair)


def _membership(entity: Entity, r: Relation) -> Markup:
    member, body = (entity.iri, r.other)
    if r.direction == "has-member":
        member, body = r.other, entity.iri
    parts = {
        "a": link(member) if member != entity.iri else name(member),
        "b": link(body) if body != entity.iri else name(body),
        "role": name(r.role) if r.role else translate("member"),
    }
    ended = bool(r.status and r.status.endswith("status-ended"))
    disputed_end = any(p.endswith(KG_END) for p in entity.disputes.get(r.node, {}))
    if r.start and disputed_end:
        return _say(
            _l(
                "%(a)s became %(role)s of %(b)s in %(year)s; the sources disagree on "
                "when this ended."
            ),
            r,
            year=r.start.value,
            **parts,
        )
    if r.start and r.end:
        return _say(
            _l("%(a)s was %(role)s of %(b)s from %(start)s to %(end)s."),
            r,
            start=r.start.value,
            end=r.end.value,
            **parts,
        )
    if r.start and not ended and (r.role or "").endswith("role-member"):
        return _say(
            _l("%(a)s has been a member of %(b)s since %(year)s."),
            r,
            year=r.start.value,
            **parts,
        )
    if r.start:
        template = (
            _l("%(a)s was %(role)s of %(b)s from %(year)s.")
            if ended
            else _l("%(a)s has been %(role)s of %(b)s since %(year)s.")
        )
        return _say(template, r, year=r.start.value, **parts)
    if r.elected:
        return _say(
            _l("%(a)s was elected %(role)s of %(b)s in %(year)s."),
            r,
            year=r.elected.value,
            **parts,
        )
    return _say(_l("%(a)s is %(role)s of %(b)s."), r, **parts)


def _designation(entity: Entity, r: Relation) -> Markup:
    parts = {"a": name(entity.iri), "title": link(r.node), "b": link(r.other)}
    if r.start:
        return _say(
            _l("%(a)s has held the title %(title)s, awarded by %(b)s, since %(year)s."),
            r,
            year=r.start.value,
            **parts,
        )
    return _say(_l("%(a)s holds the title %(title)s, awarded by %(b)s."), r, **parts)
