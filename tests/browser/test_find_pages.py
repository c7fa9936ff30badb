"""In a real browser: the API docs render under the site's CSP; search results are accessible."""

import pytest

from tests.people.factories import RoleFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_api_docs_render_with_no_csp_violation(live_server, page):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: None if r.url.startswith(live_server.url)
            else problems.append(f"third-party request: {r.url}"))
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".opblock", state="attached")
    assert page.locator(".opblock").count() >= 7
    assert problems == []


def test_a_search_finds_a_person_and_the_page_is_accessible(live_server, page, axe):
    role = RoleFactory(title="Director of Public Health", person__family_name="Sandys")
    page.goto(f"{live_server.url}/")
    page.fill("#search-field", "Sandys")
    page.press("#search-field", "Enter")
    page.wait_for_url("**/search/?q=Sandys")
    assert page.locator(f'a[href="{role.person.get_absolute_url()}"]').count() == 1
    axe(page)
