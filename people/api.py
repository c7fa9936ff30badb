"""Open-data API for people, organisations and their roles, and their Popolo export."""

import datetime
import json
from typing import Annotated, Literal

from django.db.models import Q
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify
from ninja import Field, FilterLookup, FilterSchema, Path, Query, Router, Schema
from ninja.pagination import paginate

from icsportal.api import (
    ID,
    SLUG_PATTERN,
    CompiledList,
    Error,
    Page,
    PersonRef,
    Record,
    absolute_url,
)
from icsportal.caching import public_headers
from icsportal.compiled import Compiled, contains_pattern, prefetched
from icsportal.http import first_read
from icsportal.paths import path_maker
from people.models import KIND_LABELS, Organisation, Person, Role, display_name, role_label

router = Router(tags=["people"])

# The person model holds no private field today; names added here join the
# project-wide list the OpenAPI privacy test checks.
PRIVATE_FIELDS = []

class OrganisationRef(Record):
    id: int
    slug: str
    name: str


class Membership(Record):
    """A role: a person's post at an organisation for a period."""

    id: int
    person: PersonRef
    organisation: OrganisationRef | None
    title: str
    qualifier: str = Field(..., description="designate, interim, acting, deputy, former or ''.")
    label: str = Field(..., description="As the records write it: 'Chair Designate, ICB'.")
    start_date: datetime.date | None
    end_date: datetime.date | None


class PersonRole(Record):
    id: int
    organisation: OrganisationRef | None
    title: str
    qualifier: str
    label: str
    start_date: datetime.date | None
    end_date: datetime.date | None


class PersonOut(Record):
    id: int
    slug: str
    display_name: str
    honorific: str
    given_name: str
    family_name: str
    post_nominals: str
    biography: str = Field(..., description="Sanitised HTML.")
    url: str = Field(..., description="The person's page on the site.")
    updated_at: datetime.datetime
    roles: list[PersonRole]

    @staticmethod
    def resolve_url(obj, context):
        return absolute_url(context, obj.get_absolute_url())


class OrganisationOut(Record):
    id: int
    slug: str
    name: str
    short_name: str
    kind: str
    place: str
    website: str
    description: str = Field(..., description="Sanitised HTML.")
    is_partner: bool
    dissolved_on: datetime.date | None
    successor: OrganisationRef | None
    url: str = Field(..., description="The organisation's page on the site.")
    updated_at: datetime.datetime

    @staticmethod
    def resolve_url(obj, context):
        return absolute_url(context, obj.get_absolute_url())


# Applied by `_person_list` (a docstring would show in the OpenAPI document).
class PersonFilters(Schema):
    name: str | None = Field(
        None, max_length=100, pattern=r"^[^\x00]*$", description="Part of the name."
    )
    organisation: str | None = Field(
        None, pattern=SLUG_PATTERN, max_length=200,
        description="Slug of an organisation the person has held a role at.",
    )


class OrganisationFilters(FilterSchema):
    kind: Literal[tuple(Organisation.Kind.values)] | None = None
    place: Literal[tuple(Organisation.Place.values)] | None = None
    partner: Annotated[bool | None, FilterLookup("is_partner")] = Field(
        None, description="ICS partners only."
    )


class MembershipFilters(FilterSchema):
    person: Annotated[str | None, FilterLookup("person__slug")] = Field(
        None, pattern=SLUG_PATTERN, max_length=200
    )
    organisation: Annotated[str | None, FilterLookup("organisation__slug")] = Field(
        None, pattern=SLUG_PATTERN, max_length=200
    )
    current: bool | None = Field(None, description="Only roles held today (or only past).")

    def filter_current(self, value):
        if value is None:
            return Q()
        today = timezone.localdate()
        held = (Q(start_date__isnull=True) | Q(start_date__lte=today)) & (
            Q(end_date__isnull=True) | Q(end_date__gte=today)
        )
        return held if value else ~held


def _people():
    # Only what PersonOut and OrganisationRef show: organisations' descriptions and the
    # search documents are the largest columns and nobody here reads them.
    return Person.objects.defer("search_document")


def _person_list(name=None, organisation=None):
    people = _people()
    if name is not None:
        people = people.filter(
            Q(given_name__icontains_pattern=name) | Q(family_name__icontains_pattern=name))
    if organisation is not None:
        # One row per person however many of their roles match.
        people = people.filter(roles__organisation__slug=organisation).distinct()
    return people.order_by("family_name", "given_name", "id")


