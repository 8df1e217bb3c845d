"""JSON Schemas of the story files, made from the models the loader validates with.

Editors validate TOML against a JSON Schema (Taplo, and Even Better TOML in VS Code, which is
Taplo): with these, an author sees a typo'd key, a wrong type or a malformed id as they type,
before `detective check`. The schema says less than the loader (it cannot know which ids the
case defines, nor parse a condition); it never refuses what the loader accepts.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema

from game.engine.conditions import Condition
from game.engine.model import Line, StoryFile
from game.storyfiles.walkthroughs import Walkthrough

DIALECT = "https://json-schema.org/draft/2020-12/schema"
CASE_SCHEMA_FILE = "case.schema.json"
WALKTHROUGH_SCHEMA_FILE = "walkthrough.schema.json"


class _AuthorSchema(GenerateJsonSchema):
    """Defaults written as an author would write them in TOML."""

    def encode_default(self, dft: Any) -> Any:
        if isinstance(dft, Condition):
            return dft.source
        if isinstance(dft, Line):
            return dft.text if dft.speaker is None else f"{dft.speaker}: {dft.text}"
        if isinstance(dft, BaseModel):
            return dft.model_dump(mode="json", by_alias=True)
        if isinstance(dft, tuple | list):
            return [self.encode_default(item) for item in dft]
        return super().encode_default(dft)


def _for_toml(node: Any) -> Any:
    """What pydantic writes for JSON, said for TOML:

    - a table of ids (`[topic.<id>]`) accepts keys of the id pattern only, so a key that is no
      id is reported in the editor as the loader reports it;
    - TOML has no null: an optional key is one that may be left out, never `X or null`;
    - a description is one line of text (docstrings are wrapped in the source)."""
    if isinstance(node, list):
        return [_for_toml(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _for_toml(value) for key, value in node.items()}
    if "patternProperties" in node and "additionalProperties" not in node:
        node["additionalProperties"] = False
    options = node.get("anyOf")
    if options and {"type": "null"} in options:
        kept = [option for option in options if option != {"type": "null"}]
        node.pop("anyOf")
        if node.get("default", 0) is None:
            node.pop("default")
        node = {**kept[0], **node} if len(kept) == 1 else {"anyOf": kept, **node}
    if isinstance(node.get("description"), str):
        node["description"] = " ".join(node["description"].split())
    return node


def _schema(model: type[BaseModel], title: str) -> dict[str, Any]:
    body = _for_toml(model.model_json_schema(schema_generator=_AuthorSchema))
    body["title"] = title
    return {"$schema": DIALECT, **body}


def case_schema() -> dict[str, Any]:
    """The schema of one file of a case folder (any file: every table is optional)."""
    return _schema(StoryFile, "A file of a detective case")


def walkthrough_schema() -> dict[str, Any]:
    """The schema of a walkthrough, in a case's `walkthroughs/` folder."""
    return _schema(Walkthrough, "A walkthrough of a detective case")


def as_text(schema: dict[str, Any]) -> str:
    """The schema as committed: stable key order, one key a line, a newline at the end."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
