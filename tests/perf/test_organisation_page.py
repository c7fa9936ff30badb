"""The organisation page stays bounded however many past roles an organisation has had."""

import datetime

import pytest

from people.views import PAST_ROLES_SHOWN
from tests.people.factories import OrganisationFactory, PersonFactory, RoleFactory

pytestmark = pytest.mark.django_db


def test_past_roles_are_capped_newest_first_and_current_roles_all_shown(client):
    trust = OrganisationFactory(name="Oadby Health NHS Trust", slug="oadby")
    for i in range(PAST_ROLES_SHOWN + 5):
        RoleFactory(person=PersonFactory(family_name=f"Past{i:03}"), organisation=trust,
                    title="Director", start_date=datetime.date(2010, 1, 1),
                    end_date=datetime.date(2011, 1, 1) + datetime.timedelta(days=i))
    RoleFactory(person=PersonFactory(family_name="Current"), organisation=trust,
                title="Chief Executive", start_date=datetime.date(2020, 1, 1), end_date=None)

    html = client.get("/organisations/oadby/").content.decode()

    assert "Current" in html
    newest, oldest = f"Past{PAST_ROLES_SHOWN + 4:03}", "Past000"
    assert newest in html
    assert oldest not in html
    assert f"These are the {PAST_ROLES_SHOWN} most recent past roles" in html
    assert html.index(newest) < html.index(f"Past{PAST_ROLES_SHOWN:03}")


def test_a_short_history_is_shown_whole_without_the_note(client):
    trust = OrganisationFactory(slug="small")
    RoleFactory(person=PersonFactory(family_name="Formerly"), organisation=trust,
                start_date=datetime.date(2010, 1, 1), end_date=datetime.date(2012, 1, 1))

    html = client.get("/organisations/small/").content.decode()

    assert "Formerly" in html
    assert "most recent past roles" not in html
