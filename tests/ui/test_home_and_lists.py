"""Home page, twin-city list (sortable without JavaScript), organisations, people."""

from __future__ import annotations

import json
import re

TWELVE = [
    "delmenhorst",
    "drammen",
    "huescar",
    "kujalleq",
    "lappeenranta",
    "nikopol",
    "orebro",
    "panevezys",
    "stykkisholmur",
    "szombathely",
    "anjo",
    "wuqing",
]


def test_home_map_shows_the_twelve_twin_cities_and_kolding(client):
    html = client.get("/?lang=da").get_data(as_text=True)
    svg = html.split('<figure class="worldmap">')[1].split("</figure>")[0]
    cities = re.findall(r'<a href="/id/city/([a-z-]+)[^"]*" class="city"', svg)
    assert sorted(cities) == sorted(TWELVE)
    assert 'class="home"' in svg
    assert '<path class="land" d="M' in svg
    assert "Kolding i verden" in html


def test_home_lists_memberships_with_years_and_timeline(client):
    html = client.get("/?lang=en").get_data(as_text=True)
    members = html.split('id="member-title"')[1].split("</section>")[0]
    assert "Union of the Baltic Cities</bdi></a> — since 1997" in members
    assert "ICLEI" in members and "since 1998" in members
    years = re.findall(
        r'<span class="year">(\d{4})</span>', html.split('id="timeline-title"')[1]
    )
    assert years == sorted(years)
    assert {"1946", "1997", "1998", "2017"} <= set(years)


def test_home_embeds_a_dataset_description(client):
    html = client.get("/").get_data(as_text=True)
    raw = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    data = json.loads(raw)
    assert data["@type"] == "Dataset"
    assert data["license"].startswith("https://creativecommons.org/")


def _rows(html: str) -> list[str]:
    body = html.split("<tbody>")[1]
    return re.findall(r'<tr>\s*<td[^>]*><a href="/id/city/([a-z-]+)', body)


def test_twin_cities_sort_by_name_country_and_year(client):
    by_name = _rows(client.get("/cities?sort=name&lang=en").get_data(as_text=True))
    assert by_name[0] == "anjo" and by_name[-1] == "wuqing"
    assert sorted(by_name) == sorted(TWELVE)
    by_country = _rows(
        client.get("/cities?sort=country&lang=en").get_data(as_text=True)
    )
    assert by_country[0] == "wuqing"  # China
    assert by_country[-1] == "nikopol"  # Ukraine
    by_year = _rows(client.get("/cities?sort=year").get_data(as_text=True))
    assert by_year[:2] == ["drammen", "orebro"]  # 1946
    assert set(by_year[-3:]) == {"kujalleq", "nikopol", "wuqing"}  # no start year
    newest = _rows(client.get("/cities?sort=year&order=desc").get_data(as_text=True))
    assert newest[0] == "panevezys"  # 2000


def test_unknown_sort_key_falls_back_to_name(client):
    response = client.get("/cities?sort=%3Cscript%3E")
    assert response.status_code == 200
    assert b"<script>" not in response.data


def test_organisations_list_marks_kolding_memberships(client):
    html = client.get("/organisations?lang=en").get_data(as_text=True)
    for slug in ("ubc", "iclei", "sdeo", "unesco"):
        assert f'href="/id/organisation/{slug}?lang=en"' in html
    assert "Kolding is a member since 1997" in html


def test_people_list(client):
    html = client.get("/people").get_data(as_text=True)
    assert "Per Bødker Andersen" in html


def test_kolding_marker_sits_at_kolding(client):
    """Regression: a BIND inside a UNION branch left the place unbound, so the
    Kolding marker landed on whichever place came first (Wuqing, in China)."""
    svg = client.get("/").get_data(as_text=True).split('<figure class="worldmap">')[1]

    def centre(anchor: str) -> tuple[float, float]:
        circle = svg.split(anchor, 1)[1].split("<circle", 1)[1]
        x = float(re.search(r'cx="([-\d.]+)"', circle).group(1))
        y = float(re.search(r'cy="([-\d.]+)"', circle).group(1))
        return x, y

    home = centre('<a href="/id/city/kolding" class="home">')
    delmenhorst = centre('<a href="/id/city/delmenhorst" class="city">')
    assert abs(home[0] - delmenhorst[0]) < 10 and abs(home[1] - delmenhorst[1]) < 30


def test_page_queries_bind_values_inside_union_branches():
    """Each UNION branch carries its own VALUES, or it would scan the whole graph."""
    from kolding_graph.browse import entities, overview
    from kolding_graph.browse import site as pages

    for template in (
        entities.OUT_QUERY,
        entities.RELATIONS_QUERY,
        overview.SEAT_QUERY,
        pages.USAGE_QUERY,
    ):
        branches = template.split("UNION")
        assert len(branches) > 1
        assert all("%(values)s" in branch for branch in branches)


def test_dataset_description_points_at_the_dumps(client):
    html = client.get("/").get_data(as_text=True)
    raw = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    urls = [d["contentUrl"] for d in json.loads(raw)["distribution"]]
    assert any(url.endswith("/downloads/latest/dataset.nq.gz") for url in urls)
    for url in urls:
        path = "/" + url.split("/", 3)[3]
        response = client.get(path)
        response.close()  # a file response
        assert response.status_code == 200, path


def test_dataset_page_shows_the_validation_report(client):
    page = client.get("/dataset?lang=en", headers={"Accept": "text/html"})
    box = page.get_data(as_text=True).split('id="validation"')[1].split("</section>")[0]
    assert "conforms to all SHACL shapes" in box
    assert 'href="/downloads/latest/validation-report.ttl"' in box
