"""Checks a response against the API's published OpenAPI schema (jsonschema, Draft 2020-12 as OpenAPI 3.1 uses)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator

from api.v1.api import api


@cache
def published() -> dict[str, Any]:
    return json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))


def documented(path: str, method: str, status: int) -> dict[str, Any]:
    operation = published()["paths"][path][method]
    responses = operation["responses"]
    assert str(status) in responses, f"{method.upper()} {path} answered {status}, which its schema does not list"
    return responses[str(status)]


def assert_matches_schema(response: Any, path: str, method: str = "get") -> None:
    """`response` (a test client's) is one its operation documents: its status, content type and JSON body."""
    described = documented(path, method, response.status_code)
    kind = response["Content-Type"].split(";")[0]
    content = described.get("content", {})
    assert kind in content, (
        f"{method.upper()} {path} {response.status_code}: {kind} is not documented ({list(content)})"
    )
    if kind != "application/json":
        return
    schema = {"components": published().get("components", {}), **content[kind]["schema"]}
    errors = sorted(Draft202012Validator(schema).iter_errors(response.json()), key=str)
    assert not errors, f"{method.upper()} {path} {response.status_code}: {errors[0].message} at {list(errors[0].path)}"
