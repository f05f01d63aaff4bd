"""?release=VERSION on pages: an older version's own data, alone or with ?asOf=."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from conftest import MINI_PROJECT, ROOT
from kolding_graph.build.cut import cut_release

BASE = "https://data.kolding.dk/"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """Serve release 1.1 of a small project; 1.0 spelled Anjō "Anjo" and dated the
    twinning 1997, 1.1 says "Anjō" and (for this test) 1990."""
    from kolding_graph.web import create_app
    from kolding_graph.web.cite import CACHE_KEY
    from kolding_graph.web.state import get_state

    root = tmp_path_factory.mktemp("release-pages")
    project = Path(shutil.copytree(MINI_PROJECT, root / "project"))
    releases, dist = root / "releases", root / "dist"
    cut_release(project, releases, BASE, "1.0", dt.date(2025, 1, 15), out=dist)
    places = project / "data/places.ttl"
    places.write_text(places.read_text("utf-8").replace('"Anjo"@da', '"Anjō"@da'))
    ties = project / "data/agreements.ttl"
    ties.write_text(ties.read_text("utf-8").replace('"1997"', '"1990"', 1))
    cut_release(project, releases, BASE, "1.1", dt.date(2025, 2, 1), out=dist)
    app = create_app(
        {
            "RELEASE_DIR": str(dist),
            "RELEASES_DIR": str(releases),
            "SOURCE_DIR": str(ROOT),
        }
    )
    yield app
    with app.app_context():
        get_state().store.close()
        if CACHE_KEY in app.extensions:
            app.extensions[CACHE_KEY].clear()


def get(app: Flask, path: str) -> tuple[int, str]:
    """Return the status and text of a page."""
    response = app.test_client().get(path)
    return response.status_code, response.get_data(as_text=True)


def title(html: str) -> str:
    """Return the page's first heading's text."""
    return html.split("<h1>", 1)[1].split("</h1>", 1)[0]


def test_an_older_release_shows_its_own_data(app):
    _, today = get(app, "/id/city/anjo?lang=da")
    status, old = get(app, "/id/city/anjo?lang=da&release=1.0")
    assert status == 200
    assert "Anjō" in title(today) and "Anjo<" in title(old)
    assert "Udgave 1.0" in old and "Udgave 1.0" not in today
    banner = old.split('class="asof-banner release-banner"')[1].split("</div>")[0]
    assert 'href="/id/city/anjo?lang=da"' in banner


def test_links_keep_the_release(app):
    _, html = get(app, "/id/city/anjo?lang=en&release=1.0")
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "/id/agreement/kolding-anjo?lang=en&amp;release=1.0" in main


def test_release_and_as_of_combine(app):
    """What release 1.0 said about 1995: Anjō not yet twinned (1997); 1.1: twinned."""
    _, old = get(app, "/id/city/anjo?lang=en&asOf=1995&release=1.0")
    _, new = get(app, "/id/city/anjo?lang=en&asOf=1995")
    assert "Not in force in 1995" in old and "(from 1997)" in old
    assert "Not in force in 1995" not in new and "1990" in new
    assert "As of 1995" in old and "Release 1.0" in old


def test_an_unknown_release_is_a_clear_404(app):
    status, html = get(app, "/id/city/anjo?lang=en&release=9.9")
    assert status == 404
    assert "There is no release 9.9" in html


def history(html: str) -> str:
    """Return the page's "changes between releases" section, or ""."""
    if 'class="history"' not in html:
        return ""
    return html.split('class="history"', 1)[1].split("</section>", 1)[0]


def test_an_entity_page_says_what_each_release_changed_about_it(app):
    _, da = get(app, "/id/city/anjo?lang=da")
    _, en = get(app, "/id/city/anjo?lang=en")
    assert "Ændringer mellem udgaverne" in da
    assert "Udgave 1.1" in history(da) and "hedder nu Anjō" in history(da)
    assert "Release 1.1" in history(en) and "is now called Anjō" in history(en)
    assert 'href="/downloads/1.1/?lang=en"' in history(en)


def test_an_older_release_shows_only_the_changes_up_to_it(app):
    _, old = get(app, "/id/city/anjo?lang=en&release=1.0")
    assert "is now called" not in history(old)


def test_pages_without_changes_have_no_history_section(app):
    _, html = get(app, "/id/city/orebro?lang=en")
    assert history(html) == ""
