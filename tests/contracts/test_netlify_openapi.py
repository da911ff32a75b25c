"""The OpenAPI check itself: it accepts what Netlify's document defines and refuses a wrong field, a wrong
place for a parameter, an unknown endpoint and a wrong type (so a passing `netlify` fixture means something)."""

from __future__ import annotations

import json

import pytest

from tests.contracts.netlify_contract import Request, violations
from tests.contracts.npm_packages import netlify_openapi

SITE = "0d3a9d56-8d8c-4b44-a3a3-4a1b5bd3a3f1"


def post(path, body, query=None, content_type="application/json"):
    return Request("POST", path, query or {}, content_type, json.dumps(body).encode())


def test_the_document_is_netlifys_published_one():
    doc = netlify_openapi()
    assert doc["swagger"] == "2.0"
    assert doc["basePath"] == "/api/v1"
    assert doc["paths"]["/sites/{site_id}/deploys"]["post"]["operationId"] == "createSiteDeploy"


def test_a_deploy_with_title_in_the_query_passes():
    assert (
        violations(post(f"/sites/{SITE}/deploys", {"files": {"/index.html": "a" * 40}}, {"title": ["ui"]}))
        == []
    )


def test_title_in_the_deploy_body_is_refused():
    assert violations(post(f"/sites/{SITE}/deploys", {"files": {}, "title": "ui"})) == [
        f"POST /sites/{SITE}/deploys: body.title: a field the operation does not define"
    ]


@pytest.mark.parametrize(
    ("request_", "expected"),
    [
        (
            post("/sites", {"name": "x", "custom_domain": None}),
            "body['custom_domain']: None is not of type 'string'",
        ),
        (
            post("/sites", {"name": "x", "domain": "a.org"}),
            "body.domain: a field the operation does not define",
        ),
        (
            post("/sites", {"name": "x"}, {"configure_dns": ["yes"]}),
            "query configure_dns='yes' is not a boolean",
        ),
        (
            post("/sites", {"name": "x"}, {"title": ["t"]}),
            "query parameter 'title' is not defined for createSite",
        ),
        (post("/sitez", {"name": "x"}), "no such path in Netlify's API"),
        (Request("PUT", "/sites", {}, "", b""), "/sites has no PUT operation"),
        (
            post(
                "/accounts/a1/env",
                [{"key": "K", "scopes": ["everywhere"], "values": []}],
                {"site_id": [SITE]},
            ),
            "body[0]['scopes'][0]: 'everywhere' is not one of",
        ),
    ],
)
def test_what_netlify_does_not_define_is_refused(request_, expected):
    problems = violations(request_)
    assert any(expected in p for p in problems), problems


def test_file_uploads_take_a_path_with_slashes_and_octet_stream():
    upload = Request("PUT", "/deploys/d1/files/assets/app.js", {}, "application/octet-stream", b"x")
    assert violations(upload) == []
    as_json = Request("PUT", "/deploys/d1/files/assets/app.js", {}, "application/json", b"{}")
    assert violations(as_json) == [
        "PUT /deploys/d1/files/assets/app.js: Content-Type 'application/json', the operation consumes "
        "['application/octet-stream']"
    ]
