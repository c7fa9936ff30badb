import datetime

import pytest
from django.db import IntegrityError

from people.models import Role
from tests.people.factories import OrganisationFactory, PersonFactory, RoleFactory

pytestmark = pytest.mark.django_db


def test_display_name_reads_as_the_records_write_it():
    person = PersonFactory(
        honorific="Professor", given_name="Azhar", family_name="Farooqi", post_nominals="OBE"
    )
    assert person.display_name == "Professor Azhar Farooqi OBE"


def test_display_name_of_a_councillor_with_an_initial():
    person = PersonFactory(honorific="Councillor", given_name="S", family_name="Harvey")
    assert person.display_name == "Councillor S Harvey"


def test_role_on_a_date_is_the_role_held_then():
    person = PersonFactory()
    designate = RoleFactory(
        person=person, title="Chair", qualifier=Role.Qualifier.DESIGNATE,
        end_date=datetime.date(2022, 6, 30),
    )
    chair = RoleFactory(
        person=person, title="Independent Chair", start_date=datetime.date(2022, 7, 1)
    )
    assert person.role_on(datetime.date(2022, 5, 1)) == designate
    assert person.role_on(datetime.date(2022, 9, 1)) == chair


def test_designate_role_label_puts_the_qualifier_after_the_title():
    org = OrganisationFactory(name="Integrated Care Board")
    role = RoleFactory(title="Chair", qualifier=Role.Qualifier.DESIGNATE, organisation=org)
    assert role.label == "Chair Designate, Integrated Care Board"


def test_interim_role_label_puts_the_qualifier_first():
    role = RoleFactory(title="Director of Mental Health Services", qualifier="interim")
    assert role.label.startswith("Interim Director of Mental Health Services, ")


def test_current_and_past_roles_are_split_by_end_date():
    person = PersonFactory()
    old = RoleFactory(person=person, end_date=datetime.date(2022, 6, 30))
    now = RoleFactory(person=person)
    assert person.current_roles() == [now]
    assert person.past_roles() == [old]


def test_a_role_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        RoleFactory(start_date=datetime.date(2022, 7, 1), end_date=datetime.date(2022, 6, 1))


def test_dissolved_organisation_points_to_its_successor():
    icb = OrganisationFactory(name="ICB")
    ccg = OrganisationFactory(name="CCG", dissolved_on=datetime.date(2022, 6, 30), successor=icb)
    assert ccg.is_dissolved
    assert list(icb.predecessors.all()) == [ccg]
