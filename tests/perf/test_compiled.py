"""Querysets compiled once and run with new values (icsportal.compiled), on PostgreSQL,
where the article page runs its own query that way."""

import datetime
import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldFetchBlocked, ImproperlyConfigured
from django.db import connection, connections
from django.db.models.sql.compiler import SQLCompiler
from django.db.models.sql.query import Query
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.safestring import SafeString

import icsportal.api  # noqa: F401  (builds the API first: the apps' api modules import it)
from bulletins import api as bulletins_api
from bulletins import views
from bulletins.models import ISSUE_CONTENTS, TOPICS_OF, Article, Publication
from governance import api as governance_api
from governance import feeds as governance_feeds
from governance import views as governance_views
from governance.models import (
    MEETING_LISTS,
    AgendaItem,
    Attendance,
    Board,
    Meeting,
    Resolution,
    board_members,
)
from icsportal.api import _default_page
from icsportal.compiled import (
    Compiled,
    _BoundQuery,
    contains_pattern,
    planned_once,
    prefetched,
)
from icsportal.postgresql.base import PLANNED_ONCE
from people import api as people_api
from people import listing as people_listing
from people import views as people_views
from people.models import Person
from tests.bulletins.factories import ArticleFactory, IssueFactory
from tests.governance.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    MeetingEventFactory,
    MeetingFactory,
    PublicQuestionFactory,
    ResolutionFactory,
    upcoming_meeting,
)
from tests.people.factories import OrganisationFactory, PersonFactory, RoleFactory
from tests.perf.conftest import lazy_fetches_raise

pytestmark = pytest.mark.django_db


def on_postgresql(test):
    reason = "compiled querysets run on PostgreSQL only; elsewhere the ORM builds each"
    return pytest.mark.postgres(
        pytest.mark.skipif(connection.vendor != "postgresql", reason=reason)(test))


def article_page(article, now=None):
    """The article page's query as compiled, and as the ORM builds it, for `article`."""
    values = {"publication": article.issue.publication.slug, "edition": article.issue.edition,
              "slug": article.slug, "now": now or timezone.now()}
    return views.PUBLIC_ARTICLE.run(**values), list(views._public_article(**values))


def loaded(article):
    """What the page reads of an article, with what was left deferred."""
    return (article.pk, article.headline, article.issue.edition,
            article.issue.publication.name, article.interviewee and article.interviewee.slug,
            article.get_deferred_fields(), article.issue.get_deferred_fields())


@on_postgresql
def test_a_compiled_query_returns_what_the_orm_returns():
    published = IssueFactory(published=True)
    interview = ArticleFactory(issue=published, interviewee=PersonFactory())
    plain = ArticleFactory(issue=published)
    other_edition = ArticleFactory(issue=IssueFactory(published=True,
                                                      publication=published.publication))
    for article in (interview, plain, other_edition):
        with CaptureQueriesContext(connection) as queries:
            compiled, built = article_page(article)
        assert len(queries) == 2  # one each
        assert [loaded(row) for row in compiled] == [loaded(row) for row in built]
        assert [row.pk for row in compiled] == [article.pk]
    assert queries[0]["sql"] == queries[1]["sql"]  # the values as the ORM writes them

    # An address that matches nothing, and a draft's article: no row.
    assert views.PUBLIC_ARTICLE.run(publication="nowhere", edition=1, slug="nothing",
                                    now=timezone.now()) == []
    assert views.PUBLIC_ARTICLE.first(publication="nowhere", edition=1, slug="nothing",
                                      now=timezone.now()) is None
    draft = ArticleFactory(issue=IssueFactory())
    assert article_page(draft) == ([], [])


@on_postgresql
def test_the_time_is_an_argument_and_not_kept_from_the_first_run():
    at = timezone.now() + datetime.timedelta(hours=2)
    scheduled = ArticleFactory(issue=IssueFactory(status="published", publish_at=at))
    assert article_page(scheduled, now=at - datetime.timedelta(seconds=1)) == ([], [])
    compiled, built = article_page(scheduled, now=at)
    assert [row.pk for row in compiled] == [row.pk for row in built] == [scheduled.pk]


@on_postgresql
def test_a_query_that_would_keep_a_time_or_rewrite_a_value_is_refused():
    keeps_the_time = Compiled(
        lambda slug: Article.objects.in_public_issues().filter(slug=slug), slug=str)
    with pytest.raises(ImproperlyConfigured, match="would be kept"):
        keeps_the_time.run(slug="a")
    rewrites = Compiled(lambda words: Article.objects.filter(headline__icontains=words),
                        words=str)
    with pytest.raises(ImproperlyConfigured, match="do not reach the SQL unchanged"):
        rewrites.run(words="service")


