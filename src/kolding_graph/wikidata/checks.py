"""The reconciliation checks, one generator of discrepancies per kind."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS, SDO, SKOS
from rdflib.term import Node

from kolding_graph.namespaces import GEO, WDT
from kolding_graph.terms import language, sort_key
from kolding_graph.text import fold
from kolding_graph.wikidata.client import qid_number
from kolding_graph.wikidata.context import (
    ALL_LINKS,
    NAMED_LINKS,
    YEAR,
    Context,
    claimed,
    haversine_km,
    parse_point,
    prop_names,
    qid,
    short,
    sources_of,
)
from kolding_graph.wikidata.discrepancies import (
    Discrepancy,
    in_language,
)
from kolding_graph.wikidata.enrich import (
    Link,
    snapshot_node,
    twin_holders,
)


def check_links(ctx: Context) -> Iterator[Discrepancy]:
    """Report links to redirected, missing, unfetched and unconfirmed items."""
    node = snapshot_node(ctx.ns)
    missing = set(ctx.snapshot.objects(node, ctx.kg.itemNotFound))
    covered = set(ctx.snapshot.objects(node, ctx.kg.coversItem))
    covered |= set(ctx.snapshot.subjects())
    for link in ctx.links:
        detail, item = qid(link.item), link.item
        if item in missing:
            yield ctx.make("item-not-found", link.entity, detail, item=item)
        elif item in ctx.redirects:
            target = ctx.item_text(ctx.redirects[item], "en")
            yield ctx.make(
                "item-redirected", link.entity, detail, item=item, other=target
            )
        elif item not in covered:
            yield ctx.make("item-not-in-snapshot", link.entity, detail, item=item)
        if link.kind == "candidate":
            yield ctx.make("unconfirmed-link", link.entity, detail, item=item)


def check_shared(ctx: Context) -> Iterator[Discrepancy]:
    """Report items (after redirects) that two of our entities link to."""
    by_item: dict[Node, set[Node]] = defaultdict(set)
    for link in ctx.links:
        by_item[ctx.resolved(link.item)].add(link.entity)
    for item, entities in by_item.items():
        for entity in entities if len(entities) > 1 else ():
            others = tuple(sorted(str(e) for e in entities - {entity}))
            names = ", ".join(ctx.label(URIRef(o), "en") for o in others)
            yield ctx.make(
                "shared-item", entity, qid(item), item=item, other=names, also=others
            )


def our_twins(ctx: Context, holders: tuple[URIRef, ...]) -> set[Node]:
    """Return the parties twinned with Kolding by our agreements."""
    twins: set[Node] = set()
    for agreement in ctx.curated.subjects(RDF.type, ctx.kg.TwinningAgreement):
        parties = set(ctx.curated.objects(agreement, ctx.kg.party))
        if parties & set(holders):
            twins |= parties - set(holders)
    return twins


def check_twins(ctx: Context) -> Iterator[Discrepancy]:
    """Report twins only we list, and P190 twins only Wikidata lists."""
    holders = twin_holders(ctx.ns)
    holder_items = {
        ctx.resolved(i) for h in holders for i in ctx.items_of(h, ALL_LINKS)
    }
    holder_items = {i for i in holder_items if (i, None, None) in ctx.snapshot}
    if not holder_items:
        return  # the snapshot knows nothing about Kolding: nothing to compare
    wd_twins = {
        ctx.resolved(t) for i in holder_items for t in ctx.snapshot.objects(i, WDT.P190)
    }
    with_edges = {i for i in holder_items if (i, WDT.P190, None) in ctx.snapshot}
    holder = ", ".join(sorted(map(qid, with_edges or holder_items), key=qid_number))
    ours: set[Node] = set()
    for twin in sorted(our_twins(ctx, holders), key=sort_key):
        items = {ctx.resolved(i) for i in ctx.items_of(twin, ALL_LINKS)}
        ours |= items
        if not items & wd_twins:
            detail = ",".join(sorted(qid(i) for i in items)) or "no-item"
            first = min(items, key=lambda i: qid_number(str(i))) if items else None
            also = (str(holders[0]),)
            yield ctx.make(
                "twin-not-in-wikidata",
                twin,
                detail,
                item=first,
                holder=holder,
                also=also,
            )
    for extra in sorted(wd_twins - ours, key=lambda i: qid_number(str(i))):
        label = ctx.label(extra, "en")
        yield ctx.make(
            "twin-only-in-wikidata",
            holders[0],
            qid(extra),
            item=extra,
            other=label,
            holder=holder,
        )


def comparable(ctx: Context, claim: Node) -> str:
    """Return what a claim says, reduced to its years where it speaks of years."""
    values = [str(v) for v in ctx.curated.objects(claim, ctx.kg.value)]
    if not values:
        values = sorted({str(v) for v in ctx.curated.objects(claim, ctx.kg.statedAs)})
    years = sorted({y for v in values for y in YEAR.findall(v)})
    return ", ".join(years) if years else " / ".join(values)


def reading(ctx: Context, claim: Node) -> dict[str, str]:
    """Return a claim's value or wording with its sources, in Danish and English."""
    value = ctx.curated.value(claim, ctx.kg.value)
    stated = ctx.curated.objects(claim, ctx.kg.statedAs)
    worded = {language(x) or "": str(x) for x in stated}
    texts = {}
    for lang, quote in (("da", "»{}«"), ("en", '"{}"')):
        said = str(value) if value is not None else in_language(worded, lang)
        if value is None and not set(said) & set('"»«'):
            said = quote.format(said)
        names = ", ".join(ctx.label(URIRef(s), lang) for s in sources_of(ctx, claim))
        texts[lang] = f"{said} ({names})"
    return texts


