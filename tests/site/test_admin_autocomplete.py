"""The admin's autocomplete fields: a value that is not a key is the field's error, and
an inline's rows name their chosen records in a query a field."""

import pytest
from django.contrib import admin

from icsportal.admin_autocomplete import ChosenOnce, KeyedAutocomplete
from tests.bulletins.factories import IssueFactory
from tests.bulletins.test_admin import _article_form
from tests.conftest import drawn_as_rows_grow
from tests.governance.factories import BoardFactory
from tests.governance.test_admin import meeting_form
from tests.people.factories import PersonFactory, RoleFactory

pytestmark = pytest.mark.django_db


def test_every_admin_with_autocomplete_fields_checks_their_keys(rf, superuser):
    request = rf.get("/admin/")
    request.user = superuser
    unchecked = []
    for model_admin in admin.site._registry.values():
        for each in (model_admin, *model_admin.get_inline_instances(request)):
            if each.get_autocomplete_fields(request):
                wanted = ChosenOnce if isinstance(each, admin.options.InlineModelAdmin) \
                    else KeyedAutocomplete
                if not isinstance(each, wanted):
                    unchecked.append(type(each).__name__)
    assert unchecked == []


@pytest.mark.parametrize("value", ["not-a-key", "12abc", "99999999999999999999999"])
def test_an_article_sent_back_with_values_that_are_not_keys_shows_their_errors(
    client, editor_user, value
):
    issue = IssueFactory()
    person = PersonFactory()
    client.force_login(editor_user)
    data = {**_article_form(issue), "issue": value, "people": [value, str(person.pk)],
            "headline": "Crisis cafés open in Loughborough"}
    response = client.post("/admin/bulletins/article/add/", data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"issue", "people"}
    page = response.content.decode()
    assert 'value="Crisis cafés open in Loughborough"' in page  # what was typed is kept
    assert f'<option value="{person.pk}" selected>{person}</option>' in page


def test_a_meeting_sent_back_with_a_board_that_is_not_a_key_shows_the_error(
    client, governance_user
):
    client.force_login(governance_user)
    data = {**meeting_form(board=BoardFactory()), "board": "not-a-key"}
    response = client.post("/admin/governance/meeting/add/", data)
    assert response.status_code == 200
    assert "board" in response.context["adminform"].form.errors


def test_a_persons_roles_name_their_organisations_in_one_query(client, superuser):
    person = PersonFactory()
    client.force_login(superuser)
    page, counts = drawn_as_rows_grow(client, f"/admin/people/person/{person.pk}/change/",
                                      person.roles.count, lambda: RoleFactory(person=person))
    for role in person.roles.select_related("organisation"):
        assert f'<option value="{role.organisation.pk}" selected>{role.organisation}' \
               f'</option>' in page
    assert counts[0] == counts[1]
