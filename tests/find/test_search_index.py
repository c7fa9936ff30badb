"""Stored search documents follow the rows they quote, and searching reads them by index."""

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from bulletins.models import Article
from governance.models import Meeting
from icsportal.search import matching, providers
from people.models import Person
from tests.bulletins.factories import ArticleFactory, IssueFactory
from tests.find.test_search import results
from tests.governance.factories import AgendaItemFactory, MeetingFactory
from tests.people.factories import OrganisationFactory, PersonFactory, RoleFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="stored search documents exist on PostgreSQL only")


def provider(key):
    return next(p for p in providers() if p.key == key)


def test_rebuild_search_index_runs_on_either_database():
    PersonFactory(family_name="Quorndon")
    call_command("rebuild_search_index", verbosity=0)
    document = Person.objects.values_list("search_document", flat=True).get()
    assert (document is not None) == (connection.vendor == "postgresql")


@pytest.mark.postgres
@postgres_only
def test_renaming_an_organisation_refreshes_the_people_with_roles_there(client, committed):
    role = RoleFactory(title="Clinical Lead", organisation__name="Fosse Health Partnership")
    assert role.person.get_absolute_url() in results(client, q="Fosse", type="people")
    with committed(), transaction.atomic():
        role.organisation.name = "Soar Valley Health Partnership"
        role.organisation.save()
    html = results(client, q="Soar Valley", type="people")
    assert role.person.get_absolute_url() in html
    assert role.person.get_absolute_url() not in results(client, q="Fosse", type="people")


@pytest.mark.postgres
@postgres_only
def test_tagging_an_article_makes_it_findable_by_the_topic(client, committed):
    article = ArticleFactory(issue=IssueFactory(published=True), headline="Open for winter")
    assert article.get_absolute_url() not in results(client, q="hydrotherapy")
    with committed(), transaction.atomic():
        article.tags.add("Hydrotherapy")
    assert article.get_absolute_url() in results(client, q="hydrotherapy")


@pytest.mark.postgres
@postgres_only
def test_publishing_minutes_adds_them_to_the_meetings_document(client, committed):
    meeting = MeetingFactory(minutes_status=Meeting.MinutesStatus.DRAFT)
    AgendaItemFactory(meeting=meeting, title="Estates", minutes="<p>The Anstey site.</p>")
    assert meeting.get_absolute_url() not in results(client, q="Anstey")
    meeting.minutes_status = Meeting.MinutesStatus.PUBLISHED
    with committed():
        meeting.save()
    assert meeting.get_absolute_url() in results(client, q="Anstey")


@pytest.mark.postgres
@postgres_only
def test_a_transaction_refreshes_each_changed_row_once(django_capture_on_commit_callbacks):
    person = PersonFactory()
    organisation = OrganisationFactory()
    with CaptureQueriesContext(connection) as ctx:
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            for title in ("Chair", "Vice Chair", "Trustee"):
                RoleFactory(person=person, organisation=organisation, title=title)
            person.family_name = "Glenfield"
            person.save()
    refreshes = [q["sql"] for q in ctx.captured_queries
                 if q["sql"].startswith('UPDATE "people_person" SET "search_document"')]
    assert len(refreshes) == 1


@pytest.mark.postgres
@postgres_only
def test_bulk_loads_are_indexed_by_rebuild_search_index(client):
    issue = IssueFactory(published=True)
    Article.objects.bulk_create([
        Article(issue=issue, position=n, slug=f"bulk-{n}", headline=f"Bulk Ibstock story {n}",
                standfirst="", body="<p>Text.</p>")
        for n in range(3)
    ])
    assert not Article.objects.filter(search_document__isnull=False).exists()
    call_command("rebuild_search_index", batch=2, verbosity=0)
    assert results(client, q="Ibstock").count("Bulk Ibstock story") == 3


@pytest.mark.postgres
@postgres_only
def test_rebuild_search_index_leaves_no_pending_index_entries():
    # A GIN index queues new entries in a pending list that every search reads through.
    ArticleFactory.create_batch(3, issue=IssueFactory(published=True))
    call_command("rebuild_search_index", verbosity=0)
    with connection.cursor() as cursor:
        for index in ["article_search", "person_search", "resolution_search"]:
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
            assert cursor.fetchone()[0] == 0, f"{index} still had pending pages"


@pytest.mark.postgres
@postgres_only
@pytest.mark.parametrize("key, index", [
    ("articles", "article_search"), ("people", "person_search"),
    ("meetings", "meeting_search"), ("decisions", "resolution_search"),
])
def test_search_uses_the_gin_index(key, index):
    with connection.cursor() as cursor:
        # The tables are tiny here; without this the planner rightly prefers a scan, or
        # for articles a walk of the published issues' articles.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_nestloop = off")
        plan = matching(provider(key), "strategy").explain()
    assert index in plan, plan