@on_postgresql
def test_a_compiled_query_fetches_in_the_mode_of_the_moment():
    article = ArticleFactory(issue=IssueFactory(published=True))
    compiled, _built = article_page(article)  # compiled in the default mode
    with lazy_fetches_raise():
        [again], [built] = article_page(article)
        with pytest.raises(FieldFetchBlocked):
            built.issue.welcome  # noqa: B018  (deferred on the page)
        with pytest.raises(FieldFetchBlocked):
            again.issue.welcome  # noqa: B018
    assert compiled[0].issue.welcome == ""  # fetched on use, outside


def _renditions(pk):
    return Article.objects.filter(pk=pk).only("pk", "image_renditions")


@on_postgresql
def test_a_statements_converters_are_worked_out_at_its_first_run_only(monkeypatch):
    renditions = {"480": "articles/a-480.webp"}
    article = ArticleFactory(issue=IssueFactory(published=True))
    Article.objects.filter(pk=article.pk).update(image_renditions=renditions)  # save() redoes them
    compiled = Compiled(_renditions, pk=int)
    [first] = compiled.run(pk=article.pk)
    asked = []
    worked_out = SQLCompiler.get_converters

    def counted(compiler, expressions):
        asked.append(expressions)
        return worked_out(compiler, expressions)

    monkeypatch.setattr(SQLCompiler, "get_converters", counted)
    [again] = compiled.run(pk=article.pk)
    assert asked == []
    # The JSON column is still decoded, by the converters kept from the first run.
    assert first.image_renditions == again.image_renditions == renditions
    [built] = _renditions(article.pk)  # the ORM asks each time, as before
    assert asked and built.image_renditions == renditions


@on_postgresql
def test_a_run_clones_no_query(monkeypatch):
    article = ArticleFactory(issue=IssueFactory(published=True))
    compiled = Compiled(_renditions, pk=int)
    compiled.run(pk=article.pk)
    clones = []
    clone = Query.clone
    monkeypatch.setattr(Query, "clone", lambda query: clones.append(query) or clone(query))
    assert [row.pk for row in compiled.run(pk=article.pk)] == [article.pk]
    assert clones == []
    assert [row.pk for row in _renditions(article.pk)] == [article.pk]
    assert clones  # as the ORM does


@on_postgresql
def test_each_thread_runs_a_compiled_query_on_its_own_connection():
    article = ArticleFactory(issue=IssueFactory(published=True))
    article_page(article)
    query = views.PUBLIC_ARTICLE._compiled()[0].query
    bound = _BoundQuery.of(query, "SELECT 1", ())
    seen = {}

    def run():
        seen["compiler"] = bound.get_compiler(using="default").connection
        seen["thread's"] = connections["default"]

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert seen["compiler"] is seen["thread's"] is not connection
    with pytest.raises(TypeError, match="runs as it was compiled"):
        bound.chain()


def test_values_must_have_the_declared_types():
    with pytest.raises(TypeError, match="edition must be int"):
        views.PUBLIC_ARTICLE.run(publication="p", edition="2", slug="s", now=timezone.now())
    with pytest.raises(TypeError, match="aware"):
        views.PUBLIC_ARTICLE.run(publication="p", edition=2, slug="s",
                                 now=datetime.datetime(2026, 12, 5, 12, 0))  # noqa: DTZ001
    with pytest.raises(TypeError, match="takes"):
        views.PUBLIC_ARTICLE.run(publication="p", edition=2, slug="s")
    on_a_day = Compiled(lambda day: Article.objects.filter(issue__issue_date=day),
                        day=datetime.date)
    with pytest.raises(TypeError, match="day must be date"):
        on_a_day.run(day=timezone.now())
    with pytest.raises(ImproperlyConfigured, match="no stand-in"):
        Compiled(lambda share: Article.objects.filter(pk__gt=share), share=float)
    by_keys = Compiled(lambda keys: Article.objects.filter(pk__any_of=keys), keys=list)
    with pytest.raises(TypeError, match="list of integers"):
        by_keys.run(keys=[1, "2"])


def test_any_of_matches_what_in_matches():
    items = [AgendaItemFactory() for _ in range(3)]
    keys = [item.pk for item in items]
    for chosen in ([keys[1]], [keys[2], keys[0], keys[2]], [], [0]):
        assert (sorted(AgendaItem.objects.filter(pk__any_of=chosen).values_list("pk", flat=True))
                == sorted(AgendaItem.objects.filter(pk__in=chosen).values_list("pk", flat=True)))
    # A foreign key by its target: the key's own column, no join.
    resolution = ResolutionFactory(item=items[1])
    found = Resolution.objects.filter(item__id__any_of=[items[0].pk, items[1].pk]).order_by()
    assert [row.pk for row in found] == [resolution.pk]
    assert "JOIN" not in str(found.query)


def test_on_postgresql_any_of_is_one_statement_whatever_the_number_of_keys():
    one, three = (AgendaItem.objects.filter(pk__any_of=keys).order_by().query
                  .get_compiler("default").as_sql() for keys in ([7], [7, 8, 9]))
    if connection.vendor == "postgresql":
        assert one[0] == three[0] and one[0].endswith('"id" = ANY(%s)')
        assert (one[1], three[1]) == (([7],), ([7, 8, 9],))
    else:  # IN, a placeholder per key
        assert (one[1], three[1]) == ((7,), (7, 8, 9))


