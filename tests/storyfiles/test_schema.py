"""The JSON Schemas editors validate case files with, and the key reference made from them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main
from game.storyfiles.reference import reference
from game.storyfiles.schema import as_text, case_schema, walkthrough_schema
from tests.conftest import BUNDLED, ROOT

SCHEMAS = ROOT / "docs" / "schema"
TAPLO = Path(sys.executable).with_name("taplo")
pytestmark = pytest.mark.timeout(60)


def test_the_committed_schemas_are_those_the_models_make():
    for name, schema in (("case.schema.json", case_schema()),
                         ("walkthrough.schema.json", walkthrough_schema())):
        committed = (SCHEMAS / name).read_text(encoding="utf-8")
        assert committed == as_text(schema), f"docs/schema/{name} is stale: run `make docs`"


def test_the_key_reference_in_the_docs_is_current():
    committed = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    assert committed == reference(), "docs/reference.md is stale: run `make docs`"


def _properties(schema: dict) -> list[tuple[str, dict]]:
    found = [(key, field) for key, field in schema.get("properties", {}).items()]
    for model in schema.get("$defs", {}).values():
        found.extend((key, field) for key, field in model.get("properties", {}).items())
    return found


@pytest.mark.parametrize("schema", [case_schema(), walkthrough_schema()],
                         ids=["case", "walkthrough"])
def test_every_key_is_described_and_every_table_closed(schema):
    keys = _properties(schema)
    assert len(keys) >= 7  # the walkthrough has 7, a case file over 80
    undescribed = [key for key, field in keys if not field.get("description", "").strip()]
    assert undescribed == []
    for name, model in schema.get("$defs", {}).items():
        assert model.get("additionalProperties") is False, f"{name} accepts unknown keys"
        assert model.get("description"), f"{name} has no description"
    # No key of a TOML file can be null, and no default is left out for being unencodable.
    assert '"null"' not in json.dumps(schema)


def test_ids_conditions_and_lines_are_typed():
    topic = case_schema()["$defs"]["Topic"]["properties"]
    assert topic["character"]["pattern"] == "^[a-z][a-z0-9_]*$"
    assert topic["when"]["type"] == "string" and topic["when"]["default"] == "true"
    line_forms = topic["lines"]["items"]["anyOf"]
    assert line_forms[0]["type"] == "string"
    assert set(line_forms[1]["properties"]) == {"text", "when"}
    assert line_forms[1]["additionalProperties"] is False
    tables = case_schema()["properties"]["topic"]
    assert list(tables["patternProperties"]) == ["^[a-z][a-z0-9_]*$"]
    assert tables["additionalProperties"] is False


def test_the_command_prints_and_writes_the_schemas(tmp_path, capsys):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == case_schema()
    assert main(["schema", "--walkthrough"]) == 0
    assert json.loads(capsys.readouterr().out) == walkthrough_schema()
    assert main(["schema", "--reference"]) == 0
    assert capsys.readouterr().out == reference()
    assert main(["schema", "--out", str(tmp_path / "out")]) == 0
    for name in ("case.schema.json", "walkthrough.schema.json"):
        written = (tmp_path / "out" / name).read_text(encoding="utf-8")
        assert written == (SCHEMAS / name).read_text(encoding="utf-8")
    blocked = tmp_path / "a_file"
    blocked.write_text("")
    assert main(["schema", "--out", str(blocked / "below")]) == 1
    assert "cannot write into" in capsys.readouterr().err


def _taplo(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([str(TAPLO), "lint", "--colors", "never", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=30)


def test_taplo_passes_every_case_of_the_repository_with_the_committed_schemas():
    linted = _taplo()
    assert linted.returncode == 0, linted.stdout + linted.stderr
    # The configuration reaches the bundled case and the docs' worked example.
    assert "found files total=" in linted.stderr
    total = int(linted.stderr.split("found files total=")[1].split()[0])
    assert total >= len(list(BUNDLED.rglob("*.toml"))) + 2


def test_taplo_reports_a_typo_d_key_and_a_wrong_type_at_their_lines(tmp_path):
    case = tmp_path / "case"
    shutil.copytree(BUNDLED, case)
    cast = case / "characters" / "cast.toml"
    text = cast.read_text(encoding="utf-8")
    assert "\nquestioned = true\n" in text and "\nrole = " in text
    broken = text.replace("\nquestioned = true\n", '\nquestioned = "yes"\n', 1)
    broken = broken.replace("\nrole = ", "\nrloe = ", 1)
    cast.write_text(broken, encoding="utf-8")
    schema = (SCHEMAS / "case.schema.json").as_uri()
    linted = _taplo("--no-auto-config", "--schema", schema, str(cast), cwd=tmp_path)
    assert linted.returncode != 0
    report = linted.stdout + linted.stderr
    assert "'rloe' was unexpected" in report
    assert '"yes" is not of type "boolean"' in report
    wrong_type_line = broken.splitlines().index('questioned = "yes"') + 1
    assert f"cast.toml:{wrong_type_line}:" in report
    # The untouched files of the same case pass.
    assert _taplo("--no-auto-config", "--schema", schema, str(case / "evidence.toml"),
                  cwd=tmp_path).returncode == 0


def test_taplo_checks_walkthroughs_with_their_own_schema(tmp_path):
    walk = tmp_path / "walk.toml"
    walk.write_text('title = "x"\nsteps = ["talk a", { do = "ask b", expcet = "true" }]\n',
                    encoding="utf-8")
    schema = (SCHEMAS / "walkthrough.schema.json").as_uri()
    linted = _taplo("--no-auto-config", "--schema", schema, str(walk), cwd=tmp_path)
    assert linted.returncode != 0
    assert "expcet" in linted.stdout + linted.stderr