def _roles_of(people):
    return Role.objects.filter(person__id__any_of=people).as_lines()


ROLES_OF = Compiled(_roles_of, people=list)  # compiled once (icsportal.compiled)


def _with_roles(people):
    """Each person's roles, newest first, read by one compiled query for the page."""
    roles = {person.pk: [] for person in people}
    for role in ROLES_OF.run(people=list(roles)) if roles else ():
        roles[role.person_id].append(role)
    for person in people:
        prefetched(person, "roles", roles[person.pk])
    return people


@router.get("/persons/", response=list[PersonOut], summary="People")
@paginate(Page)
def person_list(request, filters: Query[PersonFilters]):
    name = filters.name
    return CompiledList(
        _person_list, fill=_with_roles,
        name=None if name is None else contains_pattern(name), organisation=filters.organisation,
    )


@router.get("/persons/{slug}", response={200: PersonOut, 404: Error}, summary="A person")
def person_detail(request, slug: str = Path(..., pattern=SLUG_PATTERN, max_length=200)):
    return _with_roles([get_object_or_404(_people(), slug=slug)])[0]


@router.get("/organisations/", response=list[OrganisationOut], summary="Organisations")
@paginate(Page)
def organisation_list(request, filters: Query[OrganisationFilters]):
    return filters.filter(Organisation.objects.select_related("successor")).order_by("name")


@router.get(
    "/organisations/{slug}", response={200: OrganisationOut, 404: Error}, summary="An organisation"
)
def organisation_detail(request, slug: str = Path(..., pattern=SLUG_PATTERN, max_length=200)):
    return get_object_or_404(Organisation.objects.select_related("successor"), slug=slug)


@router.get("/memberships/", response=list[Membership], summary="Roles people hold")
@paginate(Page)
def membership_list(request, filters: Query[MembershipFilters]):
    roles = Role.objects.select_related("person", "organisation")
    # People in the order of their index (family name, given name, id), each one's roles
    # newest first: the database walks that index and sorts only each person's few
    # roles, where ordering by family name alone sorted every role for each page (52 ms
    # of 300,000 roles at corpus scale 50, against 0.4 ms).
    return filters.filter(roles).order_by(
        "person__family_name", "person__given_name", "person_id", "-start_date", "id")


@router.get("/memberships/{key:id}", response={200: Membership, 404: Error}, summary="A role")
def membership_detail(request, id: int = ID):
    return get_object_or_404(Role.objects.select_related("person", "organisation"), pk=id)


# --- Popolo (https://www.popoloproject.com/specs/): field names as the spec spells them.


class PopoloLink(Schema):
    url: str
    note: str | None = None


class PopoloOtherName(Schema):
    name: str
    note: str | None = None


class PopoloPerson(Schema):
    id: str
    name: str
    sort_name: str
    honorific_prefix: str | None = None
    given_name: str | None = None
    family_name: str
    honorific_suffix: str | None = None
    biography: str | None = None
    links: list[PopoloLink]


class PopoloOrganization(Schema):
    id: str
    name: str
    other_names: list[PopoloOtherName]
    classification: str
    dissolution_date: str | None = None
    links: list[PopoloLink]


class PopoloPost(Schema):
    id: str
    label: str
    role: str
    organization_id: str | None = None


class PopoloMembership(Schema):
    id: str
    label: str
    role: str
    person_id: str
    organization_id: str | None = None
    post_id: str
    start_date: str | None = None
    end_date: str | None = None


class Popolo(Schema):
    persons: list[PopoloPerson]
    organizations: list[PopoloOrganization]
    memberships: list[PopoloMembership]
    posts: list[PopoloPost]


POPOLO_CHUNK = 2000  # records read from the database per query and sent per chunk


def _links(site, path, website=""):
    links = [{"url": f"{site}{path}", "note": "icsportal page"}]
    return links + ([{"url": website, "note": "website"}] if website else [])


def _known(fields):
    """Popolo omits what is not known: `fields` without those that are None."""
    return {name: value for name, value in fields.items() if value is not None}


def _popolo_person(site, person_path, p):
    return _known({
        "id": p.slug,
        "name": display_name(p.honorific, p.given_name, p.family_name, p.post_nominals),
        "sort_name": f"{p.family_name}, {p.given_name}".rstrip(", "),
        "honorific_prefix": p.honorific or None, "given_name": p.given_name or None,
        "family_name": p.family_name, "honorific_suffix": p.post_nominals or None,
        "biography": p.biography or None, "links": _links(site, person_path(p.slug)),
    })


