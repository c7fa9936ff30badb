"""The sitemap lists every published bulletin and every meeting page, and nothing unpublished."""

import datetime
import functools

import pytest
from django.urls import reverse
from django.utils import timezone

from bulletins.models import Article, Issue
from bulletins.sitemaps import BulletinListSitemap
from governance.models import Board, Meeting
from governance.sitemaps import GovernanceListSitemap
from tests.bulletins.factories import ArticleFactory, IssueFactory, PublicationFactory
from tests.find.test_sitemaps import all_sitemap_entries
from tests.governance.factories import BoardFactory, MeetingFactory, ResolutionFactory

pytestmark = pytest.mark.django_db


def day(value):
    return value.date().isoformat()


def test_every_published_issue_article_and_topic_is_listed_and_nothing_else(client):
    issue = IssueFactory(published=True)
    articles = ArticleFactory.create_batch(2, issue=issue)
    articles[0].tags.add("Crisis cafés")
    draft = ArticleFactory(headline="Draft only")
    draft.tags.add("Secret topic")
    scheduled = ArticleFactory(issue=IssueFactory(
        status=Issue.Status.PUBLISHED, publish_at=timezone.now() + datetime.timedelta(days=1)))
    in_review = ArticleFactory(issue=IssueFactory(status=Issue.Status.IN_REVIEW))
    entries = all_sitemap_entries(client)
    assert entries[issue.get_absolute_url()] == day(issue.updated_at)
    for article in articles:
        assert entries[article.get_absolute_url()] == day(article.updated_at)
    topic = reverse("bulletins:topic", args=["crisis-cafés"])
    assert entries[topic] == day(articles[0].updated_at)
    for hidden in (draft, scheduled, in_review):
        assert hidden.get_absolute_url() not in entries
        assert hidden.issue.get_absolute_url() not in entries
    assert reverse("bulletins:topic", args=["secret-topic"]) not in entries


def test_the_bulletin_list_and_each_archive_carry_the_latest_public_issue(client):
    quiet = PublicationFactory()
    issue = IssueFactory(published=True)
    IssueFactory(publication=issue.publication)  # a draft does not freshen the archive
    entries = all_sitemap_entries(client)
    assert entries["/bulletins/"] == day(issue.updated_at)
    assert entries[issue.publication.get_absolute_url()] == day(issue.updated_at)
    assert entries[quiet.get_absolute_url()] == day(quiet.updated_at)


def test_the_topics_list_is_as_new_as_the_newest_public_article():
    lastmod = functools.partial(BulletinListSitemap().lastmod, "bulletins:topic_list")
    article = ArticleFactory(issue=IssueFactory(published=True))
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Article.objects.update(updated_at=long_ago)  # update() leaves auto_now alone
    Issue.objects.update(publish_at=long_ago - datetime.timedelta(days=30))
    assert lastmod() == long_ago
    ArticleFactory(issue=IssueFactory(publication=article.issue.publication))  # a draft's
    assert lastmod() == long_ago


def test_boards_meetings_and_the_governance_lists_are_listed_with_lastmod(client):
    board = BoardFactory()
    meetings = MeetingFactory.create_batch(2, board=board)
    resolution = ResolutionFactory(item__meeting=meetings[0])
    entries = all_sitemap_entries(client)
    assert entries[board.get_absolute_url()] == day(board.updated_at)
    for meeting in meetings:
        meeting.refresh_from_db()
        assert entries[meeting.get_absolute_url()] == day(meeting.updated_at)
    assert entries["/meetings/"] == day(max(m.updated_at for m in meetings))
    assert entries["/decisions/"] == day(resolution.updated_at)
    assert entries["/boards/"] == day(max(m.updated_at for m in meetings))


def test_the_boards_list_is_as_new_as_its_newest_board_or_meeting():
    lastmod = functools.partial(GovernanceListSitemap().lastmod, "governance:board_list")
    meeting = MeetingFactory()
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Meeting.objects.update(updated_at=long_ago)  # update() leaves auto_now alone
    assert lastmod() == meeting.board.updated_at
    Board.objects.update(updated_at=long_ago - datetime.timedelta(days=30))
    assert lastmod() == long_ago


def test_robots_keeps_crawlers_out_of_bulletin_previews(client):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert "Disallow: /bulletins/preview/" in lines


@pytest.mark.parametrize("section", ["articles", "meetings", "topics"])
def test_a_section_costs_the_same_queries_whatever_its_size(client, section,
                                                            django_assert_max_num_queries):
    issue = IssueFactory(published=True)
    board = BoardFactory()
    client.get(f"/sitemap-{section}.xml")  # the current Site is cached after the first request
    counts = []
    for size in (2, 20):
        while section == "meetings" and board.meetings.count() < size:
            MeetingFactory(board=board)
        while section != "meetings" and issue.articles.count() < size:
            article = ArticleFactory(issue=issue)
            article.tags.add(f"Topic {article.pk}")
        with django_assert_max_num_queries(4) as ctx:
            client.get(f"/sitemap-{section}.xml")
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