@on_postgresql
def test_a_list_of_keys_is_one_value_of_a_compiled_query():
    items = [AgendaItemFactory() for _ in range(3)]
    by_keys = Compiled(lambda keys: AgendaItem.objects.filter(pk__any_of=keys).order_by("pk"),
                       keys=list)
    assert [item.pk for item in by_keys.run(keys=[items[2].pk, items[0].pk])] == [
        items[0].pk, items[2].pk]
    assert [item.pk for item in by_keys.run(keys=[items[1].pk])] == [items[1].pk]
    assert by_keys.run(keys=[]) == []
    written_out = Compiled(lambda keys: AgendaItem.objects.filter(pk__in=keys), keys=list)
    with pytest.raises(ImproperlyConfigured, match="do not reach the SQL unchanged"):
        written_out.run(keys=[items[0].pk])


def same_rows(compiled, **values):
    """What `compiled` runs, which must be what the ORM builds for the same values."""
    ran, built = compiled.run(**values), list(compiled.build(**values))

    def row(found):  # a model's key and fields, or the values row as it is
        return (type(found), found.pk, vars(found).keys()) if hasattr(found, "pk") else found

    assert [row(found) for found in ran] == [row(found) for found in built]
    return ran


def same_shaped_rows(build, **values):
    """`same_rows` of `build` compiled for these values' types (`Compiled.shaped`)."""
    types = {name: type(value) for name, value in values.items()}
    return same_rows(Compiled.shaped(build, **types), **values)


@on_postgresql
def test_the_meeting_pages_lists_compiled_are_the_orms():
    meeting = MeetingFactory()
    later = MeetingFactory(board=meeting.board, start=meeting.start + datetime.timedelta(days=30))
    MeetingFactory(board=meeting.board, start=meeting.start + datetime.timedelta(days=9),
                   status=Meeting.Status.CANCELLED)
    items = [AgendaItemFactory(meeting=meeting) for _ in range(2)]
    AgendaItemFactory(meeting=later)
    ResolutionFactory(item=items[0])
    ResolutionFactory(item=items[1], letter="b")
    PublicQuestionFactory(meeting=meeting, item=items[0])
    AttendanceFactory(meeting=meeting)
    MeetingEventFactory(meeting=meeting)

    assert [row.pk for row in same_rows(MEETING_LISTS["next"], board=meeting.board_id,
                                        after=meeting.start)] == [later.pk]
    assert meeting.next_meeting() == later
    assert len(same_rows(MEETING_LISTS["items"], meetings=[meeting.pk, later.pk])) == 3
    keys = [item.pk for item in items]
    assert [(row["item_id"], row["letter"], row["word"])
            for row in same_rows(MEETING_LISTS["resolutions"], items=keys)] in (
        [(keys[0], "a", "NOTED"), (keys[1], "b", "NOTED")],
        [(keys[1], "b", "NOTED"), (keys[0], "a", "NOTED")])
    same_rows(MEETING_LISTS["documents"], items=keys)
    for name in ("declarations", "attendance", "events", "corrections"):
        same_rows(MEETING_LISTS[name], meeting=meeting.pk)
    assert len(same_rows(MEETING_LISTS["questions"], meetings=[meeting.pk])) == 1


@on_postgresql
def test_the_board_and_partner_pages_compiled_are_the_orms():
    now = timezone.now()
    board = MeetingFactory().board
    upcoming_meeting(board=board)
    recent = MeetingFactory(board=board, start=now - datetime.timedelta(days=20))
    first = AttendanceFactory(meeting=recent, order=1)
    AttendanceFactory(meeting=recent, order=2, person=first.person)  # the same member
    second = AttendanceFactory(meeting=recent, order=3)
    assert len(same_rows(governance_views.BOARD_UPCOMING, board=board.pk, now=now)) == 1
    assert len(same_rows(governance_views.BOARD_PAST, board=board.pk, now=now)) == 2
    assert [row.pk for row in same_rows(governance_views.BOARD_ON_PAGE, slug=board.slug)] == [
        board.pk]
    assert [line["pk"] for line in board_members(board, now)] == [first.pk, second.pk]

    partner = OrganisationFactory()
    RoleFactory(organisation=partner)
    RoleFactory(organisation=partner, end_date=datetime.date(2025, 3, 31))
    current = same_rows(people_views.CURRENT_ROLES, organisation=partner.pk)
    past = same_rows(people_views.PAST_ROLES, organisation=partner.pk)
    assert type(current[0]) is tuple and past[0][-1] == datetime.date(2025, 3, 31)
    assert same_rows(people_views.ORGANISATION_ON_PAGE, slug=partner.slug)[0].pk == partner.pk


