"""Search documents are read by the database alone: no public page, API or admin page
selects one (`icsportal.search_index.without_documents`), and a row saved from the
admin's form leaves its document to the search index."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.db.models.functions import Length
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import AgendaItem, Board, Meeting
from icsportal import bench_urls
from icsportal.search_index import is_document, without_documents
from people.models import Person
from tests.people.factories import PersonFactory
from tests.perf.test_private_columns import SELECTED, _more_pages, statements_of
from tests.site.test_admin_lists import OURS

pytestmark = pytest.mark.django_db


# Each table's tsvector columns: the search documents, the agenda items' minutes words.
DOCUMENTS = {(model._meta.db_table, field.column) for model in apps.get_models()
             for field in model._meta.concrete_fields if is_document(field)}


def documents_read(sql):
    """The tables whose tsvector columns `sql` selects as a column."""
    return {table for table, column in SELECTED.findall(sql) if (table, column) in DOCUMENTS}


def test_the_check_sees_a_document_a_query_selects():
    items = AgendaItem.objects.select_related("meeting__board__host", "presenter")
    assert documents_read(str(items.query)) == {
        "governance_agendaitem", "governance_meeting", "people_organisation", "people_person"}
    assert documents_read(str(without_documents(items).query)) == set()
    # Ranking by the document reads it inside an expression, not as a column.
    ranked = Person.objects.annotate(size=Length("search_document"))
    assert '"people_person"."search_document"' in str(ranked.query)
    assert documents_read(str(without_documents(ranked).query)) == set()


def test_paths_selected_later_are_left_out_too():
    items = without_documents(AgendaItem.objects.all(), "meeting__board__host")
    assert documents_read(str(items.select_related("meeting__board__host").query)) == set()
    # Left out along a relation that is not selected, a document costs nothing.
    assert documents_read(str(without_documents(Meeting.objects.all(), "board").query)) == set()


@pytest.mark.filterwarnings("ignore::django.utils.deprecation.RemovedInDjango2028Warning")
def test_every_relation_must_be_named():
    with pytest.raises(ValueError, match="name them"):
        without_documents(AgendaItem.objects.select_related())


def _pages_beyond_the_bench():
    board = Board.objects.order_by("pk").first()
    meeting = Meeting.objects.with_minutes().order_by("pk").first()
    day = meeting.date.isoformat()
    return [
        *_more_pages(),
        ("calendar", reverse("governance:calendar")),
        ("board feed (RSS)", reverse("governance:board_feed_rss", args=[board.slug])),
        ("question form", reverse("governance:question_new", args=[meeting.board.slug, day])),
        ("question sent", reverse("governance:question_sent", args=[meeting.board.slug, day])),
        ("API boards", "/api/v1/boards/"),
        ("API board", f"/api/v1/boards/{board.slug}"),
        ("API meeting", f"/api/v1/meetings/{meeting.pk}"),
        ("API issues", "/api/v1/issues/"),
        ("API organisations", "/api/v1/organisations/"),
        ("API memberships", "/api/v1/memberships/"),
    ]


def test_no_public_page_reads_a_search_document(corpus, client):
    corpus(0.05)
    pages = [*bench_urls.resolve(), *_pages_beyond_the_bench()]
    read, tables_listed = {}, set()
    for label, statements in statements_of(client, pages).items():
        for sql in statements:
            tables_listed |= {table for table, _column in SELECTED.findall(sql)}
            if tables := documents_read(sql):
                read.setdefault(label, set()).update(tables)
    # The pages list rows of every table that has a document: the check had something to see.
    assert {"governance_meeting", "governance_resolution", "bulletins_article",
            "people_person", "people_organisation"} <= tables_listed
    assert read == {}


def test_no_admin_page_of_ours_reads_a_search_document(rf, admin_user):
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
    person = PersonFactory(given_name="Priya", family_name="Shah")
    with django_capture_on_commit_callbacks(execute=True), \
            CaptureQueriesContext(connection) as queries:
        response = admin_client.post(f"/admin/people/person/{person.pk}/change/", {
            "honorific": "Dr", "given_name": "Priyanka", "family_name": "Shah",
            "slug": person.slug, "roles-TOTAL_FORMS": "0", "roles-INITIAL_FORMS": "0",
        })
    assert response.status_code == 302
    [saved] = [q["sql"] for q in queries.captured_queries
               if q["sql"].startswith('UPDATE "people_person" SET "honorific"')]
    assert '"search_document"' not in saved
    person.refresh_from_db()
    assert (person.honorific, person.given_name) == ("Dr", "Priyanka")
    if connection.vendor == "postgresql":  # the search index wrote the new name's document
        assert Person.objects.filter(search_document="priyanka").exists()
