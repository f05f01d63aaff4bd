#!/usr/bin/env python3
"""Generate a deterministic synthetic graph shaped like ours; publish it as a release.

Usage (from the repository root, with the project's virtual environment):

    .venv/bin/python bench/generate.py --triples 1000000 --out bench/data/1m
    .venv/bin/python bench/generate.py --triples 1000 --out bench/data/1k --via-build

The graph copies the shape of data/*.ttl: a municipality with twelve twin cities
(kg:LocalAuthority, labels @da/@en/native, country, coordinates and Wikidata link
as kg:Claim nodes), kg:TwinningAgreement nodes with two kg:party values,
org:Membership of organisations, people with posts, kg:Figure nodes and kg:Source
documents cited by prov:wasDerivedFrom. It grows by adding more municipalities
("units"); unit 0 is Kolding Kommune (`/id/municipality/kolding`), so the same
benchmark queries ask the same small questions at every size. Everything else is
invented for benchmarking only: names are syllable salad, Wikidata items are
numbers above Q900000000 (none exists), sources point at example.org.

Both ways write a project folder (OUT/project: the real ontology, rules, shapes and
data/concepts.ttl, plus the generated data/synthetic.ttl) and run the real
`build_release` on it into OUT/dist (a link into OUT/dist.releases/):

* default (bench-only): two stand-ins, for this run only. The rules are computed
  in linear time (`linear_derive`: the claim-values rule is quadratic on Oxigraph,
  hours at 1M triples), and SHACL is skipped (`unvalidated`: pyshacl takes far too
  long at 1M); validation-report.ttl says that the release was not validated.
  Municipalities after the first knowingly break one shape: their agreements do
  not have Kolding Kommune as a party.
* --via-build: the real build unchanged, rules and SHACL included. Only a
  one-unit graph (about 1k triples) conforms; its dataset.nq is byte-identical
  to the default path's (tests/test_bench_generate.py checks both).

OUT/bench.json names the sample IRIs the runner queries (bench/run).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path, PurePosixPath

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kolding_graph.build import pipeline as build
from kolding_graph.build.cut import build_release
from kolding_graph.build.pipeline import Assembly
from kolding_graph.build.rules import Rule
from kolding_graph.build.validate import ValidationReport
from kolding_graph.namespaces import DEFAULT_BASE_IRI, Namespaces
from kolding_graph.release.load import Release

ROOT = Path(__file__).resolve().parent.parent
SEED = "kolding-graph-bench-1"
TWINS_PER_UNIT = 12
MEMBERSHIPS_PER_UNIT = 3
PEOPLE_PER_UNIT = 2

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"
ORG = "http://www.w3.org/ns/org#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
WD = "http://www.wikidata.org/entity/"
FAKE_QID = 900_000_000  # far above any real Wikidata item

SYLLABLES = (
    "an", "ar", "berg", "bo", "dal", "del", "dra", "en", "fjord", "gå", "ha",
    "holm", "hus", "ka", "kø", "la", "lin", "ma", "men", "nes", "ni", "or", "ø",
    "pa", "ra", "rød", "sa", "sko", "sta", "sund", "tė", "to", "ul", "va", "vik",
    "ys", "ös", "ža",
)  # fmt: skip
CJK = "安城川山京武清田中本"
LANGS = (
    "de", "nb", "es", "kl", "fi", "uk", "sv", "lt", "is", "hu", "ja", "zh", "pl",
    "fr", "nl", "et", "lv", "cs", "pt", "it",
)  # fmt: skip
ASIAN = {"ja", "zh"}
FOLD = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss"})
NOT_VALIDATED = (
    "Not validated: a bench-only release of synthetic data, written by"
    " bench/generate.py without SHACL (too slow at this size). Not facts."
)
METADATA_TRIPLES = 700  # about (VoID partitions); only for sizing


def fold(text: str) -> str:
    """Return an ASCII, lowercase, hyphenated slug of a name."""
    plain = unicodedata.normalize("NFKD", text.translate(FOLD))
    ascii_text = plain.encode("ascii", "ignore").decode("ascii").lower()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text).split())


def make_name(rng: random.Random, lang: str = "") -> str:
    """Return an invented place name (CJK characters for Japanese and Chinese)."""
    if lang in ASIAN:
        return "".join(rng.choice(CJK) for _ in range(rng.choice((2, 3))))
    text = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3))))
    return text[0].upper() + text[1:]


@dataclass
class Country:
    """A generated country: its node, its native language and its region."""

    node: ox.NamedNode
    lang: str
    region: ox.NamedNode


@dataclass
class Generator:
    """Build the curated triples of a synthetic graph, unit by unit."""

    base: str
    rng: random.Random = field(default_factory=lambda: random.Random(SEED))
    triples: list[ox.Triple] = field(default_factory=list)
    derived: int = 0  # triples the rules will derive (for sizing)
    units: int = 0
    _iris: dict[str, ox.NamedNode] = field(default_factory=dict)
    countries: list[Country] = field(default_factory=list)
    organisations: list[ox.NamedNode] = field(default_factory=list)
    pool_sources: list[ox.NamedNode] = field(default_factory=list)
    samples: dict[str, str] = field(default_factory=dict)

    def iri(self, value: str) -> ox.NamedNode:
        """Return a (cached) named node for a vocabulary IRI."""
        node = self._iris.get(value)
        if node is None:
            node = self._iris[value] = ox.NamedNode(value)
        return node

    def entity(self, kind: str, slug: str) -> ox.NamedNode:
        """Return the IRI of a thing: {base}id/{kind}/{slug}."""
        return ox.NamedNode(f"{self.base}id/{kind}/{slug}")

    def concept(self, slug: str) -> ox.NamedNode:
        """Return one of the real controlled values of data/concepts.ttl."""
        return self.iri(f"{self.base}id/concept/{slug}")

    def kg(self, term: str) -> ox.NamedNode:
        """Return one of our ontology's terms."""
        return self.iri(f"{self.base}def/{term}")

    def add(self, s: ox.NamedNode, p: str | ox.NamedNode, o: object) -> None:
        """Add one triple; p may be an IRI string."""
        pred = self.iri(p) if isinstance(p, str) else p
        self.triples.append(ox.Triple(s, pred, o))  # type: ignore[arg-type]

    def typed(self, s: ox.NamedNode, cls: ox.NamedNode, da: str, en: str) -> None:
        """Add a node's class and its Danish and English preferred labels."""
        self.add(s, RDF_TYPE, cls)
        self.add(s, SKOS + "prefLabel", ox.Literal(da, language="da"))
        self.add(s, SKOS + "prefLabel", ox.Literal(en, language="en"))

    def claim(
        self, slug: str, subject: ox.NamedNode, prop: str | ox.NamedNode,
        value: object, source: ox.NamedNode, derived: bool = True,
    ) -> None:  # fmt: skip
        """Add a kg:Claim: one source's value for one property of one thing."""
        node = self.entity("claim", slug)
        self.add(node, RDF_TYPE, self.kg("Claim"))
        self.add(node, self.kg("claimSubject"), subject)
        self.add(
            node,
            self.kg("claimProperty"),
            self.iri(prop) if isinstance(prop, str) else prop,
        )
        self.add(node, self.kg("value"), value)
        self.add(node, PROV + "wasDerivedFrom", source)
        self.derived += derived

    def year(self, low: int, high: int) -> ox.Literal:
        """Return a random xsd:gYear literal."""
        return ox.Literal(
            str(self.rng.randint(low, high)), datatype=self.iri(XSD + "gYear")
        )

    def decimal(self, low: float, high: float) -> ox.Literal:
        """Return a random xsd:decimal literal with up to five decimals."""
        # Canonical form (no trailing zeros), as Oxigraph writes derived values.
        value = f"{self.rng.uniform(low, high):.5f}".rstrip("0").rstrip(".")
        value = "0" if value == "-0" else value
        return ox.Literal(value, datatype=self.iri(XSD + "decimal"))

    def qid(self) -> ox.NamedNode:
        """Return an invented Wikidata item IRI (numbers no real item has)."""
        return ox.NamedNode(f"{WD}Q{FAKE_QID + self.rng.randint(1, 99_999_999)}")

    # ---------------------------------------------------------------- pools

    def add_pools(self, countries: int, organisations: int) -> None:
        """Add the shared sources, countries and organisations."""
        for k in range(3):
            self.pool_sources.append(self.source(f"bench-source-{k}", f"P{k}"))
        for i in range(countries):
            self.add_country(i)
        for i in range(organisations):
            self.add_organisation(i)

    def source(
        self, slug: str, ident: str, publisher: ox.NamedNode | None = None
    ) -> ox.NamedNode:
        """Add a kg:Source document and return it."""
        node = self.entity("document", slug)
        self.typed(
            node,
            self.kg("Source"),
            f"Syntetisk kilde {ident}",
            f"Synthetic source {ident}",
        )
        if publisher is not None:
            self.add(node, DCT + "publisher", publisher)
        self.add(node, DCT + "language", ox.Literal("da"))
        self.add(node, DCT + "identifier", ox.Literal(ident))
        self.add(
            node, SCHEMA + "url", ox.NamedNode(f"https://example.org/bench/{slug}")
        )
        return node

    def add_country(self, i: int) -> None:
        """Add a schema:Country with labels in Danish, English and its language."""
        lang = LANGS[i % len(LANGS)]
        name = make_name(self.rng)
        node = self.entity("country", f"{fold(name)}-{i}")
        self.typed(node, self.iri(SCHEMA + "Country"), name + "land", name + "land")
        self.add(
            node,
            SKOS + "prefLabel",
            ox.Literal(make_name(self.rng, lang), language=lang),
        )
        self.add(node, SCHEMA + "sameAs", self.qid())
        self.add(node, PROV + "wasDerivedFrom", self.pool_sources[0])
        region = "region-asia" if lang in ASIAN else "region-europe"
        self.countries.append(Country(node, lang, self.concept(region)))

    def add_organisation(self, i: int) -> None:
        """Add a network (every fourth an office) with labels and a founding year."""
        name = make_name(self.rng)
        node = self.entity("organisation", f"{fold(name)}-{i}")
        office = i % 4 == 3
        cls, da, en = (
            ("Office", "kontor", "Office")
            if office
            else ("Network", "netværk", "Network")
        )
        self.typed(node, self.kg(cls), f"{name}-{da}", f"{name} {en}")
        self.add(
            node, SKOS + "altLabel", ox.Literal(fold(name).upper()[:4], language="en")
        )
        self.add(
            node,
            SCHEMA + "description",
            ox.Literal(f"Syntetisk organisation nr. {i}.", language="da"),
        )
        self.add(
            node,
            SCHEMA + "description",
            ox.Literal(f"Synthetic organisation no. {i}.", language="en"),
        )
        self.add(node, SCHEMA + "foundingDate", self.year(1950, 2015))
        self.add(node, PROV + "wasDerivedFrom", self.pool_sources[1])
        self.organisations.append(node)

    # ---------------------------------------------------------------- units

    def add_unit(self) -> None:
        """Add one municipality with its town, twins, memberships, people, figure."""
        u = self.units
        self.units += 1
        home = self.countries[0]
        name = "Kolding" if u == 0 else make_name(self.rng)
        slug = "kolding" if u == 0 else f"{fold(name)}-{u}"
        mun = self.entity("municipality", slug)
        sources = [
            self.source(f"{slug}-source-{k}", f"S{u}-{k}", mun) for k in range(2)
        ]
        self.add_municipality(mun, name, slug, home, sources[0])
        for i in range(TWINS_PER_UNIT):
            self.add_twin(u, i, mun, name, sources[i % 2])
        for k, org in enumerate(
            self.rng.sample(self.organisations, MEMBERSHIPS_PER_UNIT)
        ):
            self.add_membership(f"{slug}-{k}", mun, name, org, sources[1])
        for k in range(PEOPLE_PER_UNIT):
            self.add_person(f"{slug}-{k}", mun, name, k, sources[0])
        self.add_figure(slug, sources[1])
        if u == 0:
            self.samples["municipality"] = mun.value

    def add_municipality(
        self,
        mun: ox.NamedNode,
        name: str,
        slug: str,
        home: Country,
        source: ox.NamedNode,
    ) -> None:
        """Add a kg:Municipality, its seat (a kg:Town) and its coordinates as claims."""
        self.typed(
            mun, self.kg("Municipality"), f"{name} Kommune", f"{name} Municipality"
        )
        self.add(
            mun,
            SCHEMA + "description",
            ox.Literal("Syntetisk kommune til ydelsesmålinger.", language="da"),
        )
        self.add(
            mun,
            SCHEMA + "description",
            ox.Literal("Synthetic municipality for benchmarks.", language="en"),
        )
        town = self.entity("city", f"{slug}-town")
        self.add(mun, self.kg("seat"), town)
        self.add(mun, SCHEMA + "addressCountry", home.node)
        self.add(mun, PROV + "wasDerivedFrom", source)
        self.claim(f"{slug}-lat", mun, GEO + "lat", self.decimal(54, 58), source)
        self.claim(f"{slug}-long", mun, GEO + "long", self.decimal(8, 13), source)
        self.typed(town, self.kg("Town"), name, name)
        self.add(town, SCHEMA + "addressCountry", home.node)
        self.add(town, PROV + "wasDerivedFrom", source)

    def add_twin(
        self, u: int, i: int, mun: ox.NamedNode, mun_name: str, source: ox.NamedNode
    ) -> None:
        """Add a kg:LocalAuthority twin and its agreement with its municipality."""
        country = self.countries[1 + self.rng.randrange(len(self.countries) - 1)]
        name = make_name(self.rng)
        slug = f"{fold(name)}-{u}-{i}"
        city = self.entity("city", slug)
        self.typed(city, self.kg("LocalAuthority"), name, fold(name).title())
        self.add(
            city,
            SKOS + "prefLabel",
            ox.Literal(make_name(self.rng, country.lang), language=country.lang),
        )
        if fold(name) != name.lower():
            self.add(
                city,
                SKOS + "hiddenLabel",
                ox.Literal(fold(name).title(), language="da"),
            )
        if self.rng.random() < 0.5:
            self.add(city, SKOS + "altLabel", ox.Literal(f"{name} By", language="da"))
            self.add(
                city,
                SCHEMA + "description",
                ox.Literal(f"Syntetisk venskabsby af {mun_name}.", language="da"),
            )
            self.add(
                city,
                SCHEMA + "description",
                ox.Literal(f"Synthetic twin city of {mun_name}.", language="en"),
            )
        self.add(city, SCHEMA + "addressCountry", country.node)
        self.add(city, self.kg("continentAsStated"), country.region)
        self.add(city, PROV + "wasDerivedFrom", source)
        if i != TWINS_PER_UNIT - 1:  # like Wuqing: one twin without a verified item
            self.claim(f"{slug}-wikidata", city, SCHEMA + "sameAs", self.qid(), source)
        self.claim(f"{slug}-lat", city, GEO + "lat", self.decimal(-60, 70), source)
        self.claim(f"{slug}-long", city, GEO + "long", self.decimal(-170, 170), source)
        self.add_agreement(u, i, slug, mun, mun_name, city, name, source)
        if u == 0 and i == 0:
            self.samples["city"] = city.value

    def add_agreement(
        self, u: int, i: int, slug: str, mun: ox.NamedNode, mun_name: str,
        city: ox.NamedNode, name: str, source: ox.NamedNode,
    ) -> None:  # fmt: skip
        """Add a kg:TwinningAgreement between two parties, with start-year claims."""
        node = self.entity("agreement", f"{fold(mun_name)}-{slug}")
        self.typed(
            node, self.kg("TwinningAgreement"),
            f"Venskabsbyaftale mellem {mun_name} og {name}",
            f"Twinning of {mun_name} and {name}",
        )  # fmt: skip
        self.add(node, self.kg("party"), mun)
        self.add(node, self.kg("party"), city)
        status = "status-ended" if self.rng.random() < 0.1 else "status-current"
        self.add(node, self.kg("status"), self.concept(status))
        self.add(node, PROV + "wasDerivedFrom", source)
        self.derived += 2  # kg:twinnedWith both ways
        if self.rng.random() < 0.75:
            contested = (u + i) % 10 == 0  # sources disagree: stays a claim only
            start = self.year(1946, 2020)
            self.claim(
                f"{slug}-start",
                node,
                self.kg("startYear"),
                start,
                source,
                not contested,
            )
            if contested:
                later = str(int(start.value) + 1)
                self.claim(
                    f"{slug}-start-2", node, self.kg("startYear"),
                    ox.Literal(later, datatype=self.iri(XSD + "gYear")),
                    self.pool_sources[2], derived=False,
                )  # fmt: skip
        if u == 0 and i == 0:
            self.samples["agreement"] = node.value

    def add_membership(
        self, slug: str, member: ox.NamedNode, name: str, org: ox.NamedNode,
        source: ox.NamedNode, role: str = "role-member",
    ) -> None:  # fmt: skip
        """Add an org:Membership of member in org, with a start year and status."""
        node = self.entity("membership", slug)
        self.typed(
            node,
            self.iri(ORG + "Membership"),
            f"{name}s medlemskab",
            f"{name}'s membership",
        )
        self.add(node, ORG + "member", member)
        self.add(node, ORG + "organization", org)
        self.add(node, ORG + "role", self.concept(role))
        self.add(node, self.kg("startYear"), self.year(1990, 2020))
        self.add(node, self.kg("status"), self.concept("status-current"))
        self.add(node, PROV + "wasDerivedFrom", source)

    def add_person(
        self, slug: str, mun: ox.NamedNode, mun_name: str, k: int, source: ox.NamedNode
    ) -> None:
        """Add a schema:Person with a post in the municipality (and some on a board)."""
        name = f"{make_name(self.rng)} {make_name(self.rng)}sen"
        node = self.entity("person", slug)
        self.typed(node, self.iri(SCHEMA + "Person"), name, name)
        self.add(node, SCHEMA + "name", ox.Literal(name))
        self.add(
            node,
            SCHEMA + "description",
            ox.Literal(f"Syntetisk politiker i {mun_name} Kommune.", language="da"),
        )
        self.add(
            node,
            SCHEMA + "description",
            ox.Literal(
                f"Synthetic politician in {mun_name} Municipality.", language="en"
            ),
        )
        if fold(name) != name.lower().replace(" ", "-"):
            self.add(
                node,
                SKOS + "hiddenLabel",
                ox.Literal(fold(name).replace("-", " ").title(), language="en"),
            )
        self.add(node, PROV + "wasDerivedFrom", source)
        role = "role-mayor" if k == 0 else "role-second-deputy-mayor"
        self.add_membership(f"{slug}-post", node, name, mun, source, role)
        if self.rng.random() < 0.25:
            org = self.rng.choice(self.organisations)
            self.add_membership(
                f"{slug}-board", node, name, org, source, "role-board-member"
            )

    def add_figure(self, slug: str, source: ox.NamedNode) -> None:
        """Add a kg:Figure: a member count of an organisation as of a year."""
        node = self.entity("figure", f"{slug}-members")
        self.add(node, RDF_TYPE, self.kg("Figure"))
        self.add(node, self.kg("figureOf"), self.rng.choice(self.organisations))
        self.add(node, self.kg("measure"), self.concept("measure-member-cities"))
        self.add(
            node,
            self.kg("value"),
            ox.Literal(
                str(self.rng.randint(5, 1500)), datatype=self.iri(XSD + "integer")
            ),
        )
        self.add(node, self.kg("qualifier"), self.concept("qualifier-exact"))
        self.add(node, self.kg("asOf"), self.year(2000, 2024))
        self.add(node, PROV + "wasDerivedFrom", source)