@on_postgresql
def test_a_page_offset_is_one_parameter_of_one_statement():
    keys = sorted(AgendaItemFactory().pk for _ in range(5))
    page = Compiled(lambda offset: AgendaItem.objects.order_by("pk")[offset:offset + 2],
                    offset=int)
    assert [item.pk for item in page.run(offset=0)] == keys[:2]
    assert [item.pk for item in page.run(offset=3)] == keys[3:]
    assert page.run(offset=5) == []
    _queryset, positions, sql, params = page._compiled()
    assert sql.endswith(" LIMIT 2 OFFSET %s") and positions == {"offset": [len(params) - 1]}
    with CaptureQueriesContext(connection) as queries:
        page.run(offset=0), page.run(offset=1)
    # The first page is a statement of its own, without the OFFSET that PostgreSQL
    # would price as a deep page.
    first, second = (query["sql"] for query in queries.captured_queries)
    assert first.endswith(" LIMIT 2") and second.endswith(" LIMIT 2 OFFSET 1")
    # Anywhere but the statement's last words, an integer in the text is refused.
    as_limit = Compiled(lambda offset: AgendaItem.objects.order_by("pk")[:offset], offset=int)
    with pytest.raises(ImproperlyConfigured, match="do not reach the SQL unchanged"):
        as_limit.run(offset=2)


@on_postgresql
def test_an_offset_in_a_subquery_is_the_parameter_in_its_place():
    keys = sorted(AgendaItemFactory().pk for _ in range(5))

    def pairs(offset, floor):  # a parameter before the offset's, and one after
        chosen = AgendaItem.objects.filter(pk__gte=floor).order_by("pk").values("pk")
        return AgendaItem.objects.filter(pk__in=chosen[offset:offset + 2]).exclude(
            pk=floor).order_by("pk")

    compiled = Compiled(pairs, offset=int, floor=int)
    assert [item.pk for item in same_rows(compiled, offset=1, floor=keys[1])] == keys[2:4]
    assert [item.pk for item in same_rows(compiled, offset=0, floor=keys[3])] == [keys[4]]
    _queryset, positions, sql, _params = compiled._compiled()
    assert " LIMIT 2 OFFSET %s)" in sql and positions == {"offset": [1], "floor": [0, 2]}
    # The first page's statement has no OFFSET, and the floor in both its places.
    *_, (name, positions, sql, params) = compiled._compiled_with_first_page()
    assert name == "offset" and " LIMIT 2)" in sql and "OFFSET" not in sql
    assert positions == {"floor": [0, 1]} and len(params) == 2


def _items(offset, title=None):
    items = AgendaItem.objects.order_by("pk")
    return (items if title is None else items.filter(title=title))[offset:offset + 2]


def test_a_builder_with_optional_filters_is_compiled_once_for_each_set_of_them():
    by_title = Compiled.shaped(_items, offset=int, title=str)
    assert Compiled.shaped(_items, title=str, offset=int) is by_title
    assert Compiled.shaped(_items, offset=int) is not by_title
    assert Compiled.shaped(_items, offset=int, title=datetime.date) is not by_title
    item = AgendaItemFactory()
    assert by_title.run(offset=0, title=item.title) == [item]
    assert Compiled.shaped(_items, offset=int).run(offset=1) == []
    # Run by the values' own types: a str of a subclass is a str.
    assert Compiled.run_shaped(_items, offset=0, title=SafeString(item.title)) == [item]
    assert Compiled.run_shaped(_items, offset=0) == [item]


@planned_once(unless=("title",))
def _items_planned_once(offset, title=None):
    return _items(offset, title)


@planned_once
def _newest_item():
    return AgendaItem.objects.order_by("-pk")[:1]


def test_a_builder_planned_once_is_compiled_with_the_mark_but_not_for_the_arguments_left_out():
    def sql(compiled):
        return compiled._compiled()[2]

    assert sql(Compiled(_newest_item)).endswith(PLANNED_ONCE)
    assert sql(Compiled.shaped(_items_planned_once, offset=int)).endswith(PLANNED_ONCE)
    first_page = Compiled.shaped(_items_planned_once, offset=int)._compiled_with_first_page()
    assert first_page[-1][2].endswith(f" LIMIT 2{PLANNED_ONCE}")
    assert not sql(Compiled.shaped(_items_planned_once, offset=int, title=str)).endswith(
        PLANNED_ONCE)
    assert not sql(Compiled.shaped(_items, offset=int)).endswith(PLANNED_ONCE)
    item = AgendaItemFactory()
    assert Compiled(_newest_item).run() == [item]  # the mark is a comment: same rows
    assert Compiled.run_shaped(_items_planned_once, offset=0) == [item]


