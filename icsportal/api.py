"""The read-only open-data API at /api/v1/: one NinjaAPI gathering each app's router.

Each app in API_APPS may have an `api.py` with a `router` (a ninja Router whose paths
are written in full, e.g. "/persons/") and optionally PRIVATE_FIELDS, names that must
never appear in the OpenAPI document. Lists use `paginate(Page)` so every list has the
same envelope: count, next, previous, results.
"""

import datetime
import functools
import json
import re
from importlib import import_module
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.template import Variable, VariableDoesNotExist
from django.urls import register_converter
from django.urls.converters import IntConverter
from django.utils.module_loading import module_has_submodule
from ninja import Field, NinjaAPI, Path, Schema
from ninja.openapi.docs import Swagger
from ninja.pagination import PaginationBase
from ninja.schema import DjangoGetter
from pydantic import model_validator

from icsportal.caching import remembered
from icsportal.compiled import Compiled
from icsportal.parameters import asked

API_APPS = ["people", "bulletins", "governance"]

# Field names that identify or reach a private individual. An API schema that names one
# of them is a leak waiting for data; tests/find/test_openapi_privacy.py walks the whole
# OpenAPI document against this set and each app's own PRIVATE_FIELDS.
PRIVATE_FIELD_NAMES = frozenset({
    "contact_address", "contact_email", "contact_phone",
    "email", "phone", "address", "password",
})

# Django's SlugField alphabet; path and filter parameters are held to it so that odd
# input is a 422 from validation rather than a database error.
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


class KeyConverter(IntConverter):
    """A record's number as its address writes it, `{key:id}` in a route: "7", never
    "07", "+7", " 7" or "7.0", which ninja reads as the same record, each another
    address for the same answer. Any other spelling matches no route: a 404."""

    regex = "[1-9][0-9]*"


register_converter(KeyConverter, "key")
# A record's number in a path, `{key:id}`; above 2**62 is a 422 before any query.
ID = Path(..., ge=1, le=2**62)
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_OFFSET = 1_000_000


def absolute_url(context, path):
    """`path` as an absolute URL of the request a schema is resolving for."""
    return context["request"].build_absolute_uri(path)


# Values `DjangoGetter._convert_result` returns as they are.
_PLAIN = frozenset({int, str, bool, float, type(None), datetime.date, datetime.datetime,
                    dict, list})


class Record(Schema):
    """ninja's `Schema` for what the API answers with, reading each record in one pass.

    ninja validates an object through its `DjangoGetter`, whose every read looks up the
    field's resolver, tries the attribute, builds a template `Variable` anew for a
    dotted alias ("item.meeting") and converts the value: for a page of 20 articles,
    576 reads, a third of the page's CPU. A `Record` class works out once which of its
    fields have a resolver or a dotted alias, and reads the fields into a dict that
    pydantic validates. The values are the getter's: the same order of lookups, the
    same `Variable` rules and the getter's own conversion of what is not a plain value
    (a manager, a callable, a file); tests/find/test_api_reading.py holds them to it.
    Not for a schema that forbids extra fields or validates assignment: ninja also
    validates those as they come.
    """

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values, handler, info):
        return handler(_record_values(cls, values, info.context))


@functools.cache
def _readers(cls):
    """(key, resolver, Variable) for each of `cls`'s fields, by the key pydantic
    validates it under: its alias, else its name."""
    readers = []
    for name, field in cls.model_fields.items():
        key = field.alias or name
        readers.append((key, cls._ninja_resolvers.get(key), Variable(key)))
    return readers


def _record_values(cls, obj, context):
    getter = DjangoGetter(obj, cls, context)
    is_dict = isinstance(obj, dict)
    values = {}
    for key, resolver, variable in _readers(cls):
        if resolver is not None:
            value = resolver(getter)
        elif is_dict:
            if key not in obj:
                continue  # missing: pydantic applies the default or reports the field
            value = obj[key]
        else:
            try:
                value = getattr(obj, key)
            except AttributeError:
                try:
                    value = variable.resolve(obj)
                except VariableDoesNotExist:
                    continue
        values[key] = value if type(value) in _PLAIN else getter._convert_result(value)
    return values


class PersonRef(Record):
    """A person as bulletins, meetings and memberships point to them."""

    id: int
    slug: str
    name: str = Field(..., alias="display_name")