# ------------------------------------------------------------------ assembly


def count_triples(paths: list[Path], base: str) -> int:
    """Return how many triples Turtle files hold (for sizing)."""
    return sum(
        1
        for path in paths
        for _ in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=base)
    )


def generate(triples: int, base: str = DEFAULT_BASE_IRI) -> Generator:
    """Generate the curated triples of a graph of about `triples` triples in all."""
    ontology = count_triples(sorted((ROOT / "ontology").glob("*.ttl")), base)
    concepts = count_triples([ROOT / "data" / "concepts.ttl"], base)
    gen = Generator(base)
    # Pools grow with the target size, so that a graph is generated in one pass.
    gen.add_pools(
        countries=min(40, 13 + triples // 6000), organisations=max(3, triples // 15000)
    )
    fixed = ontology + concepts + METADATA_TRIPLES
    gen.add_unit()
    while fixed + len(gen.triples) + gen.derived < triples:
        gen.add_unit()
    return gen


def linear_derive(
    rules: list[Rule], graphs: dict[str, Graph], base: str
) -> tuple[Graph, dict]:
    """Stand in for rules.derive: the same triples, in linear time.

    The claim-values rule (FILTER NOT EXISTS) is quadratic in the number of claims
    on Oxigraph: 15 s at 20k triples, hours at 1M. This derives what ontology/rules
    do for our data: every uncontested claim value as a direct triple, and
    kg:twinnedWith both ways between the parties of each agreement. The test runs
    both paths and compares the dumps.
    """
    names = sorted(PurePosixPath(rule.relpath).name for rule in rules)
    if names != ["claim-values.rq", "twinned-with.rq"]:
        raise SystemExit(f"the rules changed ({names}): update linear_derive")
    kg = Namespaces(base).kg
    claimed: dict[tuple, set] = {}
    derived = Graph()
    for graph in graphs.values():
        for claim in graph.subjects(RDF.type, kg.Claim):
            for subject, prop, value in product(
                graph.objects(claim, kg.claimSubject),
                graph.objects(claim, kg.claimProperty),
                graph.objects(claim, kg.value),
            ):
                claimed.setdefault((subject, prop), set()).add(value)
        for agreement in graph.subjects(RDF.type, kg.TwinningAgreement):
            parties = list(graph.objects(agreement, kg.party))
            for a, b in product(parties, parties):
                if a != b:
                    derived.add((a, kg.twinnedWith, b))
    for (subject, prop), values in claimed.items():
        if len(values) == 1:
            derived.add((subject, prop, next(iter(values))))
    return derived, {}


def unvalidated(assembly: Assembly) -> ValidationReport:
    """Stand in for build.check: skip SHACL and say so in the report file."""
    graph = Graph()
    note = Literal(NOT_VALIDATED, lang="en")
    graph.add((URIRef(assembly.ns.dataset), RDFS.comment, note))
    return ValidationReport(True, (), graph)


@contextmanager
def bench_only_build() -> Iterator[None]:
    """Run the real build with the linear rules and without SHACL (bench only)."""
    saved = build.derive, build.check
    build.derive, build.check = linear_derive, unvalidated
    try:
        yield
    finally:
        build.derive, build.check = saved


def write_project(gen: Generator, project: Path, base: str) -> None:
    """Write a project folder the real build accepts: real inputs plus synthetic.ttl."""
    if project.exists():
        shutil.rmtree(project)
    shutil.copytree(ROOT / "ontology", project / "ontology")
    shutil.copytree(ROOT / "shapes", project / "shapes")
    (project / "data").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "concepts.ttl", project / "data" / "concepts.ttl")
    data = ox.serialize(
        gen.triples, format=ox.RdfFormat.TURTLE, prefixes=Namespaces(base).prefixes()
    )
    (project / "data" / "synthetic.ttl").write_bytes(
        b"# Synthetic data for benchmarks (bench/generate.py); not facts.\n" + data
    )


