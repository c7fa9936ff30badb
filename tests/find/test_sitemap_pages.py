"""A section of records is paged by blocks of keys, and the sitemap index dates each
section from the newest row alone: neither grows with the archive."""

import datetime
import re
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bulletins.sitemaps import ArticleSitemap, IssueSitemap
from governance.sitemaps import MeetingSitemap
from icsportal.sitemaps import KeyedSitemap
from people.models import Person
from people.sitemaps import OrganisationSitemap, PersonSitemap
from tests.bulletins.factories import ArticleFactory, IssueFactory
from tests.governance.factories import MeetingFactory
from tests.people.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

KEYED = {"people": PersonSitemap, "organisations": OrganisationSitemap,
         "meetings": MeetingSitemap, "issues": IssueSitemap, "articles": ArticleSitemap}


def locations(xml):
    return re.findall(r"<loc>https?://[^/]+([^<]*)</loc>", xml)


def index_entries(client):
    """[(sitemap path with its page, lastmod)] in the index's order."""
    xml = client.get("/sitemap.xml").content.decode()
    return [(loc, lastmod) for loc, lastmod in re.findall(
        r"<sitemap><loc>https?://[^/]+([^<]*)</loc>(?:<lastmod>([^<]*)</lastmod>)?</sitemap>",
        xml)]


@pytest.fixture
def blocks_of_five(monkeypatch):
    monkeypatch.setattr(KeyedSitemap, "limit", 5)


def test_a_section_lists_each_block_of_keys_on_its_own_page(client, blocks_of_five):
    people = PersonFactory.create_batch(12)
    for gone in people[1:3]:  # a gap in the keys: the later blocks keep their rows
        gone.delete()
    people = people[:1] + people[3:]
    pages = -(-max(person.pk for person in people) // 5)
    listed = [path for path, _ in index_entries(client) if path.startswith("/sitemap-people.")]
    assert listed == ["/sitemap-people.xml"] + [
        f"/sitemap-people.xml?p={n}" for n in range(2, pages + 1)]
    for person in people:
        block = (person.pk - 1) // 5 + 1
        xml = client.get(f"/sitemap-people.xml?p={block}").content.decode()
        expected = Person.objects.filter(pk__gt=(block - 1) * 5, pk__lte=block * 5)
        assert locations(xml) == [p.get_absolute_url() for p in expected.order_by("pk")]
        assert person.get_absolute_url() in locations(xml)


@pytest.mark.parametrize("page", [0, "last+1", "two"])
def test_a_page_past_the_last_block_or_not_a_number_is_not_found(client, blocks_of_five, page):
    people = PersonFactory.create_batch(6)
    if page == "last+1":
        page = -(-max(person.pk for person in people) // 5) + 1
    assert client.get(f"/sitemap-people.xml?p={page}").status_code == 404


def test_a_page_is_read_by_its_range_of_keys_not_by_counting_and_skipping(client,
                                                                          blocks_of_five):
    PersonFactory.create_batch(12)
    client.get("/sitemap-people.xml")  # the current Site is cached after the first request
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/sitemap-people.xml?p=2").status_code == 200
    sql = " ".join(query["sql"] for query in ctx.captured_queries).upper()
    assert "COUNT(" not in sql
    assert "OFFSET" not in sql


def test_the_index_dates_each_section_without_asking_its_rows(client):
    people = PersonFactory.create_batch(3)
    OrganisationFactory.create_batch(2, is_partner=False)
    MeetingFactory.create_batch(2)
    article = ArticleFactory(issue=IssueFactory(published=True))
    Person.objects.filter(pk=people[1].pk).update(
        updated_at=datetime.datetime(2031, 5, 6, 7, 8, 9, tzinfo=datetime.UTC))
    # Django's own index asks every row of a section its lastmod, to take the latest.
    for cls in KEYED.values():
        mock.patch.object(cls, "lastmod", side_effect=AssertionError("asked a row")).start()
    try:
        entries = dict(index_entries(client))
    finally:
        mock.patch.stopall()
    assert datetime.datetime.fromisoformat(entries["/sitemap-people.xml"]) == (
        datetime.datetime(2031, 5, 6, 7, 8, 9, tzinfo=datetime.UTC))
    issue = article.issue
    for section, latest in [("articles", max(article.updated_at, issue.publish_at)),
                            ("issues", max(issue.updated_at, issue.publish_at))]:
        assert datetime.datetime.fromisoformat(entries[f"/sitemap-{section}.xml"]) == latest


def test_the_index_costs_the_same_queries_whatever_the_archive_holds(client):
    client.get("/sitemap.xml")  # the current Site is cached after the first request
    counts = []
    for size in (2, 20):
        while Person.objects.count() < size:
            PersonFactory()
            ArticleFactory(issue=IssueFactory(published=True)).tags.add(f"Topic {size}")
            MeetingFactory()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/sitemap.xml").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
