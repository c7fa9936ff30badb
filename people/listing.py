"""The people list's alphabetical pages, each starting at a person rather than an offset.

An offset page makes the database read and discard every earlier row, so the last of
150,000 people cost a scan of them all; a page that starts at a person's place in the
name index costs the same wherever it is. Readers move with Previous and Next, or jump
to the surnames from a letter.
"""

import string
from dataclasses import dataclass

from django.db.models import F, Q
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThanOrEqual, TupleLessThan
from django.utils import timezone

from icsportal.paths import path_maker
from people.lines import PersonLine
from people.models import Role, display_name, role_label

PAGE_SIZE = 50
LETTERS = string.ascii_uppercase
# The name index's order, with the id so that namesakes keep a stable place.
NAME_ORDER = ("family_name", "given_name", "id")
NAME_ORDER_DESC = tuple(f"-{field}" for field in NAME_ORDER)
# A list reads plain values: a model instance per row cost more than the rest of the page.
LINE_FIELDS = ("id", "slug", "honorific", "given_name", "family_name", "post_nominals")


@dataclass
class NamePage:
    """One page of people in name order, with where the pages either side start."""

    people: list  # PersonLine
    next_from: str | None = None  # slug of the first person on the next page
    previous_before: str | None = None  # slug of the first person on this page


def person_lines(rows):
    """PersonLines for (id, slug, honorific, given, family, post-nominals) rows, each with
    the newest role the person holds today, as Person.current_roles()[0] would give."""
    today = timezone.localdate()
    roles = (
        Role.objects.filter(person_id__in=[row[0] for row in rows])
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=today),
                Q(end_date__isnull=True) | Q(end_date__gte=today))
        .order_by("-start_date", "title")
        .values_list("person_id", "title", "qualifier", "organisation__name")
    ) if rows else []
    first_role = {}
    for person_id, title, qualifier, organisation in roles:
        first_role.setdefault(person_id, (title, qualifier, organisation))
    path, lines = path_maker("people:person"), []
    for pk, slug, *name in rows:
        role = first_role.get(pk)
        label = role_label(*role) if role else ""
        lines.append(PersonLine(slug, display_name(*name), path(slug), label))
    return lines


def _key():
    return Tuple(F("family_name"), F("given_name"), F("id"))


def _place_of(people, slug):
    """A person's (family name, given name, id), or None. Read apart from the page: a
    subquery in the comparison lets SQLite seek on the family name only, reading every
    namesake before the place."""
    return people.filter(slug=slug).values_list(*NAME_ORDER).first()


def name_page(people, start=None, before=None, letter=None):
    """The page of `people` starting at slug `start`, ending before slug `before`, or
    starting at the first surname from `letter`; the first page when none is given.
    None when the place given matches nobody."""
    rows = people.values_list(*LINE_FIELDS)
    if before:
        place = _place_of(people, before)
        found = place and list(rows.filter(TupleLessThan(_key(), place))
                               .order_by(*NAME_ORDER_DESC)[:PAGE_SIZE + 1])
        if not found:
            return None
        more = len(found) > PAGE_SIZE
        lines = person_lines(found[:PAGE_SIZE][::-1])
        return NamePage(lines, next_from=before, previous_before=lines[0].slug if more else None)
    if start:
        place = _place_of(people, start)
        if not place:
            return None
        # Somebody comes before a page that starts at a person, unless the link was made
        # by hand; then Previous leads back to this first page, at no query here.
        ahead, earlier = rows.filter(TupleGreaterThanOrEqual(_key(), place)), None
    elif letter:
        ahead = rows.filter(family_name__gte=letter)
        earlier = people.filter(family_name__lt=letter)
    else:
        ahead, earlier = rows, people.none()
    found = list(ahead.order_by(*NAME_ORDER)[:PAGE_SIZE + 1])
    if not found and (start or letter):
        return None
    page = NamePage(person_lines(found[:PAGE_SIZE]))
    if len(found) > PAGE_SIZE:
        page.next_from = found[PAGE_SIZE][1]
    if found and (earlier is None or earlier.exists()):
        page.previous_before = found[0][1]
    return page
