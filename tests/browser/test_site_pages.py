import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_person_and_organisation_pages_pass_axe(live_server, page, axe, demo):
    for path in ["/", "/people/mike-sandys/", "/organisations/llr-icb/", "/organisations/",
                 "/about/"]:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        axe(page)


def test_pages_run_no_blocked_script(live_server, page, demo):
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{live_server.url}/")
    page.wait_for_load_state("networkidle")
    assert errors == []
    assert "js-enabled" in page.evaluate("document.body.className")
