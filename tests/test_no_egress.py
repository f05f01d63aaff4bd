"""The build never opens a network connection, even when the inputs ask for one."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import MINI_PROJECT

# Runs in a fresh interpreter: an audit hook cannot be removed once added.
WATCHED_BUILD = """
import json, sys
from pathlib import Path
events = []
sys.addaudithook(
    lambda event, args: events.append(event) if event.startswith("socket.") else None
)
from rdflib import Graph
from kolding_graph.build import pipeline as build
from kolding_graph.build import cut
from kolding_graph.build import validate
from kolding_graph.errors import BuildError

project, out, lure = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
outcome = {}
cut.build_release(project, out, "https://data.kolding.dk/")
outcome["build"] = "ok"
# Below the build's own refusal of owl:imports: pyshacl must not follow it either.
owl = "http://www.w3.org/2002/07/owl#"
imports = f"a <{owl}Ontology> ; <{owl}imports> <{lure}> ."
data = Graph().parse(data="<urn:x> " + imports, format="turtle")
shapes = Graph().parse(data="<urn:s> " + imports, format="turtle")
outcome["conforms"] = validate.validate_graph(data, shapes).conforms
print(json.dumps({"outcome": outcome, "events": events}))
"""


def test_build_and_validation_open_no_socket(tmp_path: Path) -> None:
    lure = "http://127.0.0.1:9/ontology.ttl"
    done = subprocess.run(
        [sys.executable, "-c", WATCHED_BUILD, MINI_PROJECT, tmp_path / "dist", lure],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["outcome"] == {"build": "ok", "conforms": True}
    assert result["events"] == []
