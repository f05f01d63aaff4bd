"""The words of the cite pages and controls, in Danish and English."""

from __future__ import annotations

CITE_TEXT = {
    "da": {
        "title": "Citér en forespørgsel",
        "cite_this": "Citér denne forespørgsel",
        "bound": "Forespørgslen køres altid mod version {version} (udgivet {date}):"
        " svaret ændrer sig ikke, når der kommer nye udgivelser.",
        "permalink": "Permanent link",
        "how": "Sådan citerer du svaret",
        "copy_label": "Kopiér",
        "copied": "Kopieret",
        "in_other": "På engelsk",
        "version": "Version",
        "date": "Udgivet",
        "hash": "Forespørgslens SHA-256",
        "query": "Forespørgsel",
        "results": "Svar",
        "rows": "{n} rækker",
        "truncated": "Viser de første {n} rækker.",
        "formats": "Hent svaret",
        "newer": "Der findes en nyere udgivelse, {version}:",
        "run_newer": "kør forespørgslen mod den",
        "none": "Der er endnu ingen versioneret udgivelse at citere. Når serveren"
        " har bygget en (kolding-graph build), får forespørgslen et permanent link.",
        "run_now": "Kør forespørgslen nu",
    },
    "en": {
        "title": "Cite a query",
        "cite_this": "Cite this query",
        "bound": "This query always runs against version {version} (released {date}):"
        " its answer does not change when new releases come out.",
        "permalink": "Permanent link",
        "how": "How to cite the answer",
        "copy_label": "Copy",
        "copied": "Copied",
        "in_other": "In Danish",
        "version": "Version",
        "date": "Released",
        "hash": "SHA-256 of the query",
        "query": "Query",
        "results": "Answer",
        "rows": "{n} rows",
        "truncated": "Showing the first {n} rows.",
        "formats": "Download the answer",
        "newer": "There is a newer release, {version}:",
        "run_newer": "run the query against it",
        "none": "There is no versioned release to cite yet. Once the server has"
        " built one (kolding-graph build), the query gets a permanent link.",
        "run_now": "Run the query now",
    },
}