class Error(Record):
    detail: str


class Page(PaginationBase):
    """limit/offset pagination in the envelope {count, next, previous, results}."""

    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Results per page.")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Results to skip.")

    class Output(Record):
        count: int
        next: str | None = Field(None, description="URL of the next page, if any.")
        previous: str | None = Field(None, description="URL of the previous page, if any.")
        results: list[Any]

    items_attribute = "results"

    def paginate_queryset(self, queryset, pagination, request: HttpRequest, **params):
        limit, offset = pagination.limit, pagination.offset
        filters = request.GET.copy()
        for name in ("limit", "offset"):
            filters.pop(name, None)
        count = remembered(queryset.count, f"{request.path}?{filters.urlencode()}")
        results = list(queryset[offset : offset + limit]) if offset < count else []
        return {
            "count": count,
            "next": _page_url(request, limit, offset + limit) if offset + limit < count else None,
            "previous": _page_url(request, limit, max(offset - limit, 0)) if offset else None,
            "results": results,
        }


class CompiledList:
    """A list for `Page`, whose pages of the default size are read by compiled queries
    (icsportal.compiled) rather than built and compiled on every request.

    `build(**filters)` gives the whole list, ordered, with no `prefetch_related`. The
    filters given None are left out, so each set of filters given is a statement of its
    own (`Compiled.run_shaped`); a page of another size is built by the ORM. The total
    is counted through the ORM, and `Page` remembers it. `fill(rows)` reads what the
    records show besides (a person's roles, an article's topics), on either way.
    """

    def __init__(self, build, fill=None, **filters):
        self.build, self.fill = build, fill
        self.filters = {name: value for name, value in filters.items() if value is not None}

    def count(self):
        return self.build(**self.filters).count()

    def __getitem__(self, window):
        if window.stop - window.start == DEFAULT_LIMIT:
            rows = Compiled.run_shaped(_default_page(self.build), offset=window.start,
                                       **self.filters)
        else:
            rows = list(self.build(**self.filters)[window])
        return self.fill(rows) if self.fill else rows


@functools.cache
def _default_page(build):
    """`build`'s page of DEFAULT_LIMIT rows from `offset`: one function per list, so
    that each set of filters is compiled once."""

    def page(offset, **filters):
        return build(**filters)[offset:offset + DEFAULT_LIMIT]

    page.__module__, page.__qualname__ = build.__module__, f"{build.__qualname__}.page"
    if hasattr(build, "planned_once_unless"):  # the builder's `@planned_once` is its page's
        page.planned_once_unless = build.planned_once_unless
    return page


def _page_url(request, limit, offset):
    query = request.GET.copy()
    query["limit"], query["offset"] = str(limit), str(offset)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def api_modules():
    """Each installed app's `api` module, in API_APPS order."""
    from django.apps import apps

    modules = []
    for label in API_APPS:
        if apps.is_installed(label):
            app = apps.get_app_config(label)
            if module_has_submodule(app.module, "api"):
                modules.append(import_module(f"{label}.api"))
    return modules


def private_field_names():
    names = set(PRIVATE_FIELD_NAMES)
    for module in api_modules():
        names.update(getattr(module, "PRIVATE_FIELDS", ()))
    return names


class OpenDataAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document also declares, on every operation, the 422 for a
    parameter it cannot read or does not read (`_refusing_unknown`), and the 503 while
    the database cannot answer (`icsportal.views.database_unavailable`).

    The document depends on the code alone (and the path it is served under), yet ninja
    builds it anew for every request of /api/v1/openapi.json: 21 ms of CPU, the costliest
    public address uncached. It is built once per process and path, and kept as its JSON
    text; each caller gets a copy of its own (0.4 ms), so none can change another's.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._documents = {}

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        if path_prefix not in self._documents:
            self._documents[path_prefix] = json.dumps(self._document(path_prefix))
        return json.loads(self._documents[path_prefix])

    def _document(self, path_prefix):
        document = super().get_openapi_schema(path_prefix=path_prefix)
        schemas = document["components"].setdefault("schemas", {})
        schemas["ValidationError"] = INVALID
        schemas["Unavailable"] = UNAVAILABLE
        for operations in document["paths"].values():
            for operation in operations.values():
                operation["responses"].setdefault("503", UNAVAILABLE_RESPONSE)
                # Every operation: one that reads no parameter refuses any it is sent.
                operation["responses"].setdefault("422", {
                    "description": "A parameter is not valid, or not one the operation "
                                   "reads.",
                    "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/ValidationError"}
                    }},
                })
        return document