@on_postgresql  # elsewhere a date is adapted to text as the ORM compiles
@pytest.mark.parametrize(("build", "filters", "marked"), [
    (governance_views._decision_rows, {"offset": int}, True),
    (governance_views._decision_rows, {"offset": int, "board": str}, True),
    (governance_views._decision_rows, {"offset": int, "outcome": str}, False),
    (governance_views._decision_rows, {"offset": int, "board": str, "since": datetime.date},
     False),
    (governance_views._decision_rows, {"offset": int, "until": datetime.date}, False),
    (governance_feeds._newest_decisions, {"board": str, "outcome": str}, True),
    (governance_feeds._newest_decisions, {"board": str, "since": datetime.date}, False),
    (governance_feeds._newest_decisions, {"until": datetime.date}, False),
    (_default_page(bulletins_api._article_list), {"now": datetime.datetime, "offset": int},
     True),
    (_default_page(bulletins_api._article_list),
     {"now": datetime.datetime, "offset": int, "tag": str}, False),
    (_default_page(bulletins_api._issue_list), {"now": datetime.datetime, "offset": int}, True),
    (_default_page(governance_api._decision_list), {"offset": int}, True),
    (_default_page(governance_api._decision_list), {"offset": int, "board": str}, False),
    (people_listing._first, {}, True),
    (people_listing._from, {"family": str, "given": str, "pk": int}, True),
    (people_listing._before, {"family": str, "given": str, "pk": int}, True),
    (people_listing._from_letter, {"letter": str}, True),
    (people_listing._first, {"organisation": int}, False),
    (people_listing._from, {"family": str, "given": str, "pk": int, "organisation": int},
     False),
], ids=["register", "register by board", "register by outcome", "register by board and date",
        "register by date", "feed by board and outcome", "feed by board and date",
        "feed by date", "API articles", "API articles by topic", "API issues",
        "API decisions", "API decisions by board", "people", "people from a name",
        "people before a name", "people from a letter", "an organisation's people",
        "an organisation's people from a name"])
def test_the_decisions_api_and_people_lists_planned_once_are_the_shapes_measured(
        build, filters, marked):
    # Dates that match few decisions (a board with few meetings, a range of days with
    # none) took a generic plan 8-10 ms at scale 50; of the API's lists, only the
    # unfiltered were measured, and of the people lists everybody's (docs/performance.md).
    assert Compiled.shaped(build, **filters)._compiled()[2].endswith(PLANNED_ONCE) is marked


@on_postgresql
def test_a_statement_planned_once_is_prepared_and_the_others_that_order_and_limit_are_not():
    item = AgendaItemFactory()
    marked, unmarked = Compiled(_newest_item), Compiled.shaped(_items, offset=int)
    for _ in range(2):  # a connection prepares a statement at its second run
        assert marked.run() == [item] and unmarked.run(offset=1) == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert [text for text in prepared if text.endswith(PLANNED_ONCE)
            and '"governance_agendaitem"' in text]
    assert not [text for text in prepared if "OFFSET $1" in text
                and '"governance_agendaitem"' in text]


def test_prefetched_rows_are_the_managers_own_without_a_query():
    meeting = MeetingFactory()
    items = [AgendaItemFactory(meeting=meeting) for _ in range(2)]
    fresh = Meeting.objects.get(pk=meeting.pk)
    prefetched(fresh, "items", AgendaItem.objects.filter(meeting=meeting).order_by("pk"))
    with CaptureQueriesContext(connection) as queries:
        assert [item.pk for item in fresh.items.all()] == [item.pk for item in items]
        assert all(item.meeting is fresh for item in fresh.items.all())
    assert len(queries) == 0
    # Anything else asked of the manager is its own query, narrowed to this meeting.
    AgendaItemFactory()
    assert fresh.items.filter(pk__gt=0).count() == 2


@on_postgresql
def test_the_meetings_list_decisions_register_and_feed_compiled_are_the_orms():
    now = timezone.now()
    board, other = MeetingFactory().board, MeetingFactory().board
    for days in range(1, 24):  # past meetings over two years, more than a page of them
        MeetingFactory(board=board, start=now - datetime.timedelta(days=days * 40))
    upcoming_meeting(board=board)
    resolution = ResolutionFactory(item=AgendaItemFactory(meeting=Meeting.objects.filter(
        board=board).past(now).first()))
    year = timezone.localtime(resolution.item.meeting.start).year
    meetings = governance_views._past_meetings
    for filters in ({}, {"board": board.slug}, {"board": other.slug},
                    {"first": datetime.date(year, 1, 1), "last": datetime.date(year, 12, 31)}):
        for offset in (0, 20, 40):
            same_shaped_rows(meetings, now=now, offset=offset, **filters)
        same_shaped_rows(governance_views._upcoming_meetings, now=now, **filters)
    first = Compiled.shaped(meetings, now=datetime.datetime, offset=int)
    assert len(first.run(now=now, offset=0)) == 21  # the page and one more
    assert len(first.run(now=now, offset=20)) == 5

    decisions = governance_views._decision_rows
    everything = {"board": board.slug, "outcome": "NOTED",
                  "since": datetime.date(year, 1, 1), "until": datetime.date(year, 12, 31)}
    later = {"since": datetime.date(year + 1, 1, 1)}
    for filters in ({}, everything, {"outcome": "APPROVED"}, later):
        found = same_shaped_rows(decisions, offset=0, **filters)
        assert [row["text"] for row in found] == (
            [resolution.text] if filters in ({}, everything) else [])
        assert [row["text"] for row in same_shaped_rows(governance_feeds._newest_decisions,
                                                        **filters)] == (
            [resolution.text] if filters in ({}, everything) else [])
    newest = same_rows(governance_feeds.NEWEST_MEETINGS, board=board.pk)
    assert len(newest) == 25  # 24 past meetings and the upcoming one, newest first
    assert [row["start"] for row in newest] == sorted((row["start"] for row in newest),
                                                      reverse=True)
    assert all(row["first_recorded"] is not None for row in newest)  # their history's first