def _popolo_organization(site, organisation_path, o):
    return _known({
        "id": o.slug, "name": o.name,
        "other_names": [{"name": o.short_name, "note": "acronym"}] if o.short_name else [],
        "classification": str(KIND_LABELS.get(o.kind, o.kind)),
        "dissolution_date": o.dissolved_on.isoformat() if o.dissolved_on else None,
        "links": _links(site, organisation_path(o.slug), o.website),
    })


def _popolo_membership(r, post_id):
    return _known({
        "id": f"membership-{r.id}",
        "label": role_label(r.title, r.qualifier, r.organisation__name), "role": r.title,
        "person_id": r.person__slug,
        "organization_id": r.organisation__slug if r.organisation_id else None,
        "post_id": post_id,
        "start_date": r.start_date.isoformat() if r.start_date else None,
        "end_date": r.end_date.isoformat() if r.end_date else None,
    })


def _popolo_post(r, post_id):
    return _known({
        "id": post_id, "label": r.title, "role": r.title,
        "organization_id": r.organisation__slug if r.organisation_id else None,
    })


def _json_list(records):
    """A JSON array of `records`, as text, POPOLO_CHUNK records at a time."""
    yield "["
    batch, sep = [], ""
    for record in records:
        batch.append(json.dumps(record))
        if len(batch) == POPOLO_CHUNK:
            yield sep + ", ".join(batch)
            batch, sep = [], ", "
    yield (sep + ", ".join(batch) if batch else "") + "]"


def popolo_chunks(request):
    """The Popolo document (`Popolo`) as JSON text, a chunk at a time: people,
    organisations, their roles as memberships and the posts the roles fill.

    Each list is read in chunks as it is sent, so a worker holds a chunk of it, not the
    whole: at corpus scale 50 the document is 150 MB. The rows are read as the columns
    the document shows, not as model objects, which were half its time. The posts are
    gathered while the memberships are sent, one per title at an organisation. The
    people's first chunk is read before this returns (`first_read`).
    """
    site = request.build_absolute_uri("/")[:-1]
    person_path, organisation_path = path_maker("people:person"), path_maker("people:organisation")
    people = first_read(Person.objects.order_by("family_name", "given_name", "id").values_list(
        "slug", "honorific", "given_name", "family_name", "post_nominals", "biography",
        named=True).iterator(chunk_size=POPOLO_CHUNK))
    organisations = Organisation.objects.order_by("name").values_list(
        "slug", "name", "short_name", "kind", "dissolved_on", "website", named=True)
    roles = Role.objects.order_by("id").values_list(
        "id", "title", "qualifier", "start_date", "end_date", "person__slug",
        "organisation_id", "organisation__slug", "organisation__name", named=True)
    return _popolo_text(site, person_path, organisation_path, people, organisations, roles)


def _popolo_text(site, person_path, organisation_path, people, organisations, roles):
    posts = {}

    def memberships():
        title_slugs = {}  # titles repeat (11 among 300,000 roles at corpus scale 50)
        for role in roles.iterator(chunk_size=POPOLO_CHUNK):
            if role.title not in title_slugs:
                title_slugs[role.title] = slugify(role.title)
            org = role.organisation__slug if role.organisation_id else "independent"
            post_id = f"{org}/{title_slugs[role.title]}"
            if post_id not in posts:
                posts[post_id] = _popolo_post(role, post_id)
            yield _popolo_membership(role, post_id)

    yield '{"persons": '
    yield from _json_list(_popolo_person(site, person_path, p) for p in people)
    yield ', "organizations": '
    yield from _json_list(_popolo_organization(site, organisation_path, o)
                          for o in organisations.iterator(chunk_size=POPOLO_CHUNK))
    yield ', "memberships": '
    yield from _json_list(memberships())
    yield ', "posts": '
    yield from _json_list(posts.values())
    yield "}"


@router.get("/popolo.json", response=Popolo, exclude_none=True, summary="Popolo export")
def popolo(request):
    # Streamed as it is read (`popolo_chunks`); the schema above documents it, and
    # tests/find/test_api.py holds the stream to it.
    response = StreamingHttpResponse(popolo_chunks(request), content_type="application/json")
    # The page cache keeps no stream; a CDN in front may keep it as long as a page.
    return public_headers(response)
