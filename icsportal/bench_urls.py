"""The pages `make bench` measures, in one list: (label, function returning a path).

A function returns None when the corpus has nothing to show on that page type; the
bench then skips the row. Detail pages pick the heaviest record (most related rows),
so the numbers show the worst page of each type, not a lucky one. To benchmark a new
page type, append one row here.
"""

from django.db.models import Count
from django.urls import reverse


def _heaviest_person():
    from people.models import Person

    person = Person.objects.annotate(n=Count("roles")).order_by("-n", "pk").first()
    return person and person.get_absolute_url()


def _heaviest_partner():
    from people.models import Organisation

    organisation = (
        Organisation.objects.partners().annotate(n=Count("roles")).order_by("-n", "pk").first()
    )
    return organisation and organisation.get_absolute_url()


def _last_people_page():
    from people.models import Person

    last = max(1, -(-Person.objects.count() // 50))
    return f"{reverse('people:person_list')}?page={last}"


BENCH_URLS = [
    # The ceiling must stay first: every other row is compared with it.
    ("ceiling", lambda: reverse("bench_ceiling")),
    ("home", lambda: reverse("home")),
    ("people list", lambda: reverse("people:person_list")),
    ("people list, last page", _last_people_page),
    ("person", _heaviest_person),
    ("organisations", lambda: reverse("people:organisation_list")),
    ("organisation", _heaviest_partner),
    ("about (static page)", lambda: reverse("about")),
]


def resolve():
    """[(label, path)] for the rows this database can fill."""
    rows = [(label, build()) for label, build in BENCH_URLS]
    return [(label, path) for label, path in rows if path]