@on_postgresql
def test_the_bulletins_archive_issue_and_topic_pages_compiled_are_the_orms():
    publication = IssueFactory(published=True).publication
    for _ in range(13):  # more than a page of the archive
        IssueFactory(published=True, publication=publication)
    IssueFactory(publication=publication)  # a draft: not counted, not listed
    now = timezone.now()
    _queryset, positions, sql, params = views.ARCHIVE_PAGE._compiled()
    assert " OFFSET %s)" in sql and params[positions["offset"][0]] == 987_650_002
    assert same_rows(views.ARCHIVE_COUNT, publication=publication.pk, now=now) == [14]
    first = same_rows(views.ARCHIVE_PAGE, publication=publication.pk, now=now, offset=0)
    second = same_rows(views.ARCHIVE_PAGE, publication=publication.pk, now=now, offset=12)
    assert (len(first), len(second)) == (12, 2)
    # A publication with nothing public: no row to count, so a count of none.
    empty = IssueFactory().publication
    assert same_rows(views.ARCHIVE_COUNT, publication=empty.pk, now=now) == []
    assert len(same_rows(views.PUBLICATIONS, now=now)) == 2
    assert same_rows(views.PUBLICATION, slug=empty.slug)[0].pk == empty.pk

    issue = IssueFactory(published=True)
    second, first = ArticleFactory(issue=issue, position=2), ArticleFactory(issue=issue, position=1)
    assert [row.pk for row in same_rows(ISSUE_CONTENTS, issue=issue.pk)] == [first.pk, second.pk]
    assert [row.pk for row in issue.contents()] == [first.pk, second.pk]

    first.tags.add("discharge")
    tag = same_rows(views.TAG, slug="discharge")[0]
    assert [row["slug"] for row in same_rows(views.TOPIC_PAGE, tag=tag.pk, now=now,
                                              offset=0)] == [first.slug]
    assert same_rows(views.TOPIC_PAGE, tag=tag.pk, now=now, offset=20) == []


def six_people():
    """Ann and Bob Adams, Morgan and Zaman, in that order."""
    return [PersonFactory(family_name=name, given_name=given)
            for name in ("Adams", "Morgan", "Zaman") for given in ("Ann", "Bob")]


@on_postgresql
def test_the_people_pages_compiled_are_the_orms():
    from people import listing

    partner = OrganisationFactory()
    people = six_people()
    RoleFactory(person=people[1], organisation=partner)
    RoleFactory(person=people[4], organisation=partner, start_date=datetime.date(2024, 4, 1))
    RoleFactory(person=people[4], end_date=datetime.date(2025, 3, 31))
    place = {"family": "Morgan", "given": "Ann", "pk": people[2].pk}
    for among in ({}, {"organisation": partner.pk}):
        everybody = len(people) if not among else 2
        assert len(same_shaped_rows(listing._first, **among)) == everybody
        assert len(same_shaped_rows(listing._from, **place, **among)) == (4 if not among else 1)
        assert len(same_shaped_rows(listing._before, **place, **among)) == (
            2 if not among else 1)
        assert len(same_shaped_rows(listing._from_letter, letter="N", **among)) == (
            2 if not among else 1)
        assert len(same_shaped_rows(listing._before_letter, letter="N", **among)) == 1
        assert same_shaped_rows(listing._place_of, slug=people[3].slug, **among) == (
            [("Morgan", "Bob", people[3].pk)] if not among else [])
    today = timezone.localdate()
    assert sorted(same_rows(listing.ROLES_OF, people=[p.pk for p in people], today=today)) == [
        (people[1].pk, "Director of Strategy", "", partner.name),
        (people[4].pk, "Director of Strategy", "", partner.name)]

    person = same_rows(people_views.PERSON_ON_PAGE, slug=people[4].slug)[0]
    roles = same_rows(people_views.ROLES_ON_PAGE, person=person.pk)
    assert len(same_rows(people_views.PARTNERS_LISTED)) == 2  # the roles' two partners
    prefetched(person, "roles", roles)
    with CaptureQueriesContext(connection) as queries:
        assert [role.pk for role in person.roles.all()] == [role.pk for role in roles]
        assert person.roles.all()[0].person is person
        assert len(person.current_roles()) == 1 and len(person.past_roles()) == 1
    assert len(queries) == 0
    assert person.roles.filter(end_date__isnull=True).get().organisation == partner


