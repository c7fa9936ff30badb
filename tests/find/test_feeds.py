"""Atom and RSS feeds: entries, times, authors, nothing unpublished, a fixed query budget,
and the same document Django's own syndication framework writes."""

import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.contrib.sites.models import Site
from django.contrib.syndication.views import Feed
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.xmlutils import SimplerXMLGenerator, UnserializableContentError

from bulletins.models import Issue
from governance.models import Board, Meeting
from icsportal.feeds import RSS, Atom, QuickXMLGenerator
from tests.bulletins.factories import ArticleFactory, IssueFactory, PublicationFactory
from tests.governance.factories import (
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    ResolutionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _restart_meeting_dates():
    """Later tests expect MeetingFactory's dates to start in 2022; these tests make many."""
    yield
    MeetingFactory.reset_sequence()

ATOM = "{http://www.w3.org/2005/Atom}"


def atom_entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own output)
    return {
        entry.findtext(f"{ATOM}title"): {
            "link": entry.find(f"{ATOM}link").get("href"),
            "published": datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}published")),
            "updated": datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated")),
            "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
            "categories": [c.get("term") for c in entry.findall(f"{ATOM}category")],
        }
        for entry in root.findall(f"{ATOM}entry")
    }


def rss_items(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 (our own output)
    return {item.findtext("title"): item for item in channel.findall("item")}


@pytest.fixture
def issues():
    """A published issue, a draft, and one scheduled for tomorrow, in the same publication."""
    publication = PublicationFactory(name="Health & Care Together", slug="hct")
    now = timezone.now()
    published = IssueFactory(publication=publication, status=Issue.Status.PUBLISHED,
                             publish_at=now - datetime.timedelta(days=2),
                             first_published_at=now - datetime.timedelta(days=2))
    draft = IssueFactory(publication=publication)
    scheduled = IssueFactory(publication=publication, status=Issue.Status.PUBLISHED,
                             publish_at=now + datetime.timedelta(days=1),
                             first_published_at=now + datetime.timedelta(days=1))
    article = ArticleFactory(issue=published, headline="Crisis cafés open")
    article.tags.add("Mental health")
    for issue, headline in ((draft, "Draft story"), (scheduled, "Tomorrow's story")):
        ArticleFactory(issue=issue, headline=headline).tags.add("Mental health")
    return published


def test_the_bulletins_feed_lists_published_articles_with_times_and_author(client, issues):
    entries = atom_entries(client, "/bulletins/feed.atom")
    assert set(entries) == {"Crisis cafés open"}
    entry = entries["Crisis cafés open"]
    assert entry["link"].endswith(issues.articles.get().get_absolute_url())
    assert entry["published"] == issues.first_published_at
    assert entry["updated"] >= entry["published"]
    assert entry["author"] == "Health & Care Together"
    assert entry["categories"] == ["Mental health"]


def test_the_rss_feed_carries_the_same_articles(client, issues):
    items = rss_items(client, "/bulletins/feed.rss")
    assert set(items) == {"Crisis cafés open"}
    assert items["Crisis cafés open"].findtext("pubDate")
    creator = items["Crisis cafés open"].findtext("{http://purl.org/dc/elements/1.1/}creator")
    assert creator == "Health & Care Together"


@pytest.mark.parametrize("url", ["/bulletins/feed.atom", "/bulletins/hct/feed.atom"])
def test_a_feed_holds_the_newest_articles_of_the_newest_issues(client, issues, url, monkeypatch,
                                                             recompiled):
    from bulletins import feeds

    monkeypatch.setattr(feeds, "FEED_SIZE", 3)
    now = timezone.now()
    for days, headlines in ((5, ["Older one"]), (1, ["Newest one", "Newest two"])):
        issue = IssueFactory(publication=issues.publication, status=Issue.Status.PUBLISHED,
                             publish_at=now - datetime.timedelta(days=days))
        for headline in headlines:
            ArticleFactory(issue=issue, headline=headline)
    # Three newest of four published articles, whichever issues they are spread over.
    assert set(atom_entries(client, url)) == {"Newest one", "Newest two", "Crisis cafés open"}


@pytest.mark.parametrize("window", [3, 50])  # the newest 3 issues hold the feed; 50 do not exist
def test_a_topic_feed_holds_the_topics_newest_articles(client, monkeypatch, recompiled, window):
    from bulletins import feeds

    monkeypatch.setattr(feeds, "FEED_SIZE", 3)
    monkeypatch.setattr(feeds, "TOPIC_FEED_ISSUES", window)
    publication = PublicationFactory()
    now = timezone.now()
    for days in range(6):  # one issue a day, two tagged articles in the even ones
        issue = IssueFactory(publication=publication, edition=10 - days,
                             status=Issue.Status.PUBLISHED,
                             publish_at=now - datetime.timedelta(days=days))
        for position in range(2 if days % 2 == 0 else 1):
            article = ArticleFactory(issue=issue, position=position,
                                     headline=f"Day {days} story {position}")
            if days % 2 == 0:
                article.tags.add("Estates")
    titles = list(atom_entries(client, "/topics/estates/feed.atom"))
    assert titles == ["Day 0 story 0", "Day 0 story 1", "Day 2 story 0"]


@pytest.mark.parametrize("url", [
    "/bulletins/hct/feed.atom", "/bulletins/hct/feed.rss",
    "/topics/mental-health/feed.atom", "/topics/mental-health/feed.rss",
])
def test_publication_and_topic_feeds_leave_out_draft_and_scheduled_issues(client, issues, url):
    body = client.get(url).content.decode()
    assert "Crisis cafés open" in body
    assert "Draft story" not in body
    assert "Tomorrow&#x27;s story" not in body and "Tomorrow's story" not in body


def test_a_scheduled_issue_joins_the_feed_once_its_time_comes(client, issues):
    scheduled = Issue.objects.get(publish_at__gt=timezone.now())
    scheduled.publish_at = timezone.now() - datetime.timedelta(minutes=1)
    scheduled.save()
    assert "Tomorrow's story" in atom_entries(client, "/bulletins/feed.atom")


def test_an_unknown_publication_or_topic_feed_is_not_found(client, db):
    assert client.get("/bulletins/nope/feed.atom").status_code == 404
    assert client.get("/topics/nope/feed.atom").status_code == 404


def test_the_bulletin_pages_link_their_feeds(client, issues):
    article = issues.articles.get()
    for url, feed in (("/bulletins/", "/bulletins/feed.atom"),
                      ("/bulletins/hct/", "/bulletins/hct/feed.atom"),
                      (article.get_absolute_url(), "/bulletins/hct/feed.atom"),
                      ("/topics/mental-health/", "/topics/mental-health/feed.atom")):
        body = client.get(url).content.decode()
        assert '<link rel="alternate" type="application/atom+xml"' in body, url
        assert f'href="{feed}"' in body, url


@pytest.fixture
def decisions():
    board = BoardFactory(name="Rutland Health and Wellbeing Board", slug="rutland-hwb")
    published = MeetingFactory(
        board=board, minutes_published_at=timezone.now() - datetime.timedelta(days=3)
    )
    draft = MeetingFactory(board=board, minutes_status=Meeting.MinutesStatus.DRAFT)
    ResolutionFactory(item=AgendaItemFactory(meeting=published, title="Strategy"),
                      text="the strategy.")
    ResolutionFactory(item=AgendaItemFactory(meeting=draft, title="Secret draft"))
    ResolutionFactory(item=AgendaItemFactory(meeting=published, title="Exempt", is_exempt=True))
    return published


def test_the_decisions_feed_lists_public_resolutions_with_their_meeting(client, decisions):
    entries = atom_entries(client, "/decisions/feed.atom")
    assert len(entries) == 1
    (title, entry), = entries.items()
    assert "Strategy" in title
    item = decisions.items.get(title="Strategy")
    assert entry["link"].endswith(f"{decisions.get_absolute_url()}#item-{item.number}-a")
    assert entry["published"] == decisions.minutes_published_at
    assert entry["updated"] >= entry["published"]
    assert entry["author"] == "Rutland Health and Wellbeing Board"
    assert entry["categories"] == ["NOTED"]


def test_the_decisions_feed_follows_the_registers_filters(client, decisions):
    assert len(atom_entries(client, "/decisions/feed.atom?outcome=NOTED")) == 1
    assert atom_entries(client, "/decisions/feed.atom?outcome=APPROVED") == {}
    assert atom_entries(client, "/decisions/feed.atom?board=other") == {}


def test_the_decisions_page_links_its_filtered_feed(client, decisions):
    body = client.get("/decisions/?outcome=NOTED").content.decode()
    assert 'type="application/atom+xml"' in body
    assert 'href="/decisions/feed.atom?outcome=NOTED"' in body


def test_a_boards_meeting_feed_lists_its_meetings_only(client, decisions):
    other = MeetingFactory()
    cancelled = MeetingFactory(board=decisions.board, status=Meeting.Status.CANCELLED)
    entries = atom_entries(client, "/boards/rutland-hwb/meetings.atom")
    assert len(entries) == 3
    assert not any(other.board.name in title for title in entries)
    assert any(title.endswith("(cancelled)") for title in entries)
    links = {entry["link"] for entry in entries.values()}
    assert any(link.endswith(cancelled.get_absolute_url()) for link in links)
    for entry in entries.values():
        assert entry["author"] == "Rutland Health and Wellbeing Board"
        assert entry["published"] <= entry["updated"]
    assert len(rss_items(client, "/boards/rutland-hwb/meetings.rss")) == 3
    body = client.get("/boards/rutland-hwb/").content.decode()
    assert 'href="/boards/rutland-hwb/meetings.atom"' in body


def test_feeds_write_dates_as_the_pages_do_without_a_leading_zero(client):
    board = BoardFactory(name="Rutland Health and Wellbeing Board", slug="rutland-hwb")
    start = timezone.make_aware(datetime.datetime(2022, 3, 5, 14))
    meeting = MeetingFactory(board=board, start=start, minutes_published_at=timezone.now())
    ResolutionFactory(item=AgendaItemFactory(meeting=meeting, title="Strategy"))
    (decision,) = atom_entries(client, "/decisions/feed.atom")
    assert ", 5 March 2022: Strategy" in decision
    (listed,) = atom_entries(client, "/boards/rutland-hwb/meetings.atom")
    assert listed.endswith(", 5 March 2022")
    root = ET.fromstring(client.get("/boards/rutland-hwb/meetings.atom").content)  # noqa: S314
    assert root.findtext(f"{ATOM}entry/{ATOM}summary").startswith("Saturday 5 March 2022, 2.00 pm,")


def test_a_meetings_feed_never_shows_draft_minutes_text(client, decisions):
    draft = Meeting.objects.get(minutes_status=Meeting.MinutesStatus.DRAFT)
    draft.items.update(minutes="<p>Unpublished discussion</p>")
    body = client.get("/boards/rutland-hwb/meetings.atom").content.decode()
    assert "Unpublished discussion" not in body
    assert "Secret draft" not in body


def _add_items(count):
    """`count` more published articles and public decisions, under the same titles."""
    issue = IssueFactory(publication=PublicationFactory(slug="budget"), published=True)
    board = Board.objects.filter(slug="budget").first() or BoardFactory(slug="budget")
    for _ in range(count):
        ArticleFactory(issue=issue).tags.add("Budget", "Care")
        ResolutionFactory(item=AgendaItemFactory(meeting=MeetingFactory(board=board)))


@pytest.mark.parametrize("url", [
    "/bulletins/feed.atom", "/bulletins/budget/feed.atom", "/topics/budget/feed.rss",
    "/decisions/feed.atom", "/boards/budget/meetings.atom", "/boards/budget/meetings.rss",
])
def test_a_feed_costs_the_same_few_queries_for_2_or_12_items(client, url, committed):
    counts = []
    for size in (2, 10):
        with committed():
            _add_items(size)
        Site.objects.clear_cache()  # the first request would otherwise pay for the site alone
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 6, counts


def _stock_twin(view):
    """The same feed as Django's syndication framework writes it on its own: its
    `Feed.get_feed`, which asks for every part of every entry, and its generators."""
    stock_type = {Atom: Atom1Feed, RSS: Rss201rev2Feed}[view.feed_type]

    class Stock(type(view)):
        feed_type = stock_type
        get_feed = Feed.get_feed

        def items(self, obj):
            return self.entries(obj)

    return Stock()


@pytest.mark.parametrize("url", [
    "/bulletins/feed.atom", "/bulletins/feed.rss", "/bulletins/hct/feed.atom",
    "/topics/mental-health/feed.rss", "/decisions/feed.atom",
    "/decisions/feed.rss?outcome=NOTED", "/boards/rutland-hwb/meetings.atom",
    "/boards/rutland-hwb/meetings.rss",
])
def test_every_feed_writes_what_djangos_own_feed_writes(rf, issues, decisions, url):
    article = ArticleFactory(issue=issues, headline='Cafés & <clinics> "open"',
                             standfirst="Quotes ' and \" and a new\nline & more.")
    article.tags.add("Carers & families")
    match = resolve(url.split("?")[0])
    ours = match.func(rf.get(url), **match.kwargs)
    stock = _stock_twin(match.func)(rf.get(url), **match.kwargs)
    assert ours.content.count(b"<entry>") + ours.content.count(b"<item>") >= 1
    assert ours.content == stock.content
    assert ours["Last-Modified"] == stock["Last-Modified"]
    assert ours["Content-Type"] == stock["Content-Type"]


@pytest.mark.parametrize(("contents", "attrs"), [
    ("Plain words", None),
    ("Ampersands & angles <b> and > quotes \" '", None),
    ("", {"href": "https://example.com/?a=1&b=2", "rel": "alternate"}),
    (None, {"term": 'Carers & "families"\n'}),
    ("Crisis cafés", {"type": "html"}),
    ("", None),
    (None, None),
])
def test_the_quick_handler_writes_an_element_as_djangos_does(contents, attrs):
    def written(handler_class):
        document = io.StringIO()
        handler = handler_class(document, "utf-8", short_empty_elements=True)
        handler.startElement("entry", {})
        handler.addQuickElement("title", contents, attrs)
        handler.endElement("entry")
        return document.getvalue()

    assert written(QuickXMLGenerator) == written(SimplerXMLGenerator)


@pytest.mark.parametrize(("contents", "attrs"), [
    ("A vertical\x0btab", None), ("", {"term": "A form\x0cfeed"}),
])
def test_the_quick_handler_refuses_control_characters_as_djangos_does(contents, attrs):
    for handler_class in (QuickXMLGenerator, SimplerXMLGenerator):
        handler = handler_class(io.StringIO(), "utf-8", short_empty_elements=True)
        with pytest.raises(UnserializableContentError):
            handler.addQuickElement("title", contents, attrs)