def check_claims(ctx: Context) -> Iterator[Discrepancy]:
    """Report properties for which our own claims disagree."""
    groups: dict[tuple[Node, Node], list[Node]] = defaultdict(list)
    for claim in ctx.curated.subjects(RDF.type, ctx.kg.Claim):
        subject = ctx.curated.value(claim, ctx.kg.claimSubject)
        prop = ctx.curated.value(claim, ctx.kg.claimProperty)
        if subject is not None and prop is not None:  # SHACL requires both
            groups[(subject, prop)].append(claim)
    for (subject, prop), claims in sorted(
        groups.items(), key=lambda i: sort_key(i[0][0])
    ):
        claims = sorted(claims, key=sort_key)
        if len({comparable(ctx, claim) for claim in claims}) < 2:
            continue
        readings = [reading(ctx, claim) for claim in claims]
        other = {
            lang: "; ".join(r[lang] for r in readings[1:]) for lang in ("da", "en")
        }
        sources = tuple(sorted({s for c in claims for s in sources_of(ctx, c)}))
        name = short(ctx, prop)
        yield ctx.make(
            "claim-disagreement",
            subject,
            name,
            ours=readings[0],
            other=other,
            prop=prop_names(ctx, prop),
            sources=sources,
        )


def our_years(ctx: Context, entity: Node, prop: Node) -> list[tuple[str, Node]]:
    """Return (year, origin) for a date property, stated wordings included."""
    found = [
        (y, o) for v, o in claimed(ctx, entity, prop) for y in YEAR.findall(str(v))
    ]
    for claim in ctx.curated.subjects(ctx.kg.claimSubject, entity):
        if ctx.curated.value(claim, ctx.kg.claimProperty) == prop:
            for text in ctx.curated.objects(claim, ctx.kg.statedAs):
                found += [(y, claim) for y in YEAR.findall(str(text))]
    return sorted(set(found))


def check_years(ctx: Context) -> Iterator[Discrepancy]:
    """Report founding years that differ from Wikidata's inception (P571)."""
    for entity in sorted({x.entity for x in ctx.links if x.kind == "exact"}):
        for item in ctx.items_of(entity, ("exact",)):
            theirs = {
                y
                for v in ctx.snapshot.objects(ctx.resolved(item), WDT.P571)
                for y in YEAR.findall(str(v))[:1]
            }
            for year, origin in (
                our_years(ctx, entity, SDO.foundingDate) if theirs else ()
            ):
                if year not in theirs:
                    yield ctx.make(
                        "year-differs",
                        entity,
                        f"foundingDate:{year}",
                        item=item,
                        ours=year,
                        other=", ".join(sorted(theirs)),
                        prop=prop_names(ctx, SDO.foundingDate),
                        sources=sources_of(ctx, origin),
                    )