@on_postgresql
def test_the_person_pages_board_lists_compiled_are_the_orms():
    from governance.templatetags import governance_tags

    line = AttendanceFactory(is_chair=True)
    AttendanceFactory(person=line.person, category=Attendance.Category.APOLOGIES,
                      meeting=MeetingFactory(board=line.meeting.board))
    question = PublicQuestionFactory(responder=line.person, meeting=line.meeting)
    person, board = line.person.pk, line.meeting.board
    records = same_rows(governance_tags.ATTENDANCE_RECORDS, person=person)
    assert [(row["board__slug"], row["expected"], row["present"], row["attended"])
            for row in records] == [(board.slug, 2, 1, 1)]
    assert same_rows(governance_tags.MEETINGS_ATTENDED, person=person) == [
        {"is_chair": True, "meeting__start": line.meeting.start,
         "meeting__board__name": board.name, "meeting__board__slug": board.slug}]
    answered = same_rows(governance_tags.QUESTIONS_ANSWERED, person=person)
    assert [(row["pk"], row["kind"], row["total"]) for row in answered] == [
        (question.pk, question.kind, 1)]


@on_postgresql
def test_the_static_pages_and_a_partners_predecessors_compiled_are_the_orms():
    from django.contrib.flatpages.models import FlatPage
    from django.contrib.sites.models import Site

    from icsportal.views import STATIC_PAGE
    from people.lines import PREDECESSORS

    page = FlatPage.objects.create(url="/about/", title="About", content="<p>Us</p>")
    page.sites.add(Site.objects.get_current())
    assert same_rows(STATIC_PAGE, url="/about/", site=Site.objects.get_current().pk) == [page]
    assert same_rows(STATIC_PAGE, url="/about/", site=987) == []

    successor = OrganisationFactory()
    OrganisationFactory(name="Zeta CCG", successor=successor,
                        dissolved_on=datetime.date(2022, 6, 30))
    OrganisationFactory(name="Alpha CCG", successor=successor)
    assert [row[1] for row in same_rows(PREDECESSORS, organisation=successor.pk)] == [
        "Alpha CCG", "Zeta CCG"]


@on_postgresql
def test_the_bulletins_feeds_compiled_are_the_orms():
    from bulletins import feeds
    from bulletins.models import topics_of
    now = timezone.now()
    issue = IssueFactory(published=True)
    entries = [ArticleFactory(issue=issue, position=n) for n in (1, 2)]
    first, second = entries
    first.tags.add("discharge", "carers")
    tag = views.TAG.first(slug="discharge")
    ArticleFactory(issue=IssueFactory())  # a draft's
    assert [row["pk"] for row in same_rows(feeds.NEWEST_ARTICLES, now=now)] == [
        first.pk, second.pk]
    assert len(same_rows(feeds.NEWEST_OF_PUBLICATION, publication=issue.publication_id,
                         now=now)) == 2
    assert [row["pk"] for row in same_rows(feeds.NEWEST_ON_TOPIC, tag=tag.pk, now=now)] == [
        first.pk]
    since = same_rows(feeds.NEWEST_ON_TOPIC_SINCE, tag=tag.pk, now=now, since=issue.publish_at)
    assert [row["pk"] for row in since] == [first.pk]
    assert same_rows(feeds.WINDOW_START, now=now) == []  # fewer issues than the window
    kind = first.tags.through.objects.get(object_id=first.pk, tag=tag).content_type_id
    assert same_rows(TOPICS_OF, articles=[first.pk, second.pk], kind=kind) == [
        (first.pk, "carers", "carers"), (first.pk, "discharge", "discharge")]
    assert topics_of([first.pk, second.pk]) == {
        first.pk: [("carers", "carers"), ("discharge", "discharge")], second.pk: []}



ITEMS_SHOWN = 2  # a constant a builder reads, as a page size is


def _first_items():
    return AgendaItem.objects.order_by("pk")[:ITEMS_SHOWN]


@on_postgresql
def test_a_constant_a_builder_reads_is_kept_until_the_statements_are_forgotten(
        monkeypatch, recompiled):
    for _ in range(3):
        AgendaItemFactory()
    first = Compiled(_first_items)
    assert len(first.run()) == 2
    monkeypatch.setattr(__import__(__name__, fromlist=["ITEMS_SHOWN"]), "ITEMS_SHOWN", 1)
    assert len(first.run()) == 2  # read at the first run, with the statement
    Compiled.forget_all()
    assert len(first.run()) == 1


