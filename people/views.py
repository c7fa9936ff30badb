"""Public pages for people and organisations."""

from itertools import groupby

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from people.models import Organisation, Person, Role

# The organisation page lists this many past roles, newest first.
PAST_ROLES_SHOWN = 30


def roles_with_organisation():
    # Role's default ordering starts with "person", which joins the person table to sort
    # by name; within one person's roles only the date and title order matter.
    queryset = Role.objects.select_related("organisation").order_by("-start_date", "title")
    return Prefetch("roles", queryset=queryset)


def person_list(request):
    people = Person.objects.prefetch_related(roles_with_organisation())
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    return render(request, "people/person_list.html", {"page": page})


def person_detail(request, slug):
    person = get_object_or_404(
        Person.objects.prefetch_related(roles_with_organisation()),
        slug=slug,
    )
    return render(
        request,
        "people/person_detail.html",
        {"person": person, "crumbs_people": [("People", "/people/")]},
    )


def organisation_list(request):
    """Partners grouped by kind, then by place, as the 'Our partnership' pages group them."""
    kinds = list(Organisation.Kind)
    places = list(Organisation.Place)
    organisations = sorted(
        Organisation.objects.partners(),
        key=lambda o: (kinds.index(o.kind), places.index(o.place), o.name),
    )
    groups = [
        {"kind": Organisation.Kind(kind).label, "organisations": list(members)}
        for kind, members in groupby(organisations, key=lambda o: o.kind)
    ]
    return render(request, "people/organisation_list.html", {"groups": groups})


def organisation_detail(request, slug):
    organisation = get_object_or_404(
        Organisation.objects.select_related("successor").prefetch_related("predecessors"),
        slug=slug,
    )
    roles = Role.objects.filter(organisation=organisation).select_related("person")
    current = list(roles.filter(end_date__isnull=True).order_by("person__family_name", "pk"))
    # Past roles pile up for years: show the most recent and say that older ones exist.
    past = list(
        roles.filter(end_date__isnull=False)
        .order_by("-end_date", "person__family_name", "pk")[:PAST_ROLES_SHOWN + 1]
    )
    return render(
        request,
        "people/organisation_detail.html",
        {
            "organisation": organisation,
            "predecessors": list(organisation.predecessors.all()),
            "current_roles": current,
            "past_roles": past[:PAST_ROLES_SHOWN],
            "more_past_roles": len(past) > PAST_ROLES_SHOWN,
            "crumbs_organisations": [("Organisations", "/organisations/")],
        },
    )
