"""No questioner's contact details on any public surface: pages, feeds, calendars, CSVs, API."""

import json
import re
from urllib.parse import quote

import pytest
from django.urls import reverse
from taggit.models import Tag

from bulletins.models import Publication
from governance.models import Board, PublicQuestion
from tests.find.surfaces import public_machine_urls
from tests.governance.privacy import START_URLS, crawl, leaks

pytestmark = pytest.mark.django_db

# The demo gives about 400 pages, feeds, calendars, downloads and API answers; a crawl that
# fetched fewer has lost its way, and its silence would prove nothing.
MINIMUM_URLS = 300


def follow_urls():
    """Every feed, calendar and CSV download for the current data."""
    urls = [reverse(name) for name in (
        "bulletins:feed", "bulletins:feed_rss", "governance:decision_feed",
        "governance:decision_feed_rss", "governance:calendar", "governance:decisions_csv",
    )]
    for publication in Publication.objects.all():
        urls += [reverse(name, args=[publication.slug])
                 for name in ("bulletins:publication_feed", "bulletins:publication_feed_rss")]
    for tag in Tag.objects.all():
        urls += [reverse(name, args=[tag.slug])
                 for name in ("bulletins:topic_feed", "bulletins:topic_feed_rss")]
    for board in Board.objects.all():
        urls += [reverse(name, args=[board.slug]) for name in (
            "governance:board_feed", "governance:board_feed_rss", "governance:board_calendar",
            "governance:attendance_csv",
        )]
        urls += [f"{reverse(name)}?board={board.slug}" for name in (
            "governance:decisions_csv", "governance:decision_feed",
        )]
    return urls


def variants(secret):
    """The secret as any surface could carry it: whole, JSON- or URL-escaped, or in parts."""
    found = {secret, json.dumps(secret)[1:-1], quote(secret), secret.replace(" ", "")}
    # Parts of an address that identify it (a house number, a postcode) leak it too.
    found |= {part.strip() for part in re.split(r"[,\n]", secret) if re.search(r"\d", part)}
    return {value for value in found if len(value) >= 5}


def unfolded(body):
    """An iCalendar body with folded lines joined and text escapes undone, to search it."""
    body = re.sub(r"\r?\n[ \t]", "", body)
    return re.sub(r"\\([,;\\])", r"\1", body).replace("\\n", "\n").replace("\\N", "\n")


@pytest.fixture
def secrets(demo):
    values = [
        value
        for question in PublicQuestion.objects.all()
        for value in (question.contact_address, question.contact_email, question.contact_phone)
        if value
    ]
    assert len(values) == 6  # the demo's two questions, three details each
    return sorted({variant for value in values for variant in variants(value)})


def test_no_surface_shows_a_questioners_contact_details(client, secrets):
    start = [*START_URLS, "/bulletins/", "/search/?q=Jennings", "/search/?q=Rutland+Memorial"]
    pages = crawl(client, start, limit=2000)
    machine = [*follow_urls(), *public_machine_urls()]
    for url in machine:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.getvalue().decode()
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    pages["/no-such-page/ (404)"] = missing.content.decode()
    for url in [u for u in pages if ".ics" in u]:
        pages[f"{url} (unfolded)"] = unfolded(pages[url])

    assert len(pages) >= MINIMUM_URLS, len(pages)
    assert set(START_URLS) <= set(pages)
    kinds = (".atom", ".rss", ".ics", ".csv", "/api/v1/", "sitemap", "robots.txt", "/people/",
             "/topics/", "/bulletins/")
    for kind in kinds:
        assert any(kind in url for url in pages), kind
    # The speaker's name is public; seeing it proves the crawl reached the questions.
    assert "Mr Godfrey Jennings" in pages["/meetings/rutland-hwb/2022-02-22/"]
    assert leaks(pages, secrets) == []


def test_the_check_would_notice_a_leak_in_a_calendar(client, secrets):
    board = Board.objects.get(slug="rutland-hwb")
    meeting = board.meetings.order_by("start").first()
    question = meeting.questions.first()
    meeting.venue = question.contact_address  # a clerk's slip: the kind of leak to catch
    meeting.save()
    url = reverse("governance:board_calendar", args=[board.slug])
    body = unfolded(client.get(url).content.decode())
    assert leaks({url: body}, secrets) != []
