"""The privacy statement: controller, purpose, legal basis, contact, review period.

The values come from the settings table (PRIVACY_*). They are drafts until the
controller sets PRIVACY_CONFIRMED=yes; nothing here is legal advice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kolding_graph.config import load_settings
from kolding_graph.errors import BuildError
from kolding_graph.namespaces import DPV_PD, EU_GDPR


@dataclass(frozen=True)
class LegalBasis:
    """One legal basis of GDPR art. 6(1): its article and its DPV terms."""

    code: str
    article: str
    gdpr: str


LEGAL_BASES = {
    basis.code: basis
    for basis in (
        LegalBasis("public-task", "6(1)(e)", str(EU_GDPR["A6-1-e"])),
        LegalBasis("legitimate-interest", "6(1)(f)", str(EU_GDPR["A6-1-f"])),
        LegalBasis("consent", "6(1)(a)", str(EU_GDPR["A6-1-a"])),
    )
}
# The personal data the graph may hold (see shapes/person-shapes.ttl): names and
# public roles, as categories of DPV's personal data taxonomy.
PERSONAL_DATA = (str(DPV_PD.Name), str(DPV_PD.PublicLife))
# The draft purpose, shown and published until the controller states its own.
DRAFT_PURPOSE = {
    "da": "At vise, hvem der har eller har haft offentlige hverv i Kolding Kommunes"
    " internationale samarbejde, med kilde til hvert hverv.",
    "en": "To show who holds or held public posts in Kolding Kommune's international"
    " cooperation, with a source for each post.",
}


@dataclass(frozen=True)
class Privacy:
    """What the publisher states about the personal data it publishes."""

    controller: str
    purpose: str
    legal_basis: LegalBasis
    contact: str
    review_years: int
    confirmed: bool

    def purpose_in(self, lang: str) -> str:
        """Return the stated purpose, or the draft purpose in lang."""
        return self.purpose or DRAFT_PURPOSE[lang]

    @property
    def objection_right(self) -> bool:
        """Return True if GDPR art. 21 gives a right to object (6(1)(e) or (f))."""
        return self.legal_basis.code in ("public-task", "legitimate-interest")


def privacy_from(values: Mapping[str, Any]) -> Privacy:
    """Return the privacy statement from settings values; refuse an unknown basis."""
    code = str(values["PRIVACY_LEGAL_BASIS"])
    if code not in LEGAL_BASES:
        raise BuildError(
            f"unknown legal basis {code!r}; use one of: {', '.join(LEGAL_BASES)}",
            where="KOLDING_GRAPH_PRIVACY_LEGAL_BASIS",
        )
    return Privacy(
        controller=str(values["PRIVACY_CONTROLLER"]),
        purpose=str(values["PRIVACY_PURPOSE"]),
        legal_basis=LEGAL_BASES[code],
        contact=str(values["PRIVACY_CONTACT"]),
        review_years=int(values["PRIVACY_REVIEW_YEARS"]),
        confirmed=str(values["PRIVACY_CONFIRMED"]).lower() in ("yes", "true", "1"),
    )


def current_privacy() -> Privacy:
    """Return the privacy statement of the current settings (environment included)."""
    return privacy_from(load_settings())
