import pytest

from people.models import Person


@pytest.mark.django_db
def test_press_office_can_add_a_person_with_a_role_inline(client, press_user):
    from tests.people.factories import OrganisationFactory

    org = OrganisationFactory()
    client.force_login(press_user)
    response = client.post("/admin/people/person/add/", {
        "honorific": "Dr", "given_name": "Hilary", "family_name": "Fox", "post_nominals": "",
        "slug": "hilary-fox", "biography": "<p>GP</p><script>alert(1)</script>", "photo_alt": "",
        "roles-TOTAL_FORMS": "1", "roles-INITIAL_FORMS": "0",
        "roles-0-title": "Clinical Director", "roles-0-qualifier": "",
        "roles-0-organisation": org.pk,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get(slug="hilary-fox")
    assert person.roles.get().organisation == org
    assert person.biography == "<p>GP</p>"


@pytest.mark.django_db
def test_person_form_shows_errors_and_keeps_what_was_typed(client, press_user):
    client.force_login(press_user)
    response = client.post("/admin/people/person/add/", {
        "honorific": "Dr", "given_name": "Hilary", "family_name": "", "slug": "bad slug!",
        "roles-TOTAL_FORMS": "0", "roles-INITIAL_FORMS": "0",
    })
    html = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in html
    assert 'value="Hilary"' in html
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_person_changes_are_kept_in_history_with_who(client, press_user):
    from tests.people.factories import PersonFactory

    person = PersonFactory()
    client.force_login(press_user)
    client.post(f"/admin/people/person/{person.pk}/change/", {
        "honorific": "", "given_name": "Renamed", "family_name": person.family_name,
        "slug": person.slug, "roles-TOTAL_FORMS": "0", "roles-INITIAL_FORMS": "0",
    })
    latest = person.history.latest()
    assert latest.given_name == "Renamed"
    assert latest.history_user == press_user
