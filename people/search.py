"""Search providers for people (by name and role) and organisations (by name and acronym)."""

from django.db.models import OuterRef, Q, StringAgg, Subquery, Value
from django.db.models.functions import Coalesce, Concat
from django.utils import timezone

from icsportal.search import Hit, SearchProvider, register
from people.models import Organisation, Person, Role


def _roles_of_person():
    return Role.objects.filter(person=OuterRef("pk")).order_by()


def _role_line():
    """'Chief Executive, Leicestershire Partnership NHS Trust': a role's title and body."""
    return Concat("title", Value(", "), Coalesce("organisation__name", Value("")))


class PersonSearch(SearchProvider):
    key = "people"
    label = "People"
    noun = "people"
    weights = {
        "family_name": "A", "given_name": "A", "honorific": "B", "post_nominals": "B",
        "role_titles": "B", "biography": "C",
    }
    snippet_fields = ["role_titles", "biography"]
    html_fields = {"biography"}
    ordering = ["family_name", "given_name", "pk"]
    hit_fields = ["honorific", "given_name", "family_name", "post_nominals", "slug"]

    def queryset(self):
        today = timezone.localdate()
        current = _roles_of_person().filter(
            Q(start_date__isnull=True) | Q(start_date__lte=today),
            Q(end_date__isnull=True) | Q(end_date__gte=today),
        ).order_by("-start_date", "title")
        # Annotations, not a prefetch, so a page of people costs one query.
        return Person.objects.annotate(
            role_titles=Subquery(
                _roles_of_person().values("person")
                .annotate(titles=StringAgg(_role_line(), Value("; "))).values("titles")
            ),
            current_role=Subquery(
                current.annotate(line=_role_line()).values("line")[:1]
            ),
        )

    def public(self):
        return Person.objects.all()

    def watches(self):
        return {
            "people.Person": lambda person: [person.pk],
            "people.Role": lambda role: [role.person_id],
            "people.Organisation": lambda organisation: Role.objects.filter(
                organisation=organisation).values_list("person_id", flat=True),
        }

    def hit(self, person, snippet):
        return Hit(person.display_name, person.get_absolute_url(), snippet,
                   person.current_role or "")


class OrganisationSearch(SearchProvider):
    key = "organisations"
    label = "Organisations"
    noun = "organisations"
    weights = {"name": "A", "short_name": "A", "description": "C"}
    snippet_fields = ["name", "description"]
    html_fields = {"description"}
    ordering = ["name"]
    hit_fields = ["name", "short_name", "kind", "place", "slug"]

    def queryset(self):
        return Organisation.objects.all()

    def watches(self):
        return {"people.Organisation": lambda organisation: [organisation.pk]}

    def hit(self, organisation, snippet):
        meta = f"{organisation.get_kind_display()}, {organisation.get_place_display()}"
        if organisation.short_name:
            meta = f"{organisation.short_name} · {meta}"
        return Hit(organisation.name, organisation.get_absolute_url(), snippet, meta)


register(PersonSearch())
register(OrganisationSearch())
