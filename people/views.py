"""Public pages for people and organisations."""

from itertools import groupby

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import urlencode

from icsportal.compiled import Compiled, prefetched
from icsportal.parameters import reads
from icsportal.paths import path_maker
from people import listing
from people.lines import member_lines, predecessor_lines
from people.models import KIND_LABELS, PLACE_LABELS, Organisation, Person, Role, dissolved

# The organisation page lists this many past roles, newest first.
PAST_ROLES_SHOWN = 30
# ...and this many current ones, newest appointment first (a people list page's worth).
CURRENT_ROLES_SHOWN = 50


def _person_on_page(slug):
    return Person.objects.defer("search_document").filter(slug=slug)


def _roles_on_page(person):
    return Role.objects.filter(person_id=person).as_lines()


# Compiled once (icsportal.compiled).
PERSON_ON_PAGE = Compiled(_person_on_page, slug=str)
ROLES_ON_PAGE = Compiled(_roles_on_page, person=int)


LETTER_QUERIES = [(letter, f"letter={letter}") for letter in listing.LETTERS]


@reads("organisation", "letter", "from", "before")
def person_list(request):
    """Everybody by name, or the people holding a role at one organisation today."""
    query, organisation, among = {}, None, None
    if slug := request.GET.get("organisation"):
        organisation = get_object_or_404(Organisation, slug=slug)
        among = organisation.pk
        query["organisation"] = slug
    letter = request.GET.get("letter", "")
    letter = letter if len(letter) == 1 and letter in listing.LETTERS else None
    # A place nobody holds (a removed person, a mistyped link) shows the first page.
    page = listing.name_page(
        among, start=request.GET.get("from"), before=request.GET.get("before"), letter=letter
    ) or listing.name_page(among)
    return render(request, "people/person_list.html", {
        "page": page,
        "organisation": organisation,
        "query": urlencode(query),
        "letters": [(c, urlencode({**query, "letter": c})) for c in listing.LETTERS]
        if query else LETTER_QUERIES,
    })


@reads()
def person_detail(request, slug):
    person = PERSON_ON_PAGE.first(slug=slug)  # at most one: slugs are unique
    if person is None:
        raise Http404("No person at this address.")
    prefetched(person, "roles", ROLES_ON_PAGE.run(person=person.pk))
    return render(
        request,
        "people/person_detail.html",
        {"person": person, "crumbs_people": [("People", "/people/")]},
    )


# What the partners page shows of each organisation.
LISTED_FIELDS = ("name", "short_name", "slug", "kind", "place", "dissolved_on")


def _partners_listed():
    # As plain values: the page lists every partner (300 in the corpus at scale 1), and
    # building a model instance for each cost more than reading them.
    return Organisation.objects.partners().values(*LISTED_FIELDS)


PARTNERS_LISTED = Compiled(_partners_listed)  # compiled once (icsportal.compiled)


@reads()
def organisation_list(request):
    """Partners grouped by kind, then by place, as the 'Our partnership' pages group them.
    Each partner's line is handed to the template as plain values."""
    kinds = list(Organisation.Kind)
    places = list(Organisation.Place)
    partners = sorted(
        PARTNERS_LISTED.run(),
        key=lambda o: (kinds.index(o["kind"]), places.index(o["place"]), o["name"]),
    )
    path = path_maker("people:organisation")
    today = timezone.localdate()
    for partner in partners:
        partner["path"] = path(partner["slug"])
        partner["place_label"] = PLACE_LABELS.get(partner["place"], partner["place"])
        closed = dissolved(partner["dissolved_on"], today)
        partner["closed_on"] = partner["dissolved_on"] if closed else None
    groups = [
        {"kind": KIND_LABELS.get(kind, kind), "organisations": list(members)}
        for kind, members in groupby(partners, key=lambda o: o["kind"])
    ]
    return render(request, "people/organisation_list.html", {"groups": groups})


def _organisation_on_page(slug):
    return Organisation.objects.select_related("successor").defer(
        "search_document", "successor__search_document", "successor__description"
    ).filter(slug=slug)


_MEMBER_LINE = ("person__slug", "person__honorific", "person__given_name",
                "person__family_name", "person__post_nominals", "title", "qualifier",
                "end_date")


def _current_roles(organisation):
    # A large body has thousands of current roles: show the newest appointments, which the
    # (organisation, end date, start date) index gives without sorting them all, and link
    # to everybody by surname on the people list.
    return (Role.objects.filter(organisation_id=organisation, end_date__isnull=True)
            .order_by("-start_date", "-pk").values_list(*_MEMBER_LINE)[:CURRENT_ROLES_SHOWN + 1])


def _past_roles(organisation):
    # Past roles pile up for years: show the most recent and say that older ones exist.
    return (Role.objects.filter(organisation_id=organisation, end_date__isnull=False)
            .order_by("-end_date", "person__family_name", "pk")
            .values_list(*_MEMBER_LINE)[:PAST_ROLES_SHOWN + 1])


# The organisation page's queries, compiled once (icsportal.compiled).
ORGANISATION_ON_PAGE = Compiled(_organisation_on_page, slug=str)
CURRENT_ROLES = Compiled(_current_roles, organisation=int)
PAST_ROLES = Compiled(_past_roles, organisation=int)


@reads()
def organisation_detail(request, slug):
    organisation = ORGANISATION_ON_PAGE.first(slug=slug)
    if organisation is None:
        raise Http404("No organisation with that name.")
    current = CURRENT_ROLES.run(organisation=organisation.pk)
    past = PAST_ROLES.run(organisation=organisation.pk)
    return render(
        request,
        "people/organisation_detail.html",
        {
            "organisation": organisation,
            "predecessors": predecessor_lines(organisation),
            "current_roles": member_lines(current[:CURRENT_ROLES_SHOWN]),
            "more_current_roles": len(current) > CURRENT_ROLES_SHOWN,
            "past_roles": member_lines(past[:PAST_ROLES_SHOWN], until=True),
            "more_past_roles": len(past) > PAST_ROLES_SHOWN,
            "crumbs_organisations": [("Organisations", "/organisations/")],
        },
    )