# The answer while the database cannot answer, unless the page cache has the operation's
# answer as kept earlier (docs/reliability.md).
UNAVAILABLE = {
    "title": "Unavailable",
    "type": "object",
    "required": ["detail"],
    "properties": {"detail": {"type": "string", "const": "Service Unavailable"}},
}
UNAVAILABLE_RESPONSE = {
    "description": "The database cannot answer for now: ask again after Retry-After.",
    "headers": {"Retry-After": {
        "description": "Seconds to wait before asking again.",
        "schema": {"type": "integer"},
    }},
    "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Unavailable"}
    }},
}


# ninja's answer to invalid input: {"detail": [{"loc": [...], "msg": ..., "type": ...}]}.
INVALID = {
    "title": "ValidationError",
    "type": "object",
    "required": ["detail"],
    "properties": {"detail": {"type": "array", "items": {
        "type": "object",
        "required": ["loc", "msg", "type"],
        "properties": {"loc": {"type": "array"}, "msg": {"type": "string"},
                       "type": {"type": "string"}},
    }}},
}


def _head_as_get(view):
    """Answer HEAD like GET, as HTTP expects of every GET resource: the view, whose
    routes take GET alone, runs as for a GET, and the request is a HEAD again as it
    leaves, so that the middleware around it treat it as one: the page cache codes it
    as it would the GET, and `icsportal.http.HeadMiddleware` sends it without a body."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "HEAD":
            return view(request, *args, **kwargs)
        request.method = "GET"
        try:
            return view(request, *args, **kwargs)
        finally:
            request.method = "HEAD"

    return wrapper


def _refusing_unknown(view, api, route):
    """Answer a GET or HEAD with a query parameter that the operation at `route` (its
    pattern within the API) does not declare with a 422 naming it, in the shape ninja
    answers a value it cannot read with. ninja ignores such a parameter: a typo in a
    filter's name (`?organization=`) answered with every record as if no filter had
    been asked for, and each made-up parameter made the list an address of its own to
    the page cache (icsportal.parameters)."""

    known = functools.partial(declared_parameters, api, route)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if (split := asked(request, known)) is not None:
            _kept, unknown = split
            if unknown:
                reads = ", ".join(sorted(known())) or "none"
                return JsonResponse({"detail": [
                    {"type": "extra_forbidden", "loc": ["query", name],
                     "msg": f"Unknown query parameter. This operation reads: {reads}."}
                    for name in unknown
                ]}, status=422)
        return view(request, *args, **kwargs)

    wrapper.query_parameters = known
    return wrapper


@functools.cache
def declared_parameters(api, route):
    """The query parameters the OpenAPI document declares for the GET at `route`, a
    pattern of `api`'s URLs ("persons/<slug>"); none for an address it does not
    document (the document itself, its docs page)."""
    path = "/" + re.sub(r"<(?:[^<>:]+:)?([^<>]+)>", r"{\1}", route)
    operation = api.get_openapi_schema(path_prefix="")["paths"].get(path, {}).get("get", {})
    return frozenset(parameter["name"] for parameter in operation.get("parameters", ())
                     if parameter["in"] == "query")


def url_patterns(api):
    """The API's URL patterns, each also answering HEAD, and refusing a query parameter
    it does not read."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = _refusing_unknown(_head_as_get(pattern.callback), api,
                                             str(pattern.pattern))
    return patterns, app_name, namespace


def build_api():
    api = OpenDataAPI(
        title="icsportal open data",
        version="1",
        description=(
            "Read-only data of the ICS: people, organisations and their roles, and, as "
            "they are published, bulletins, board meetings and decisions. No "
            "authentication; CORS is open for GET. People and organisations are also "
            "available as Popolo JSON at /api/v1/popolo.json."
        ),
        urls_namespace="api-v1",
        # validatorUrl None: the docs page must not call a third-party validator.
        docs=Swagger(settings={"validatorUrl": None, "defaultModelsExpandDepth": 0}),
    )
    for module in api_modules():
        api.add_router("", module.router)
    return api


api = build_api()
