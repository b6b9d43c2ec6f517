"""JSON Schema for each kind of YAML file, generated from the models so it can never drift."""

from __future__ import annotations

import json

from normcheck.loading import KINDS


def schema_texts() -> dict[str, str]:
    out = {}
    for kind, model in KINDS.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"https://normcheck.invalid/schema/{kind}.schema.json"
        out[f"{kind}.schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return out
