"""Meetings' and decisions' stored search documents carry their board.

Search narrows them by board through a lexeme in the document ('@board:rutland-hwb'),
which new and refreshed documents hold (`icsportal.search.document_vector`). This adds
it to the documents already stored, in SQL of its own, so the board filter finds them
without a `rebuild_search_index`. Only PostgreSQL stores documents.
"""

from django.db import migrations

# The lexeme as `icsportal.search.filter_lexeme("board", slug)` names it when this was
# written: FILTER_MARK, the filter's name, the board's slug.
ADD = [
    "UPDATE governance_meeting SET search_document = governance_meeting.search_document || "
    "array_to_tsvector(ARRAY['@board:' || governance_board.slug]) FROM governance_board "
    "WHERE governance_board.id = governance_meeting.board_id "
    "AND governance_meeting.search_document IS NOT NULL",
    "UPDATE governance_resolution SET search_document = governance_resolution.search_document || "
    "array_to_tsvector(ARRAY['@board:' || governance_board.slug]) FROM governance_agendaitem "
    "JOIN governance_meeting ON governance_meeting.id = governance_agendaitem.meeting_id "
    "JOIN governance_board ON governance_board.id = governance_meeting.board_id "
    "WHERE governance_agendaitem.id = governance_resolution.item_id "
    "AND governance_resolution.search_document IS NOT NULL",
]
REMOVE = [
    "UPDATE governance_meeting SET search_document = ts_delete(search_document, ARRAY("
    "SELECT lexeme FROM unnest(search_document) WHERE lexeme LIKE '@board:%')) "
    "WHERE search_document IS NOT NULL",
    "UPDATE governance_resolution SET search_document = ts_delete(search_document, ARRAY("
    "SELECT lexeme FROM unnest(search_document) WHERE lexeme LIKE '@board:%')) "
    "WHERE search_document IS NOT NULL",
]


def _run(schema_editor, statements):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def add_board_lexemes(apps, schema_editor):
    # As `rebuild_search_index` does after rewriting documents: fresh statistics for
    # the planner, and the GIN indexes' pending entries merged, which every search would
    # otherwise read through until autovacuum merges them.
    _run(schema_editor, [
        *ADD, "ANALYZE governance_meeting, governance_resolution",
        "SELECT gin_clean_pending_list('meeting_search'::regclass)",
        "SELECT gin_clean_pending_list('resolution_search'::regclass)",
    ])


def remove_board_lexemes(apps, schema_editor):
    _run(schema_editor, REMOVE)


class Migration(migrations.Migration):

    dependencies = [
        ('governance', '0008_agenda_item_minutes_document'),
    ]

    operations = [
        migrations.RunPython(add_board_lexemes, remove_board_lexemes, elidable=True),
    ]
