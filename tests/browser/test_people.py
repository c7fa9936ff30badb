"""In a browser: the people list's letters, Next and Previous, and the axe checks."""

import pytest

from people import listing
from tests.people.factories import OrganisationFactory, PersonFactory, RoleFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reader_jumps_to_a_letter_and_pages_both_ways(live_server, page, axe, monkeypatch,
                                                       recompiled):
    monkeypatch.setattr(listing, "PAGE_SIZE", 2)
    trust = OrganisationFactory(name="Oadby Trust", slug="oadby")
    for name in ["Adams", "Bhatt", "Khan", "Lewis", "Mistry", "Patel"]:
        RoleFactory(person=PersonFactory(given_name="Sam", family_name=name),
                    organisation=trust, title="Director")
    names = page.locator("main .ics-person-line a")

    page.goto(f"{live_server.url}/people/")
    axe(page)
    page.get_by_role("navigation", name="Surnames from A to Z").get_by_role(
        "link", name="Surnames from K").click()
    assert names.all_inner_texts() == ["Sam Khan", "Sam Lewis"]
    page.get_by_role("link", name="Next page").click()
    assert names.all_inner_texts() == ["Sam Mistry", "Sam Patel"]
    axe(page)
    page.get_by_role("link", name="Previous page").click()
    assert names.all_inner_texts() == ["Sam Khan", "Sam Lewis"]
    page.get_by_role("link", name="Previous page").click()
    assert names.all_inner_texts() == ["Sam Adams", "Sam Bhatt"]
    assert page.get_by_role("link", name="Previous page").count() == 0

    page.goto(f"{live_server.url}/people/?organisation=oadby")
    assert page.get_by_role("heading", level=1).inner_text() == "People at Oadby Trust"
    axe(page)
