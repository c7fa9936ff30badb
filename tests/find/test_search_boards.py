"""Search narrowed to a board: meetings and decisions of that board only, following a
meeting moved to another board and a board given a new address. On PostgreSQL the
board is a lexeme in each stored document ('@board:rutland-hwb')."""

import importlib
from types import SimpleNamespace

import pytest
from django.db import connection, transaction

from icsportal import search
from tests.find.test_search import results
from tests.find.test_search_recent import document as stored_document
from tests.governance.factories import (
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    ResolutionFactory,
)

pytestmark = pytest.mark.django_db


def postgres_only(test):
    test = pytest.mark.postgres(test)
    return pytest.mark.skipif(connection.vendor != "postgresql",
                              reason="the board lexemes are in PostgreSQL's stored documents")(test)


MIGRATION = importlib.import_module("governance.migrations.0009_search_board_lexemes")


def found(client, board, *rows):
    """Which of `rows` (a meeting, a decision) a search for "syston" on `board` finds."""
    html = results(client, q="syston", board=board)
    return [row.get_absolute_url() in html for row in rows]


def document(row):
    return stored_document(type(row), row.pk)


def decided(board):
    """A decision found by "syston", at a meeting of `board`."""
    return ResolutionFactory(item=AgendaItemFactory(
        meeting=MeetingFactory(board=board), title="Syston health centre"),
        text="the Syston health centre lease.")


@pytest.fixture
def syston():
    """A meeting of board `north` with a decision, both found by "syston", and the
    same at a meeting of board `south`: (north, south, meeting, decision) of north."""
    north, south = BoardFactory(slug="north"), BoardFactory(slug="south")
    decision = decided(north)
    return north, south, decision.item.meeting, decision


def test_a_board_finds_its_own_meetings_and_decisions_only(client, syston):
    north, south, meeting, decision = syston
    theirs = decided(south)
    assert found(client, "north", meeting, decision, theirs.item.meeting, theirs) == [
        True, True, False, False]
    assert found(client, "south", meeting, decision, theirs.item.meeting, theirs) == [
        False, False, True, True]
    assert found(client, "nowhere", meeting, decision) == [False, False]


def test_a_meeting_moved_to_another_board_is_found_there(
        client, syston, django_capture_on_commit_callbacks):
    north, south, meeting, decision = syston
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        meeting.board = south
        meeting.save()
    assert found(client, "north", meeting, decision) == [False, False]
    assert found(client, "south", meeting, decision) == [True, True]


def test_a_board_given_a_new_address_is_searched_by_it(
        client, syston, django_capture_on_commit_callbacks):
    north, south, meeting, decision = syston
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        north.slug = "north-west"
        north.save()
    assert found(client, "north-west", meeting, decision) == [True, True]
    assert found(client, "north", meeting, decision) == [False, False]


@postgres_only
def test_documents_carry_their_board(syston):
    north, south, meeting, decision = syston
    for row in (meeting, decision):
        text = document(row)
        assert "'@board:north'" in text and "'@board:south'" not in text, type(row).__name__


@postgres_only
def test_no_search_can_match_a_board_lexeme(client, syston):
    north, south, meeting, decision = syston
    for q in ["@board:north", '"@board:north"', "x@board:north", "board:north", "@north",
              "mail@board:north.nhs.uk"]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT websearch_to_tsquery(%s, %s)::text", [search.CONFIG, q])
            assert "'@" not in cursor.fetchone()[0], q
        assert meeting.get_absolute_url() not in results(client, q=q), q


def test_a_filter_lexeme_is_quoted_for_tsquery():
    assert search.filter_lexeme("board", "rutland-hwb") == "'@board:rutland-hwb'"
    # A slug holds neither; a value that did could not end the lexeme early.
    assert search.filter_lexeme("board", "it's\\") == "'@board:it''s\\\\'"


@postgres_only
def test_the_migration_adds_the_board_to_documents_already_stored(client, syston, settings):
    # The page cache would answer the second search: `migrate` replaces the content
    # version (docs/performance.md), and calling the functions here does not.
    settings.ICSPORTAL_PAGE_CACHE = False
    north, south, meeting, decision = syston
    fresh = [document(meeting), document(decision)]
    editor = SimpleNamespace(connection=connection)
    MIGRATION.remove_board_lexemes(None, editor)
    assert all("@board:" not in document(row) for row in (meeting, decision))
    assert found(client, "north", meeting, decision) == [False, False]
    MIGRATION.add_board_lexemes(None, editor)
    # The same documents a save writes, and found by board again.
    assert [document(meeting), document(decision)] == fresh
    assert found(client, "north", meeting, decision) == [True, True]


def test_on_other_databases_the_migration_changes_nothing():
    editor = SimpleNamespace(connection=SimpleNamespace(
        vendor="sqlite", cursor=lambda: pytest.fail("no SQL on other databases")))
    MIGRATION.add_board_lexemes(None, editor)
    MIGRATION.remove_board_lexemes(None, editor)