def check_labels(ctx: Context) -> Iterator[Discrepancy]:
    """Report preferred labels and source spellings that differ from Wikidata's."""
    for link in (x for x in ctx.links if x.kind in NAMED_LINKS):
        theirs = list(ctx.snapshot.objects(ctx.resolved(link.item), RDFS.label))
        if theirs:
            yield from _pref_labels(ctx, link, theirs)
            yield from _source_spellings(ctx, link, theirs)


def _pref_labels(ctx: Context, link: Link, theirs: list[Node]) -> Iterator[Discrepancy]:
    by_lang: dict[str | None, set[str]] = defaultdict(set)
    for label in theirs:
        by_lang[language(label)].add(str(label))
    ours = {
        str(x)
        for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
        for x in ctx.curated.objects(link.entity, p)
    }
    for label in sorted(ctx.curated.objects(link.entity, SKOS.prefLabel), key=sort_key):
        wd = by_lang.get(language(label), set())
        if not wd or str(label) in wd or wd & ours:
            continue
        spelled = any(fold(w) == fold(str(label)) for w in wd)
        yield ctx.make(
            "label-spelling" if spelled else "label-differs",
            link.entity,
            f"{label}@{language(label)}",
            item=link.item,
            ours=str(label),
            other=min(wd),
        )


def _source_spellings(
    ctx: Context, link: Link, theirs: list[Node]
) -> Iterator[Discrepancy]:
    names = sorted({str(x) for x in theirs})
    hidden_labels = ctx.curated.objects(link.entity, SKOS.hiddenLabel)
    for hidden in sorted(hidden_labels, key=sort_key):
        if str(hidden) in names or str(hidden).isascii():
            continue  # plain-ASCII hidden labels are search aids, not spellings
        same = [name for name in names if fold(name) == fold(str(hidden))]
        if same:
            yield ctx.make(
                "label-spelling",
                link.entity,
                f"{hidden}@{language(hidden)}",
                item=link.item,
                ours=str(hidden),
                other=same[0],
                sources=sources_of(ctx, link.entity),
            )


def our_points(ctx: Context, entity: Node) -> list[tuple[float, float]]:
    """Return every (lat, long) our data gives an entity."""
    lats = [float(str(v)) for v, _ in claimed(ctx, entity, GEO.lat)]
    longs = [float(str(v)) for v, _ in claimed(ctx, entity, GEO.long)]
    return [(lat, long) for lat in lats for long in longs]


def check_coordinates(ctx: Context, max_km: float) -> Iterator[Discrepancy]:
    """Report items whose P625 lies further than max_km from our coordinates."""
    for link in ctx.links:
        ours = our_points(ctx, link.entity)
        for literal in ctx.snapshot.objects(ctx.resolved(link.item), WDT.P625):
            point = parse_point(literal)
            if not ours or point is None:
                continue
            nearest = min(ours, key=lambda p: haversine_km(p, point))
            distance = round(haversine_km(nearest, point), 1)
            if distance > max_km:
                yield ctx.make(
                    "coordinates-apart",
                    link.entity,
                    qid(link.item),
                    item=link.item,
                    ours=_point_text(nearest),
                    other=_point_text(point),
                    distance_km=distance,
                )


def _point_text(point: tuple[float, float]) -> str:
    return f"{point[0]:.5f}, {point[1]:.5f}"


def check_countries(ctx: Context) -> Iterator[Discrepancy]:
    """Report items whose country (P17) is not the country we give."""
    for link in (x for x in ctx.links if x.kind in NAMED_LINKS):
        countries = [c for c, _ in claimed(ctx, link.entity, SDO.addressCountry)]
        ours = {ctx.resolved(i) for c in countries for i in ctx.items_of(c, ("exact",))}
        theirs = set(ctx.snapshot.objects(ctx.resolved(link.item), WDT.P17))
        theirs = {ctx.resolved(t) for t in theirs}
        if ours and theirs and not ours & theirs:
            yield ctx.make(
                "country-differs",
                link.entity,
                qid(link.item),
                item=link.item,
                ours=ctx.items_text(ours),
                other=ctx.items_text(theirs),
            )