def write_samples(gen: Generator, release: Release, out: Path) -> dict:
    """Write OUT/bench.json: size, seed, release and the sample IRIs to query."""
    info = {
        "seed": SEED,
        "units": gen.units,
        "triples": release.triples,
        "graphs": {name: g["triples"] for name, g in release.graphs.items()},
        "release": release.id,
        "base_iri": release.base_iri,
        "samples": dict(sorted(gen.samples.items())),
    }
    (out / "bench.json").write_text(
        json.dumps(info, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    return info


def main(argv: list[str] | None = None) -> int:
    """Generate the graph, publish the release and print a one-line summary."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--triples", type=int, default=1000, help="about how many triples"
    )
    parser.add_argument(
        "--out", type=Path, required=True, help="folder for dist/ and bench.json"
    )
    parser.add_argument("--base-iri", default=DEFAULT_BASE_IRI)
    parser.add_argument(
        "--via-build",
        action="store_true",
        help="write a project and run the real build (SHACL)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    out = args.out.absolute()
    out.mkdir(parents=True, exist_ok=True)
    gen = generate(args.triples, args.base_iri)
    write_project(gen, out / "project", args.base_iri)
    with nullcontext() if args.via_build else bench_only_build():
        release = build_release(out / "project", out / "dist", args.base_iri).release
    info = write_samples(gen, release, out)
    seconds = time.perf_counter() - started
    print(
        f"{info['triples']} triples ({gen.units} units), release {release.id}"
        f" at {out / 'dist'} in {seconds:.1f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
