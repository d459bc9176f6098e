"""A JSON Schema (draft 2020-12) of the deployment document that standard validators and editors accept.

Structure and types come from the pydantic models; descriptions, examples, limits and choices from the
field catalogue. Cross-field rules cannot be said in a schema: `aksedge-wizard validate` checks those.
"""

from __future__ import annotations

from typing import Any

from . import fields
from .model import Deployment

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema() -> dict[str, Any]:
    schema = Deployment.model_json_schema(by_alias=True, mode="validation")
    defs = schema.get("$defs", {})

    def resolve(node: dict[str, Any]) -> dict[str, Any]:
        for option in node.get("anyOf", [node]):
            if "$ref" in option:
                found: dict[str, Any] = defs[option["$ref"].rsplit("/", 1)[-1]]
                return found
            if option.get("type") == "array" and "$ref" in option.get("items", {}):
                found = defs[option["items"]["$ref"].rsplit("/", 1)[-1]]
                return found
        return {}

    def decorate(obj: dict[str, Any], prefix: str) -> None:
        for key, prop in obj.get("properties", {}).items():
            path = f"{prefix}.{key}" if prefix else key
            target = resolve(prop)
            if target:
                is_list = any(o.get("type") == "array" for o in prop.get("anyOf", [prop]))
                decorate(target, f"{path}[*]" if is_list else path)
                continue
            spec = fields.BY_PATH.get(path)
            if spec is None:
                continue
            prop.pop("title", None)
            prop["description"] = spec.help + (f" (schema {spec.since}+)" if spec.since not in ("1.0", "1.5") else "")
            if spec.example:
                prop["examples"] = [spec.parse(spec.example)]
            branch = next((o for o in prop.get("anyOf", [prop]) if o.get("type") != "null"), prop)
            if spec.kind == "choice" and spec.choices:
                branch["enum"] = list(spec.choices)
            if spec.kind == "int":
                if spec.minimum is not None and not spec.zero_ok:
                    branch["minimum"] = spec.minimum
                if spec.maximum is not None:
                    branch["maximum"] = spec.maximum
                if spec.choices:
                    branch["enum"] = [int(c) for c in spec.choices]
                if spec.even:
                    branch["multipleOf"] = 2
            if spec.kind == "ipv4":
                branch["format"] = "ipv4"
            if spec.kind == "ipv4-list":
                branch["items"] = {"type": "string", "format": "ipv4"}

    decorate(schema, "")
    for model in defs.values():
        model.pop("title", None)
    schema.pop("title", None)
    return {
        "$schema": DIALECT,
        "$id": "https://aksedge-wizard.invalid/aksedge-config.schema.json",
        "title": "AKS Edge Essentials deployment configuration",
        "description": "The JSON that New-AksEdgeDeployment -JsonConfigFilePath reads (schema 1.5-1.16).",
        **schema,
    }
