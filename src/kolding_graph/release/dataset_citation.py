"""How to cite the dataset (one version of it): text, BibTeX, CSL-JSON and RIS."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from kolding_graph.formats import BIBLIOGRAPHY, BIBTEX, CSL, RIS

PUBLISHER = "Kolding Kommune"
TITLE = {
    "da": "Kolding Kommunes internationale samarbejde",
    "en": "Kolding Municipality's international cooperation",
}
LICENCE_NAME = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
WORDS = {
    "da": {"kind": "Datasæt", "version": "version", "licence": "Licens"},
    "en": {"kind": "Data set", "version": "version", "licence": "Licence"},
}


def version_iri(base: str, version: str) -> str:
    """Return the IRI of one version of the dataset: {base}dataset/{version}."""
    return f"{base}dataset/{version}"


@dataclass(frozen=True)
class DatasetCitation:
    """What a citation of one version names: who, what, which, when, where."""

    version: str
    date: str  # YYYY-MM-DD
    url: str
    lang: str = "en"

    @property
    def title(self) -> str:
        """Return the dataset's title in the citation's language."""
        return TITLE.get(self.lang, TITLE["en"])

    @property
    def words(self) -> dict[str, str]:
        """Return the few words a citation needs, in its language."""
        return WORDS.get(self.lang, WORDS["en"])

    @property
    def year(self) -> str:
        """Return the year of the release."""
        return self.date[:4]

    def text(self) -> str:
        """Return the formatted line (text/x-bibliography)."""
        words = self.words
        return (
            f"{PUBLISHER} ({self.year}). {self.title}, {words['version']}"
            f" {self.version} ({self.date}) [{words['kind']}]. {self.url}."
            f" {words['licence']}: {LICENCE_NAME}."
        )

    def bibtex(self) -> str:
        """Return a BibTeX @misc entry (biblatex fields version, date, url)."""
        key = re.sub(r"[^A-Za-z0-9]+", "-", f"kolding-kommune-{self.version}")
        fields = [
            ("author", f"{{{PUBLISHER}}}"),
            ("title", f"{{{bibtex_escape(self.title)}}}"),
            ("publisher", PUBLISHER),
            ("year", self.year),
            ("date", self.date),
            ("version", bibtex_escape(self.version)),
            ("url", self.url),
            ("howpublished", f"\\url{{{self.url}}}"),
            ("note", f"{self.words['licence']}: {LICENCE_NAME}"),
        ]
        body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields)
        return f"@misc{{{key},\n{body}}}\n"

    def csl(self) -> dict:
        """Return the CSL-JSON item (a dataset)."""
        year, month, day = (int(part) for part in self.date.split("-"))
        return {
            "id": f"kolding-kommune-{self.version}",
            "type": "dataset",
            "title": self.title,
            "author": [{"literal": PUBLISHER}],
            "publisher": PUBLISHER,
            "issued": {"date-parts": [[year, month, day]]},
            "version": self.version,
            "URL": self.url,
            "license": LICENCE_NAME,
            "language": self.lang,
        }

    def csl_json(self) -> str:
        """Return CSL-JSON: an array holding the one item."""
        return json.dumps([self.csl()], ensure_ascii=False, indent=2) + "\n"

    def ris(self) -> str:
        """Return the RIS record (TY DATA), CRLF-free, ending with ER."""
        year, month, day = self.date.split("-")
        tags = [
            ("TY", "DATA"),
            ("AU", PUBLISHER),
            ("TI", self.title),
            ("PY", year),
            ("DA", f"{year}/{month}/{day}"),
            ("ET", self.version),
            ("PB", PUBLISHER),
            ("UR", self.url),
            ("LA", self.lang),
            ("N1", f"{self.words['licence']}: {LICENCE_NAME}"),
            ("ER", ""),
        ]
        return "".join(f"{tag}  - {value}\n" for tag, value in tags)


def bibtex_escape(text: str) -> str:
    """Escape the characters BibTeX treats specially in a field value."""
    return re.sub(r"([{}%&$#_\\])", r"\\\1", text)


# Media types (and ?format= names) a dataset IRI answers with a citation.
FORMATS = {
    BIBTEX.media_type: (BIBTEX.name, DatasetCitation.bibtex),
    CSL.media_type: (CSL.name, DatasetCitation.csl_json),
    RIS.media_type: (RIS.name, DatasetCitation.ris),
    BIBLIOGRAPHY.media_type: (BIBLIOGRAPHY.name, lambda c: c.text() + "\n"),
}
BY_NAME = {name: media for media, (name, _) in FORMATS.items()}


def render(citation: DatasetCitation, media_type: str) -> str:
    """Return the citation in one of FORMATS' media types."""
    return FORMATS[media_type][1](citation)
