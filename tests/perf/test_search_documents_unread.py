"""Long documents (a meeting's search document and its items' words, both as long as
its minutes; an article's, as long as its body) are read by the database alone: no
public page, API or admin page selects one (`without_long_documents`), and a row saved
from the admin's form leaves its document to the search index."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.db.models.functions import Length
from django.test.utils import CaptureQueriesContext

from governance.models import AgendaItem, Board, Meeting
from icsportal import bench_urls
from icsportal.search_index import is_long_document, without_long_documents
from tests.governance.factories import MeetingFactory
from tests.governance.test_admin import meeting_form
from tests.perf.test_private_columns import SELECTED, _more_pages, statements_of
from tests.site.test_admin_lists import OURS

pytestmark = pytest.mark.django_db

# Each table's long tsvector columns.
LONG = {(model._meta.db_table, field.column) for model in apps.get_models()
        for field in model._meta.concrete_fields if is_long_document(field)}


def documents_read(sql):
    """The tables whose long documents `sql` selects as a column."""
    return {table for table, column in SELECTED.findall(sql) if (table, column) in LONG}


def test_the_long_documents_are_the_meetings_the_items_and_the_articles():
    assert LONG == {("governance_meeting", "search_document"),
                    ("governance_agendaitem", "minutes_document"),
                    ("bulletins_article", "search_document")}


def test_the_check_sees_a_document_a_query_selects():
    items = AgendaItem.objects.select_related("meeting__board__host", "presenter")
    assert documents_read(str(items.query)) == {"governance_agendaitem", "governance_meeting"}
    left_out = str(without_long_documents(items).query)
    assert documents_read(left_out) == set()
    # A person's or an organisation's document, a few hundred bytes, is still read.
    assert '"people_person"."search_document"' in left_out
    # Ranking by the document reads it inside an expression, not as a column.
    ranked = Meeting.objects.annotate(size=Length("search_document"))
    assert '"governance_meeting"."search_document"' in str(ranked.query)
    assert documents_read(str(without_long_documents(ranked).query)) == set()


def test_paths_selected_later_are_left_out_too():
    items = without_long_documents(AgendaItem.objects.all(), "meeting__board")
    assert documents_read(str(items.select_related("meeting__board").query)) == set()
    # The paths only defer: the queryset given selects what it did.
    selected = AgendaItem.objects.select_related("meeting")
    without_long_documents(selected, "meeting__board__host")
    assert selected.query.select_related == {"meeting": {}}
    kept = without_long_documents(AgendaItem.objects.select_related("meeting"), "meeting__board")
    assert kept.query.select_related == {"meeting": {}}
    # Left out along a relation that is not selected, a document costs nothing.
    board_only = without_long_documents(Meeting.objects.all(), "board")
    assert documents_read(str(board_only.query)) == set()


@pytest.mark.filterwarnings("ignore::django.utils.deprecation.RemovedInDjango2028Warning")
def test_every_relation_must_be_named():
    with pytest.raises(ValueError, match="name them"):
        without_long_documents(AgendaItem.objects.select_related())


def _pages_beyond_the_bench():
    board = Board.objects.order_by("pk").first()
    meeting = Meeting.objects.with_minutes().order_by("pk").first()
    day = meeting.date.isoformat()
    return [
        *_more_pages(),
        ("calendar", "/meetings/calendar.ics"),
        ("board feed (RSS)", f"/boards/{board.slug}/meetings.rss"),
        ("question form", f"/meetings/{meeting.board.slug}/{day}/questions/new/"),
        ("question sent", f"/meetings/{meeting.board.slug}/{day}/questions/sent/"),
        ("API meeting", f"/api/v1/meetings/{meeting.pk}"),
    ]


def test_no_public_page_reads_a_long_document(corpus, client):
    corpus(0.05)
    pages = [*bench_urls.resolve(), *_pages_beyond_the_bench()]
    read, tables_listed = {}, set()
    for label, statements in statements_of(client, pages).items():
        for sql in statements:
            tables_listed |= {table for table, _column in SELECTED.findall(sql)}
            if tables := documents_read(sql):
                read.setdefault(label, set()).update(tables)
    # The pages list rows of every table with a long document: the check had something to see.
    assert {"governance_meeting", "governance_agendaitem", "bulletins_article"} <= tables_listed
    assert read == {}


def test_no_admin_page_of_ours_reads_a_long_document(rf, admin_user):
    request = rf.get("/admin/")
    request.user = admin_user
    read = {}
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in OURS:
            continue
        listed = model_admin.get_changelist_instance(request).queryset
        edited = model_admin.get_queryset(request)
        if tables := documents_read(str(listed.query)) | documents_read(str(edited.query)):
            read[type(model_admin).__name__] = tables
        for inline in model_admin.get_inline_instances(request):
            if tables := documents_read(str(inline.get_queryset(request).query)):
                read[type(inline).__name__] = tables
    assert read == {}


def test_a_row_saved_from_the_form_leaves_its_document_alone(
        admin_client, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(venue="Council Chamber")
    with django_capture_on_commit_callbacks(execute=True), \
            CaptureQueriesContext(connection) as queries:
        response = admin_client.post(f"/admin/governance/meeting/{meeting.pk}/change/",
                                     meeting_form(meeting, venue="Catmose, Oakham"))
    assert response.status_code == 302
    [saved] = [q["sql"] for q in queries.captured_queries
               if q["sql"].startswith('UPDATE "governance_meeting" SET "board_id"')]
    assert '"search_document"' not in saved
    meeting.refresh_from_db()
    assert meeting.venue == "Catmose, Oakham"
    if connection.vendor == "postgresql":  # the search index keeps the document
        assert Meeting.objects.filter(pk=meeting.pk, search_document__isnull=False).exists()
