"""A bulletin from the press office's keyboard to the public page, in a real browser."""

import datetime

import pytest

from bulletins.models import Issue, Publication
from tests.browser.conftest import choose, login

pytestmark = pytest.mark.django_db(transaction=True)


def test_press_office_writes_editor_publishes_public_reads(
    live_server, page, axe, press_user, editor_user
):
    publication = Publication.objects.create(
        name="In Partnership", slug="in-partnership",
        submissions_email="press@example.org",
    )
    issue = Issue.objects.create(
        publication=publication, edition=7, issue_date=datetime.date(2022, 6, 1),
        cover_headline="Partners prepare for July",
    )
    errors, missing = [], []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)

    # The press office writes an article in CKEditor 5 and submits the issue.
    login(page, live_server, press_user.username)
    page.goto(f"{live_server.url}/admin/bulletins/article/add/")
    choose(page, "id_issue", "In Partnership issue 7", typed="partnership 7")
    assert page.input_value("#id_issue") == str(issue.pk)
    page.fill("#id_headline", "Crisis cafés open across the county")
    page.fill("#id_standfirst", "Drop-in mental health support close to home.")
    editor = page.locator(".ck-editor__editable").first
    editor.click()
    page.keyboard.type("Eleven cafés open this year, with no appointment needed.")
    page.fill("#id_tags", "mental health, crisis cafés")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    assert page.locator("#id_slug").count() == 0  # back on the list, the slug was generated
    page.goto(f"{live_server.url}/admin/bulletins/issue/{issue.pk}/change/")
    assert page.locator("input[name=_publish]").count() == 0
    page.click("input[name=_submit_for_review]")
    page.wait_for_selector(".messagelist .success")
    issue.refresh_from_db()
    assert issue.status == Issue.Status.IN_REVIEW
    assert page.locator(f"a[href='/bulletins/preview/issue/{issue.pk}/']").count() == 1

    # An editor publishes it.
    page.context.clear_cookies()
    login(page, live_server, editor_user.username)
    page.goto(f"{live_server.url}/admin/bulletins/issue/{issue.pk}/change/")
    page.click("input[name=_publish]")
    page.wait_for_selector(".messagelist .success")
    issue.refresh_from_db()
    assert issue.is_public()

    # An anonymous visitor reads it.
    page.context.clear_cookies()
    response = page.goto(f"{live_server.url}/bulletins/in-partnership/7/")
    assert response.status == 200
    axe(page)
    page.click("text=Crisis cafés open across the county >> nth=0")
    page.wait_for_selector("h1:has-text('Crisis cafés open across the county')")
    assert "no appointment needed" in page.inner_text("main")
    assert page.locator("a[href='/topics/mental-health/']").count() == 1
    axe(page)
    page.click("text=All topics")
    page.wait_for_selector("h1:has-text('Topics')")
    assert page.locator("main a[href='/topics/mental-health/']").count() == 1
    axe(page)
    # The admin has no favicon link, so the browser asks for /favicon.ico; nothing else
    # may fail to load, and no Content-Security-Policy refusal (CKEditor included) may occur.
    assert [url for url in missing if not url.endswith("/favicon.ico")] == []
    assert [e for e in errors if not e.startswith("Failed to load resource")] == []
