"""Blueprint: home page, lists, and every IRI under the base (HTML or RDF)."""

from __future__ import annotations

from flask import Blueprint, Response, redirect, render_template, request, url_for
from werkzeug.urls import iri_to_uri, uri_to_iri
from werkzeug.wrappers import Response as WerkzeugResponse

from kolding_graph.browse import schemaorg
from kolding_graph.browse.asof import entity_as_of
from kolding_graph.browse.entities import Entity
from kolding_graph.browse.labels import is_safe_iri
from kolding_graph.browse.linkeddata import serialize
from kolding_graph.browse.overview import sort_twins
from kolding_graph.errors import NotAcceptable
from kolding_graph.formats import (
    JSONLD,
    PAGE_FORMATS,
    TURTLE,
    Format,
    page_format,
    split_suffix,
)
from kolding_graph.namespaces import Namespaces
from kolding_graph.release.dataset_citation import LICENCE_URL
from kolding_graph.release.distributions import KINDS_BY_NAME
from kolding_graph.web import asof
from kolding_graph.web.entity_history import entity_history
from kolding_graph.web.entity_view import entity_context, figure_text
from kolding_graph.web.etags import etag_for
from kolding_graph.web.home_view import home_context
from kolding_graph.web.release_pages import pick_release
from kolding_graph.web.ui import (
    current_site,
    has_endpoint,
    lang,
    page,
    page_url,
    this_url,
    translate,
    use_labels,
)
from kolding_graph.web.withdrawn import current_withdrawn, gone_page

bp = Blueprint(
    "pages",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/assets",
)
bp.record_once(asof.setup_as_of)
bp.before_request(asof.check_as_of)
bp.before_request(pick_release)

HTML_TYPES = ("text/html", "application/xhtml+xml")
OFFERED = ", ".join(["text/html", *(f.media_type for f in PAGE_FORMATS)])
CACHE_CONTROL = "public, max-age=300"


@bp.route("/")
def home() -> Response:
    """Show "Kolding i verden": map, memberships, timeline, search, data links."""
    return cached_html(_render_home)


def _render_home() -> str:
    site = current_site()
    today = site.home()
    when = asof.requested_as_of()
    data, apart = asof.home_as_of(today, when, site.base)
    use_labels(dict(data.labels))
    if data.entity is not None:
        use_labels({**page().labels, **data.entity.labels})
    context = home_context(site, data)
    use_labels(
        {**page().labels, **site.labels(context["people"] + context["partners"])}
    )
    return render_template(
        "home.html",
        home=data,
        **asof.as_of_home(context, today, when, apart),
        **asof.home_years(today.entity, when, site.base),
        **apart,
        dataset_jsonld=schemaorg.dumps(dataset_description()),
    )


def dataset_description() -> dict:
    """Return the schema.org Dataset description of the whole graph."""
    return schemaorg.dataset_jsonld(
        name=translate(
            "Kolding in the world: international cooperation as linked data"
        ),
        description=translate(
            "Kolding Kommune's twin cities, memberships of international networks, "
            "people, projects and policies, each fact with its source."
        ),
        url=request.url_root,
        licence=LICENCE_URL,
        creator="Kolding Kommune",
        distributions=distributions(),
    )


def distributions() -> list[dict[str, str]]:
    """Return schema.org DataDownload entries: the dumps, else the dataset's twin."""
    if has_endpoint("downloads.download"):
        return [
            {
                "encodingFormat": KINDS_BY_NAME[name].media_type,
                "contentUrl": url_for(
                    "downloads.download", version="latest", name=name, _external=True
                ),
            }
            for name in ("dataset.nq.gz", "dataset.ttl")
        ]
    turtle = request.url_root.rstrip("/") + "/dataset" + TURTLE.suffix
    return [{"encodingFormat": TURTLE.media_type, "contentUrl": turtle}]


@bp.route("/cities")
def cities() -> Response:
    """List the twin cities, sortable by name, country or year without JavaScript."""
    return cached_html(_render_cities)


def _render_cities() -> str:
    site = current_site()
    data, apart = asof.home_as_of(site.home(), asof.requested_as_of(), site.base)
    use_labels(data.labels)
    key = request.args.get("sort", "name")
    key = key if key in ("name", "country", "year") else "name"
    descending = request.args.get("order") == "desc"
    twins = sort_twins(data.twins, key, lang(), data.labels, descending)
    return render_template(
        "cities.html", twins=twins, sort=key, descending=descending, **apart
    )


