"""`Record` reads each record the API answers with in one pass: its answers are the ones
ninja's own `DjangoGetter` gives, byte for byte."""

import datetime

import pytest
from django.test import override_settings
from ninja import Field, Schema
from ninja.schema import DjangoGetter
from pydantic import ValidationError

from icsportal import api

LISTS = ["/api/v1/persons/", "/api/v1/organisations/", "/api/v1/memberships/",
         "/api/v1/publications/", "/api/v1/issues/", "/api/v1/articles/",
         "/api/v1/boards/", "/api/v1/meetings/", "/api/v1/decisions/"]


def stock(cls, obj, context):
    """What ninja's `Schema` validates: the object behind its getter."""
    return DjangoGetter(obj, cls, context)


def answers(client, addresses):
    with override_settings(ICSPORTAL_PAGE_CACHE=False):
        return {address: client.get(address).content for address in addresses}


@pytest.mark.django_db
def test_every_list_and_record_of_the_demo_answers_as_ninja_reads_it(client, demo, monkeypatch):
    addresses = [*LISTS, *(f"{url}?limit=100" for url in LISTS),
                 "/api/v1/articles/999999", "/api/v1/persons/nobody"]
    for url in LISTS:
        rows = client.get(url, {"limit": 100}).json()["results"][:15]
        assert rows, url
        for row in rows:
            key = row["slug"] if url.endswith(("persons/", "organisations/", "boards/",
                                               "publications/")) else row["id"]
            addresses.append(f"{url}{key}")
    ours = answers(client, addresses)
    monkeypatch.setattr(api, "_record_values", stock)
    theirs = answers(client, addresses)
    # The demo has what each reading path handles: topics as dicts, dotted aliases
    # (a decision's item and meeting), resolvers with the request, absent people.
    assert b'"tags": [{' in ours["/api/v1/articles/?limit=100"]
    assert b'"interviewee": null' in ours["/api/v1/articles/?limit=100"]
    assert b'"item_title": "' in ours["/api/v1/decisions/"]
    assert b'"detail": "Not Found"' in ours["/api/v1/persons/nobody"]
    for address, body in ours.items():
        assert body == theirs[address], address


class Owner:
    def __init__(self, name):
        self.name = name


class Thing:
    """An object as ninja meets them: attributes, a method, a dotted path, a dict."""

    def __init__(self, pk, owner=None, **extra):
        self.id, self.owner = pk, owner
        self.__dict__.update(extra)

    def label(self):
        return f"thing {self.id}"


FIELDS = {
    "id": (int, ...),
    "label": (str, "unlabelled"),
    "owner_name": (str | None, Field(None, alias="owner.name")),
    "when": (datetime.date | None, None),
    "url": (str, ...),
}


def resolve_url(obj, context):
    return f"{context['site']}/things/{obj.get('id') if isinstance(obj, dict) else obj.id}"


def twins():
    """The same schema on `Record` and on ninja's `Schema`."""
    made = []
    for base in (api.Record, Schema):
        namespace = {"__annotations__": {name: kind for name, (kind, _) in FIELDS.items()},
                     "resolve_url": staticmethod(resolve_url)}
        namespace.update({name: default for name, (_, default) in FIELDS.items()
                          if default is not ...})
        made.append(type(f"Thing{base.__name__}", (base,), namespace))
    return made


@pytest.mark.parametrize("value", [
    Thing(1, Owner("Ada"), when=datetime.date(2026, 1, 2)),
    Thing(2),  # no owner: the dotted path reads nothing, the default applies
    {"id": 3, "label": "from a dict", "owner.name": "Bo"},
    {"id": 4},  # a dict without the optional keys
], ids=["object", "no owner", "dict", "sparse dict"])
def test_a_record_reads_what_ninjas_getter_reads(value):
    ours, theirs = twins()
    context = {"site": "https://example.org"}
    read = ours.model_validate(value, context=context).model_dump()
    assert read == theirs.model_validate(value, context=context).model_dump()
    assert read["url"].startswith("https://example.org/things/")


def test_a_record_missing_a_required_field_fails_as_ninjas_does():
    ours, theirs = twins()
    errors = []
    for schema in (ours, theirs):
        with pytest.raises(ValidationError) as failed:
            schema.model_validate({"label": "no id"}, context={"site": ""})
        errors.append([(error["loc"], error["type"]) for error in failed.value.errors()])
    assert errors[0] == errors[1] == [(("id",), "missing")]