@pytest.mark.parametrize("text", ["org", "ORG", "50%", "a_b", "back\\slash", "", "o'neil"])
def test_icontains_pattern_is_icontains_given_its_pattern(text):
    for name in ("Morgan", "50% Morgan", "a_b", "axb", "back\\slash", "O'Neil"):
        PersonFactory(family_name=name)
    wanted = Person.objects.filter(family_name__icontains=text).order_by("pk")
    pattern = contains_pattern(text)
    found = Person.objects.filter(family_name__icontains_pattern=pattern).order_by("pk")
    assert str(found.query) == str(wanted.query)
    assert list(found) == list(wanted)


@on_postgresql
def test_the_api_lists_compiled_are_the_orms():
    partner = OrganisationFactory()
    people = six_people()
    RoleFactory(person=people[1], organisation=partner)
    RoleFactory(person=people[1], organisation=partner, start_date=datetime.date(2024, 4, 1))
    page = _default_page(people_api._person_list)
    for filters, count in (({}, 6), ({"name": contains_pattern("MOR")}, 2),
                           ({"organisation": partner.slug}, 1),
                           ({"name": contains_pattern("b"), "organisation": partner.slug}, 1)):
        assert len(same_shaped_rows(page, offset=0, **filters)) == count
        assert len(same_shaped_rows(page, offset=1, **filters)) == count - 1
    roles = same_rows(people_api.ROLES_OF, people=[person.pk for person in people])
    assert [role.person_id for role in roles] == [people[1].pk] * 2

    issue = IssueFactory(published=True, issue_date=datetime.date(2026, 5, 1))
    articles = [ArticleFactory(issue=issue) for _ in range(3)]
    articles[0].tags.add("Mental health", "Primary care")
    articles[1].tags.add("Mental health")
    now = timezone.now()
    page = _default_page(bulletins_api._article_list)
    for filters, count in (({}, 3), ({"tag": "mental-health"}, 2),
                           ({"publication": issue.publication.slug, "kind": "news"}, 3),
                           ({"date_from": datetime.date(2026, 5, 1),
                             "date_to": datetime.date(2026, 5, 1)}, 3),
                           ({"date_from": datetime.date(2026, 5, 2)}, 0)):
        assert len(same_shaped_rows(page, offset=0, now=now, **filters)) == count
    kind = ContentType.objects.get_for_model(Article).pk
    keys = [article.pk for article in articles]
    assert sorted(same_rows(TOPICS_OF, articles=keys, kind=kind)) == [
        (articles[0].pk, "mental-health", "Mental health"),
        (articles[0].pk, "primary-care", "Primary care"),
        (articles[1].pk, "mental-health", "Mental health")]

    item = AgendaItemFactory(meeting=MeetingFactory())
    decided = [ResolutionFactory(item=item, letter=letter) for letter in "ab"]
    page = _default_page(governance_api._decision_list)
    board, date = item.meeting.board.slug, item.meeting.date
    word = decided[0].outcome.word
    for filters, count in (({}, 2), ({"board": board}, 2), ({"board": "another"}, 0),
                           ({"outcome": word}, len([d for d in decided
                                                     if d.outcome.word == word])),
                           ({"date_from": date, "date_to": date}, 2)):
        assert len(same_shaped_rows(page, offset=0, **filters)) == count

    AttendanceFactory(meeting=item.meeting)
    PublicQuestionFactory(meeting=item.meeting, item=item)
    MeetingFactory(board=item.meeting.board, minutes_status=Meeting.MinutesStatus.DRAFT)
    page = _default_page(governance_api._meeting_list)
    for filters, count in (({}, 2), ({"board": board}, 2), ({"board": "another"}, 0),
                           ({"date_from": date, "date_to": date}, 1)):
        assert len(same_shaped_rows(page, offset=0, **filters)) == count
    kinds = {board.kind for board in Board.objects.all()}
    page = _default_page(governance_api._board_list)
    assert len(same_shaped_rows(page, offset=0)) == Board.objects.count()
    for kind in kinds:
        assert len(same_shaped_rows(page, offset=0, kind=kind)) == Board.objects.filter(
            kind=kind).count()
    page = _default_page(bulletins_api._issue_list)
    publication = issue.publication.slug
    for filters, count in (({}, 1), ({"publication": publication}, 1),
                           ({"publication": "another"}, 0),
                           ({"date_from": datetime.date(2026, 5, 2)}, 0),
                           ({"publication": publication, "date_to": datetime.date(2026, 5, 1)},
                            1)):
        assert len(same_shaped_rows(page, offset=0, now=now, **filters)) == count
    page = _default_page(bulletins_api._publication_list)
    assert len(same_shaped_rows(page, offset=0)) == Publication.objects.count()
    lists = governance_api.RECORD_LISTS
    assert len(same_rows(lists["resolutions"], items=[item.pk])) == 2
    assert len(same_rows(lists["attendance"], meetings=[item.meeting.pk])) == 1
    assert len(same_rows(lists["questions"], meetings=[item.meeting.pk])) == 1