@bp.route("/organisations")
def organisations() -> Response:
    """List the organisations, with Kolding's memberships."""
    return cached_html(lambda: _render_listing("organisations"))


@bp.route("/people")
def people() -> Response:
    """List the people and their posts."""
    return cached_html(lambda: _render_listing("people"))


def _render_listing(name: str) -> str:
    site = current_site()
    listing = site.listing(name)
    use_labels(listing.labels)
    home = asof.home_as_of(site.home(), asof.requested_as_of(), site.base)[0].entity
    if home is not None:
        use_labels({**home.labels, **listing.labels})
    return render_template("listing.html", name=name, listing=listing, home=home)


SUFFIXES = f"<any({', '.join(repr(f.suffix) for f in PAGE_FORMATS)}):suffix>"


@bp.route("/ontology")
@bp.route("/ontology" + SUFFIXES)
def ontology(suffix: str = "") -> Response:
    """Answer for the ontology IRI."""
    return resource()


@bp.route("/dataset")
@bp.route("/dataset" + SUFFIXES)
def dataset(suffix: str = "") -> Response:
    """Answer for the dataset IRI: a citation when one is asked for, else as any IRI."""
    from kolding_graph.web.dataset_cite import citation_response, loaded_release

    release = loaded_release()
    if not suffix and release is not None and has_endpoint("dataset_cite.version"):
        cited = citation_response(release)
        if cited is not None:
            return cited
    return resource()


@bp.route("/favicon.ico")
def favicon() -> WerkzeugResponse:
    """Answer browsers that ask for /favicon.ico with the site's icon."""
    return redirect(url_for("pages.static", filename="favicon.svg"), 301)


@bp.route("/def/")
def vocabulary() -> WerkzeugResponse:
    """Send the vocabulary's namespace to the ontology page that describes it."""
    return redirect(page_url("pages.ontology"), 303)


@bp.route("/id/<path:rest>")
@bp.route("/def/<path:rest>")
@bp.route("/graph/<path:rest>")
@bp.route("/<path:rest>")
def resource(rest: str = "") -> Response:
    """Answer for an IRI under the base: HTML or RDF by suffix, format or Accept."""
    site = current_site()
    path = raw_path()
    if withdrawn_path(site.base, path):
        return gone_page(html=wants_page(path))
    entity, fmt = _lookup(site.base, path)
    if entity is None:
        return not_found_page(path)
    chosen = fmt or negotiate()
    when = asof.requested_as_of()
    if not isinstance(chosen, Format):  # "html"
        response = cached_html(lambda: render_entity(entity))
    else:
        rdf = chosen
        shown = entity if when is None else entity_as_of(entity, when, site.base)[0]
        key = ("rdf", entity.iri, rdf.name, str(when or ""))
        body = site.cache.get_or_make(
            key, lambda: serialize(shown, rdf, Namespaces(site.base))
        )
        response = Response(body, mimetype=rdf.media_type)
        response.headers["Cache-Control"] = CACHE_CONTROL
        if site.release_id:
            response.set_etag(etag_for(site.release_id, *key))
            response.make_conditional(request)
    return _linked_data_headers(response, entity, explicit=fmt is not None)


def raw_path() -> str:
    """Return the request path as the client sent it (percent-encoding intact)."""
    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI")
    if raw:
        raw = raw.split("?", 1)[0]
        if raw.startswith(("http://", "https://")):
            raw = "/" + raw.split("/", 3)[-1]
        root = request.script_root
        return raw[len(root) :] if root and raw.startswith(root) else raw
    return iri_to_uri(request.path)


def withdrawn_path(base: str, path: str) -> bool:
    """Return True if the path names a withdrawn IRI (with or without a suffix)."""
    withdrawn = current_withdrawn()
    if not withdrawn.nodes:
        return False
    stems = [path, split_suffix(path)[0]]
    return any(withdrawn.any_of(candidate_iris(base, stem)) for stem in stems)


def wants_page(path: str) -> bool:
    """Return True if the request asks for HTML (no RDF suffix, format or Accept)."""
    if split_suffix(path)[1] is not None:
        return False
    explicit = request.args.get("format", "").lower()
    return explicit in ("", "html") and preferred() == "html"


