"""The people list's alphabetical pages, each starting at a person rather than an offset.

An offset page makes the database read and discard every earlier row, so the last of
150,000 people cost a scan of them all; a page that starts at a person's place in the
name index costs the same wherever it is. Readers move with Previous and Next, or jump
to the surnames from a letter.
"""

import datetime
import string
from dataclasses import dataclass

from django.db.models import F, Q
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThanOrEqual, TupleLessThan
from django.utils import timezone

from icsportal.compiled import Compiled, planned_once
from icsportal.paths import path_maker
from people.lines import PersonLine
from people.models import NAME_FIELDS, Person, Role, display_name, role_label

PAGE_SIZE = 50
LETTERS = string.ascii_uppercase
# The name index's order, with the id so that namesakes keep a stable place.
NAME_ORDER = ("family_name", "given_name", "id")
NAME_ORDER_DESC = tuple(f"-{field}" for field in NAME_ORDER)
# A list reads plain values: a model instance per row cost more than the rest of the page.
LINE_FIELDS = ("id", "slug", *NAME_FIELDS)


@dataclass
class NamePage:
    """One page of people in name order, with where the pages either side start."""

    people: list  # PersonLine
    next_from: str | None = None  # slug of the first person on the next page
    previous_before: str | None = None  # slug of the first person on this page


def _roles_of(people, today):
    return (
        Role.objects.filter(person__id__any_of=people)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=today),
                Q(end_date__isnull=True) | Q(end_date__gte=today))
        .order_by("-start_date", "title")
        .values_list("person_id", "title", "qualifier", "organisation__name")
    )


def person_lines(rows):
    """PersonLines for (id, slug, honorific, given, family, post-nominals) rows, each with
    the newest role the person holds today, as Person.current_roles()[0] would give."""
    roles = ROLES_OF.run(people=[row[0] for row in rows],
                         today=timezone.localdate()) if rows else []
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


def _people(organisation=None):
    """Everybody, or the people holding a role at an organisation (by key) today: its
    few thousand roles at most, rather than a probe per person along the whole name
    index until a page is found."""
    people = Person.objects.all()
    if organisation is not None:
        people = people.filter(pk__in=Role.objects.filter(organisation_id=organisation)
                               .current().values("person_id"))
    return people


def _place_of(slug, **among):
    """A person's (family name, given name, id). Read apart from the page: a subquery in
    the comparison lets SQLite seek on the family name only, reading every namesake
    before the place."""
    return _people(**among).filter(slug=slug).order_by().values_list(*NAME_ORDER)


def _lines(**among):
    return _people(**among).values_list(*LINE_FIELDS)


def _page(lines, order=NAME_ORDER):
    # A page of lines in name order (or backwards, from a place), and one more.
    return lines.order_by(*order)[:PAGE_SIZE + 1]


@planned_once(unless=("organisation",))
def _before(family, given, pk, **among):
    return _page(_lines(**among).filter(TupleLessThan(_key(), (family, given, pk))),
                 NAME_ORDER_DESC)


@planned_once(unless=("organisation",))
def _from(family, given, pk, **among):
    return _page(_lines(**among).filter(TupleGreaterThanOrEqual(_key(), (family, given, pk))))


@planned_once(unless=("organisation",))
def _from_letter(letter, **among):
    return _page(_lines(**among).filter(family_name__gte=letter))


def _before_letter(letter, **among):
    # Whether anybody comes before the letter: one key, or none.
    return _people(**among).filter(family_name__lt=letter).order_by().values_list("pk")[:1]


@planned_once(unless=("organisation",))
def _first(**among):
    return _page(_lines(**among))


# Compiled once (icsportal.compiled). The builders above are compiled by `run_shaped`,
# each once for everybody and once for an organisation's people. Everybody's pages
# are planned once: their generic plans walk the name index from the place, measured
# as fast as their own for the first, middle and last names and letters; an
# organisation's were not measured (docs/performance.md, "Statements planned once").
ROLES_OF = Compiled(_roles_of, people=list, today=datetime.date)


def name_page(organisation=None, start=None, before=None, letter=None):
    """The page of people (of an `organisation`, by key, if given) starting at slug
    `start`, ending before slug `before`, or starting at the first surname from
    `letter`; the first page when none is given. None when the place given matches
    nobody."""
    among = {} if organisation is None else {"organisation": organisation}

    def place_of(slug):
        found = Compiled.run_shaped(_place_of, **among, slug=slug)
        return dict(zip(("family", "given", "pk"), found[0], strict=True)) if found else None

    if before:
        place = place_of(before)
        found = place and Compiled.run_shaped(_before, **among, **place)
        if not found:
            return None
        more = len(found) > PAGE_SIZE
        lines = person_lines(found[:PAGE_SIZE][::-1])
        return NamePage(lines, next_from=before, previous_before=lines[0].slug if more else None)
    if start:
        place = place_of(start)
        if not place:
            return None
        # Somebody comes before a page that starts at a person, unless the link was made
        # by hand; then Previous leads back to this first page, at no query here.
        found, earlier = Compiled.run_shaped(_from, **among, **place), True
    elif letter:
        found = Compiled.run_shaped(_from_letter, **among, letter=letter)
        earlier = None  # asked below, only if the page has somebody on it
    else:
        found, earlier = Compiled.run_shaped(_first, **among), False
    if not found and (start or letter):
        return None
    page = NamePage(person_lines(found[:PAGE_SIZE]))
    if len(found) > PAGE_SIZE:
        page.next_from = found[PAGE_SIZE][1]
    if found and earlier is None:
        earlier = bool(Compiled.run_shaped(_before_letter, **among, letter=letter))
    if found and earlier:
        page.previous_before = found[0][1]
    return page
