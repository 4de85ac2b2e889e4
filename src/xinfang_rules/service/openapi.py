"""The service's OpenAPI 3.1 document, derived from its routes and models."""

from __future__ import annotations

import json
import typing
from collections.abc import Callable
from typing import Any

import attrs

from xinfang_rules import __version__
from xinfang_rules.service.config import ServiceConfig
from xinfang_rules.service.handlers import _routes

# --------------------------------------------------------------------------- OpenAPI


def openapi_document(config: ServiceConfig | None = None) -> dict[str, Any]:
    """The OpenAPI 3.1 document of the service, made from its models and the schemas."""
    from xinfang_rules.schemas import _of_type, json_schema

    svc_routes = _routes(None)  # type: ignore[arg-type]
    components: dict[str, Any] = {}

    def embed(name: str, schema_name: str) -> dict[str, Any]:
        """A published schema as a component; its $defs become components too."""
        if name not in components:
            schema = json.loads(json.dumps(json_schema(schema_name)))
            defs = schema.pop("$defs", {})
            for key in ("$schema", "$id"):
                schema.pop(key, None)
            text = json.dumps(schema)
            for d in defs:
                text = text.replace(f'"#/$defs/{d}"', f'"#/components/schemas/{name}_{d}"')
            components[name] = json.loads(text)
            for d, sub in defs.items():
                sub_text = json.dumps(sub)
                for e in defs:
                    sub_text = sub_text.replace(
                        f'"#/$defs/{e}"', f'"#/components/schemas/{name}_{e}"'
                    )
                components[f"{name}_{d}"] = json.loads(sub_text)
        return {"$ref": f"#/components/schemas/{name}"}

    def refs(cls: type) -> dict[str, Any]:
        if cls.__name__ not in components:
            components[cls.__name__] = {}
            components[cls.__name__] = model(cls)
        return {"$ref": f"#/components/schemas/{cls.__name__}"}

    def petitions() -> dict[str, Any]:
        return {"type": "array", "items": embed("Petition", "petition")}

    def rota() -> dict[str, Any]:
        return embed("RotaConfig", "rota")

    special: dict[tuple[str, str], Callable[[], dict[str, Any]]] = {
        ("StatusRequest", "petitions"): petitions,
        ("MetricsRequest", "petitions"): petitions,
        ("RotaRequest", "config"): rota,
        ("RotaCheckRequest", "config"): rota,
    }

    def model(cls: type) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        props: dict[str, Any] = {}
        required = []
        for a in attrs.fields(cls):
            make = special.get((cls.__name__, a.name))
            props[a.name] = make() if make else _of_type(hints[a.name], refs)
            if a.default is attrs.NOTHING:
                required.append(a.name)
            elif a.default is None or isinstance(a.default, (str, int, bool)):
                props[a.name]["default"] = a.default
        doc = (cls.__doc__ or "").strip().splitlines()
        out: dict[str, Any] = {
            "type": "object",
            "properties": props,
            "required": required,
            "additionalProperties": False,
        }
        if doc:
            out["description"] = doc[0]
        return out

    problem = {
        "type": "object",
        "description": "RFC 9457 problem details; errors name the fields at fault",
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "errors": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"path": {"type": "string"}, "message": {"type": "string"}},
                },
            },
        },
        "required": ["type", "title", "status"],
    }
    components["Problem"] = problem
    paths: dict[str, Any] = {}
    for method, path, summary, request, response, op in svc_routes:
        errors = {
            str(code): {
                "description": text,
                "content": {
                    "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
                },
            }
            for code, text in (
                (400, "Malformed JSON"),
                (401, "Missing or wrong token"),
                (404, "Not found"),
                (413, "Body or batch too large"),
                (415, "The body is not sent as application/json"),
                (422, "A field is invalid (named in errors)"),
            )
        }
        operation: dict[str, Any] = {
            "operationId": op,
            "summary": summary,
            "responses": {
                "200": {
                    "description": summary,
                    "content": {"application/json": {"schema": _of_type(response, refs)}},
                },
                **errors,
            },
        }
        params = [p.strip("{}") for p in path.split("/") if p.startswith("{")]
        if params:
            patterns = {"date": r"^\d{4}-\d{2}-\d{2}$", "month": r"^\d{4}-\d{2}$"}
            operation["parameters"] = [
                {
                    "name": p,
                    "in": "path",
                    "required": True,
                    "schema": {
                        "type": "string",
                        **({"pattern": patterns[p]} if p in patterns else {}),
                    },
                }
                for p in params
            ]
        if request is not None:
            operation["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": refs(request)}},
            }
        if op != "health":
            operation["security"] = [{"bearer": []}]
        paths.setdefault(path, {})[method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "xinfang_rules",
            "version": __version__,
            "description": "China's petition (信访) rules over HTTP: calendar, deadlines, "
            "petitions' status, reception rotas, figures, regimes (docs/service.md). The "
            "office's page (/page/) and the operations it calls (/page/api/) are not part "
            "of this API and may change with the page (docs/page.md).",
        },
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "only when the service is configured with tokens",
                }
            },
        },
    }
