"""Dated results (articles, meetings, decisions): a common word's recent matches come
first, however much older archive matches it too, and the counts stay exact."""

import datetime
import random
import string

import pytest
from django.db import connection, transaction
from django.utils import timezone

from icsportal import search
from tests.bulletins.factories import ArticleFactory, IssueFactory
from tests.find.test_search import results
from tests.governance.factories import AgendaItemFactory, MeetingFactory, ResolutionFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="the year lexemes are in PostgreSQL's stored documents"),
]

THIS_YEAR = timezone.localdate().year


def articles(year, count, headline, **fields):
    issue = IssueFactory(published=True, issue_date=datetime.date(year, 3, 1))
    return [ArticleFactory(issue=issue, headline=f"{headline} {n}", **fields)
            for n in range(count)]


def document(model, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT search_document::text FROM {model._meta.db_table} "  # noqa: S608  # nosec B608
                       "WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_past_the_cap_the_recent_matches_are_shown_not_the_oldest(client, cap):
    cap(3)
    # The old ones are written first, as an archive grows: the index yields them first.
    old = articles(1998, 4, "Rothley surgery hours")
    new = articles(THIS_YEAR, 4, "Rothley surgery hours")
    html = results(client, q="rothley", type="articles")
    assert "Bulletins (more than 3)" in html
    assert all(a.get_absolute_url() not in html for a in old)
    assert all(a.get_absolute_url() in html for a in new)


def test_under_the_cap_older_matches_follow_the_recent_and_count_once(client, cap):
    cap(5)
    # The old ones rank higher (the word in the headline), and still come after.
    old = articles(1998, 2, "Thurmaston clinic")
    new = articles(THIS_YEAR, 2, "Clinic news", body="<p>Thurmaston opens late.</p>")
    html = results(client, q="thurmaston", type="articles")
    assert "Bulletins (4)" in html
    places = [html.index(a.get_absolute_url()) for a in new + old]
    assert max(places[:2]) < min(places[2:]), "the recent two come first"


def test_between_recent_and_older_the_cap_is_still_reached(client, cap):
    # Two recent matches and four older ones: five candidates would undercount.
    cap(5)
    articles(1998, 4, "Braunstone walk-in")
    articles(THIS_YEAR, 2, "Braunstone walk-in")
    assert "Bulletins (more than 5)" in results(client, q="braunstone", type="articles")


def test_a_year_chosen_reads_that_years_matches_only(client, cap):
    cap(3)
    old = articles(1998, 2, "Syston pharmacy")
    articles(THIS_YEAR, 4, "Syston pharmacy")
    html = results(client, q="syston", type="articles", year=1998)
    assert "Bulletins (2)" in html
    assert all(a.get_absolute_url() in html for a in old)


def test_stop_words_alone_find_nothing_recent(client):
    articles(THIS_YEAR, 2, "The way we were")
    html = results(client, q="the", type="articles")
    assert "Bulletins (0)" in html or "No results" in html
    assert "The way we were" not in html


def test_a_year_lexeme_cannot_be_typed(client):
    (article,) = articles(THIS_YEAR, 1, "Anstey library reopens")
    assert f"#{THIS_YEAR}" in document(type(article), article.pk)
    for q in [f"#{THIS_YEAR}", f'"#{THIS_YEAR}"', f"x#{THIS_YEAR}"]:
        assert "Anstey library" not in results(client, q=q), q


def test_redating_an_issue_moves_its_articles_to_the_new_year(django_capture_on_commit_callbacks):
    (article,) = articles(1998, 1, "Birstall hub")
    assert "'#1998'" in document(type(article), article.pk)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article.issue.issue_date = datetime.date(THIS_YEAR, 3, 1)
        article.issue.save()
    text = document(type(article), article.pk)
    assert f"'#{THIS_YEAR}'" in text and "'#1998'" not in text


def test_moving_a_meeting_moves_its_decisions_to_the_new_year(django_capture_on_commit_callbacks):
    meeting = MeetingFactory(start=timezone.make_aware(datetime.datetime(1999, 6, 1, 14)))
    resolution = ResolutionFactory(item=AgendaItemFactory(meeting=meeting))
    assert "'#1999'" in document(type(resolution), resolution.pk)
    assert "'#1999'" in document(type(meeting), meeting.pk)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        meeting.start = timezone.make_aware(datetime.datetime(THIS_YEAR, 6, 1, 14))
        meeting.save()
    for row in (resolution, meeting):
        text = document(type(row), row.pk)
        assert f"'#{THIS_YEAR}'" in text and "'#1999'" not in text, type(row).__name__


def test_when_the_recent_matches_fill_the_cap_the_older_are_never_read(cap):
    cap(3)
    articles(1998, 2, "Countesthorpe fair")
    articles(THIS_YEAR, 4, "Countesthorpe fair")
    provider = next(p for p in search.providers() if p.key == "articles")
    statement = search.Statement.compile(provider, search.Filters(), 0, search.PER_GROUP)
    params = ["countesthorpe" if value == search.WORDS else value for value in statement.params]
    with search._index_scans(), connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + statement.sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # The branch of every match sits under a one-time filter that comes out false.
    assert "One-Time Filter" in plan, plan
    assert "never executed" in plan, plan


def toast_blocks(model):
    """Blocks of the table's TOAST read so far in this transaction."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_get_xact_blocks_fetched(reltoastrelid) FROM pg_class "
                       "WHERE oid = %s::regclass", [model._meta.db_table])
        return cursor.fetchone()[0]


def meeting(year, title, minutes=""):
    held = MeetingFactory(start=timezone.make_aware(datetime.datetime(year, 6, 1, 14)))
    AgendaItemFactory(meeting=held, title=title, minutes=minutes)
    held.refresh_from_db()
    return held


def long_minutes(word, seed):
    """Minutes that make a meeting's search document long enough for TOAST: 1,500
    words no compressor shortens much, and `word`."""
    rng = random.Random(seed)
    words = ("".join(rng.choices(string.ascii_lowercase, k=9)) for _ in range(1500))
    return f"<p>{word} {' '.join(words)}</p>"


def test_older_matches_are_ranked_only_when_the_page_reaches_them(client, cap):
    cap(300)
    # The older meetings' documents are in TOAST. Once a page shows them they are
    # ordered by rank, not date: the 1997 one has the word in an item's title too.
    older = [meeting(1998, "Minutes of the last meeting", long_minutes("oakham", 1)),
             meeting(1997, "Oakham health centre", long_minutes("oakham", 2))]
    recent = [meeting(THIS_YEAR - 1, f"Oakham update {n}") for n in range(search.PER_GROUP)]
    Meeting = type(older[0])
    before = toast_blocks(Meeting)
    list(Meeting.objects.filter(pk__in=[m.pk for m in older]).values_list("search_document"))
    read_once = toast_blocks(Meeting) - before
    assert read_once > 0, "the older documents are in TOAST"

    # Every type, five to a type: the five recent meetings fill the page, and the
    # older are only counted.
    before = toast_blocks(Meeting)
    html = results(client, q="oakham")
    within_recent = toast_blocks(Meeting) - before
    assert f"Meetings ({len(recent) + len(older)})" in html
    assert all(m.get_absolute_url() in html for m in recent)

    # The meetings alone, twenty to a page: the older follow the recent, best first,
    # and ranking them read their documents once more.
    before = toast_blocks(Meeting)
    html = results(client, q="oakham", type="meetings")
    past_recent = toast_blocks(Meeting) - before
    places = [html.index(m.get_absolute_url()) for m in (*recent, older[1], older[0])]
    assert max(places[:-2]) < places[-2] < places[-1]
    assert past_recent - within_recent == read_once, (within_recent, past_recent)