def _lookup(base: str, path: str) -> tuple[Entity | None, Format | str | None]:
    """Find the entity a path names, trying it without a format suffix first."""
    site = current_site()
    stem, fmt = split_suffix(path)
    explicit = request.args.get("format")
    attempts: list[tuple[str, Format | None]] = [(stem, fmt)] if fmt else []
    attempts.append((path, None))
    for candidate_path, suffix_format in attempts:
        entity = site.find(candidate_iris(base, candidate_path))
        if entity is not None:
            if suffix_format is None and explicit:
                return entity, _explicit_format(explicit)
            return entity, suffix_format
    return None, None


def _explicit_format(name: str) -> Format | str:
    if name.lower() == "html":
        return "html"
    found = page_format(name)
    if found is None:
        raise NotAcceptable(f"format {name!r} not offered here; offered: {OFFERED}")
    return found


def candidate_iris(base: str, path: str) -> list[str]:
    """Return the IRIs a request path may name: IRI form, then URI form; only clean
    IRIs (nothing that could end a <...> in a query) are kept."""
    relative = path.lstrip("/")
    found = [base + uri_to_iri(relative), base + relative]
    return [i for i in dict.fromkeys(found) if is_safe_iri(i)]


def negotiate() -> Format | str:
    """Return "html" or the RDF format the Accept header prefers, or raise 406."""
    chosen = preferred()
    if chosen is None:
        raise NotAcceptable(
            f"none of the accepted types is offered; offered: {OFFERED}"
        )
    return chosen


def preferred() -> Format | str | None:
    """Return "html" or the RDF format the Accept header prefers, None if none fits."""
    by_type = {f.media_type: f for f in PAGE_FORMATS} | {"application/json": JSONLD}
    if not request.headers.get("Accept", "").strip():
        return "html"
    best = request.accept_mimetypes.best_match([*HTML_TYPES, *by_type])
    if best is None:
        return None
    return "html" if best in HTML_TYPES else by_type[best]


def render_entity(entity: Entity) -> str:
    """Render the HTML page of an entity with the template of its kind."""
    entity, as_of_context = asof.entity_as_of_page(entity, current_site().base)
    use_labels(entity.labels)
    context = entity_context(entity)
    return render_template(
        [f"kinds/{context['kind']}.html", "entity.html"],
        figure_text=figure_text,
        **as_of_context,
        history=entity_history(entity.iri),
        usage=_usage(entity, context["kind"]),
        **context,
    )


def _usage(entity: Entity, kind: str) -> list[str]:
    if kind not in ("class", "property"):
        return []
    used = current_site().usage(entity.iri)
    use_labels({**entity.labels, **current_site().labels(used)})
    return used


def cached_html(render) -> Response:
    """Return an HTML response, rendered once per release, host, path, query and
    language (a page names its own URL, so the host the client asked is part of it)."""
    site = current_site()
    key = ("html", this_url(), request.query_string, lang())  # mount path too
    body = site.cache.get_or_make((request.host_url, *key), render)
    response = Response(body, mimetype="text/html")
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.headers["Content-Language"] = lang()
    response.vary.add("Accept-Language")
    if site.release_id:
        # From the release and the key only (hash() differs per process), so
        # every worker and every replica gives a page the same ETag.
        response.set_etag(etag_for(site.release_id, *key))
        response.make_conditional(request)
    return response


def _linked_data_headers(
    response: Response, entity: Entity, explicit: bool
) -> Response:
    response.vary.add("Accept")
    local = this_url()
    for fmt in PAGE_FORMATS:
        stem = local.removesuffix(fmt.suffix) if explicit else local
        response.headers.add(
            "Link", f'<{stem}{fmt.suffix}>; rel="alternate"; type="{fmt.media_type}"'
        )
    return response


def not_found_page(path: str) -> Response:
    """Return the helpful 404 page: what was asked for, and a search for it."""
    slug = uri_to_iri(path).rstrip("/").rsplit("/", 1)[-1]
    guess = slug.replace("-", " ").split(".", 1)[0]
    hits = current_site().search(guess, limit=10) if guess else []
    use_labels(current_site().labels([h.iri for h in hits]))
    body = render_template(
        "not_found.html", path=uri_to_iri(path), guess=guess, hits=hits
    )
    return Response(body, status=404, mimetype="text/html")


def list_url(name: str, **args: str) -> str:
    """Return the URL of a list page (keeping ?lang=)."""
    return page_url(f"pages.{name}", **args)
