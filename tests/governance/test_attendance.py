"""People's attendance records: the counts behind the person page's rates follow every
change to the attendance lines and meetings they are counted from."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings

from governance.attendance import counted, recount_everyone
from governance.models import Attendance, AttendanceRecord, Meeting
from tests.governance.factories import AttendanceFactory, BoardFactory, MeetingFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

C = Attendance.Category


def records():
    return {
        (r.person_id, r.board_id, r.expected, r.present, r.attended, r.last)
        for r in AttendanceRecord.objects.all()
    }


def from_lines():
    return {
        (r["person_id"], r["meeting__board_id"], r["expected"], r["present"], r["attended"],
         r["last"])
        for r in counted(Attendance.objects.all())
    }


def record_of(person, board):
    return AttendanceRecord.objects.get(person=person, board=board)


@pytest.fixture
def member():
    """Ann, present at two of a board's three minuted meetings and sent apologies to one."""
    person = PersonFactory(given_name="Ann", family_name="Hill")
    board = BoardFactory()
    meetings = [MeetingFactory(board=board) for _ in range(3)]
    for meeting, category in zip(meetings, [C.PRESENT, C.PRESENT, C.APOLOGIES], strict=True):
        AttendanceFactory(person=person, meeting=meeting, category=category)
    return person, board, meetings


def test_saving_lines_counts_them_per_board(member):
    person, board, meetings = member
    record = record_of(person, board)
    assert (record.expected, record.present, record.attended) == (3, 2, 2)
    assert record.last == meetings[-1].start
    assert records() == from_lines()


def test_a_changed_category_is_recounted(member):
    person, board, meetings = member
    line = Attendance.objects.get(person=person, meeting=meetings[2])
    line.category = C.PRESENT
    line.save()
    assert record_of(person, board).present == 3
    assert records() == from_lines()


def test_a_line_moved_to_someone_else_leaves_the_first_person(member):
    person, board, meetings = member
    other = PersonFactory()
    line = Attendance.objects.get(person=person, meeting=meetings[0])
    line.person = other
    line.save()
    assert (record_of(person, board).expected, record_of(person, board).present) == (2, 1)
    assert (record_of(other, board).expected, record_of(other, board).present) == (1, 1)
    assert records() == from_lines()


def test_a_deleted_line_and_the_last_line_are_uncounted(member):
    person, board, meetings = member
    Attendance.objects.get(person=person, meeting=meetings[0]).delete()
    assert record_of(person, board).expected == 2
    Attendance.objects.filter(person=person).delete()  # deletes one by one: signals sent
    assert not AttendanceRecord.objects.filter(person=person).exists()


def test_minutes_withdrawn_or_a_meeting_deleted_leave_the_count(member):
    person, board, meetings = member
    meetings[2].minutes_status = Meeting.MinutesStatus.NONE
    meetings[2].save()
    record = record_of(person, board)
    assert (record.expected, record.present, record.last) == (2, 2, meetings[1].start)
    meetings[1].delete()
    assert record_of(person, board).expected == 1
    assert records() == from_lines()


def test_a_meeting_moved_to_another_board_moves_its_count(member):
    person, board, meetings = member
    other_board = BoardFactory()
    meetings[0].board = other_board
    meetings[0].save()
    assert record_of(person, board).expected == 2
    assert record_of(person, other_board).expected == 1
    assert records() == from_lines()


def test_a_vacant_post_has_no_record():
    AttendanceFactory(person=None, name="", role="Director of Public Health")
    assert not AttendanceRecord.objects.exists()


def test_bulk_writes_are_counted_by_recount_everyone(member, capsys):
    person, board, meetings = member
    extra = MeetingFactory(board=board)
    Attendance.objects.bulk_create([
        Attendance(meeting=extra, person=person, category=C.ABSENT, order=1),
        Attendance(meeting=extra, person=PersonFactory(), category=C.PRESENT, order=2),
    ])
    assert record_of(person, board).expected == 3  # no signal, not yet counted
    assert records() != from_lines()
    call_command("recount_attendance")
    assert "Wrote 2 attendance record(s)." in capsys.readouterr().out
    assert record_of(person, board).expected == 4
    assert records() == from_lines()
    assert recount_everyone() == 2


def test_the_migration_counts_the_lines_already_there(member):
    AttendanceRecord.objects.all().delete()
    migration = importlib.import_module("governance.migrations.0005_attendance_record")
    migration.count_existing(apps, None)
    assert records() == from_lines() != set()


@override_settings(ICSPORTAL_PAGE_CACHE=True)
def test_the_cached_person_page_shows_a_recounted_rate(client, member, committed):
    person, board, meetings = member
    cache.clear()
    assert "present at 2 of 3 meetings (67%)" in client.get(person.get_absolute_url()).text
    line = Attendance.objects.get(person=person, meeting=meetings[2])
    line.category = C.PRESENT
    with committed():
        line.save()
    assert "present at 3 of 3 meetings (100%)" in client.get(person.get_absolute_url()).text


def test_rates_list_the_board_met_last_first(client, member):
    person, board, meetings = member
    later = BoardFactory(name="Zeta Board")
    AttendanceFactory(person=person, category=C.PRESENT, meeting=MeetingFactory(
        board=later, start=meetings[-1].start + datetime.timedelta(days=1)))
    html = client.get(person.get_absolute_url()).text
    assert html.index("Zeta Board") < html.index(board.name)
