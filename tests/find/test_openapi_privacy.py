"""No private field name appears anywhere in the OpenAPI document."""

import pytest

from icsportal.api import PRIVATE_FIELD_NAMES, private_field_names

pytestmark = pytest.mark.django_db


def names_in(node):
    """Every property name and parameter name in an OpenAPI document, however deep."""
    found = set()
    if isinstance(node, dict):
        found.update(node.get("properties", {}))
        if "in" in node and "name" in node:
            found.add(node["name"])
        for value in node.values():
            found |= names_in(value)
    elif isinstance(node, list):
        for value in node:
            found |= names_in(value)
    return found


def test_the_private_list_covers_the_members_of_the_public_contact_fields():
    assert {"contact_address", "contact_email", "contact_phone"} <= PRIVATE_FIELD_NAMES
    assert PRIVATE_FIELD_NAMES <= private_field_names()


def test_the_walk_finds_nested_property_and_parameter_names():
    document = {"components": {"schemas": {"A": {"properties": {"x": {"items": {
        "properties": {"email": {}}}}}}}}, "paths": {"/p": {"get": {"parameters": [
            {"in": "query", "name": "phone"}]}}}}
    assert {"x", "email", "phone"} <= names_in(document)


def test_no_private_field_appears_in_the_openapi_schema(client):
    document = client.get("/api/v1/openapi.json").json()
    names = names_in(document)
    assert {"display_name", "slug", "results"} <= names  # the walk reached the schemas
    assert not names & private_field_names()
