"""The API's browsable docs load nothing from another site and run no inline script."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_the_docs_page_loads_only_local_assets(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), asset


def test_the_docs_page_has_no_inline_script_and_keeps_the_site_csp(client):
    response = client.get("/api/v1/docs")
    html = response.content.decode()
    for attributes, _body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
        assert "src=" in attributes or 'type="application/json"' in attributes
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_the_openapi_document_is_version_3(client):
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert "/api/v1/popolo.json" in document["paths"]


def test_the_openapi_document_is_built_once_and_each_caller_gets_a_copy(monkeypatch):
    from ninja import NinjaAPI

    from icsportal.api import api

    built = []
    build = NinjaAPI.get_openapi_schema

    def counted(self, **kwargs):
        built.append(kwargs["path_prefix"])
        return build(self, **kwargs)

    monkeypatch.setattr(NinjaAPI, "get_openapi_schema", counted)
    monkeypatch.setattr(api, "_documents", {})
    first = api.get_openapi_schema()
    first["paths"].clear()  # a caller's change is its own
    second = api.get_openapi_schema()
    assert built == ["/api/v1/"]
    assert "/api/v1/popolo.json" in second["paths"]
    assert "ValidationError" in second["components"]["schemas"]
