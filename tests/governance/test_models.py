import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone

from governance import services
from governance.models import Attendance, BankHoliday, Correction, Meeting, Outcome
from tests.governance.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    BoardFactory,
    MeetingFactory,
    PublicQuestionFactory,
)

pytestmark = pytest.mark.django_db


def aware(*args):
    return timezone.make_aware(datetime.datetime(*args))


def test_the_seeded_outcomes_are_there_and_officers_can_add_more():
    words = set(Outcome.objects.values_list("word", flat=True))
    assert {"NOTED", "APPROVED", "AGREED", "AGREED TO DEFER", "AUTHORISED", "ENDORSED",
            "RECOMMENDED", "REJECTED", "REPEATED", "RESOLVED"} <= words
    assert Outcome.objects.create(word="commended").word == "COMMENDED"


def test_meeting_date_is_the_london_date_of_its_start():
    meeting = MeetingFactory(start=aware(2022, 6, 30, 23, 30))
    assert meeting.date == datetime.date(2022, 6, 30)
    assert meeting.start.utcoffset() is not None


def test_staff_lists_name_records_with_dates_as_the_pages_write_them():
    # The admin's lists, choices and history show these names.
    board = BoardFactory(name="Rutland Health and Wellbeing Board", short_name="Rutland HWB")
    meeting = MeetingFactory(board=board, start=aware(2022, 3, 5, 14, 0))
    assert str(meeting) == "Rutland HWB, 5 March 2022"
    holiday = BankHoliday(name="Early May bank holiday", date=datetime.date(2022, 5, 2))
    assert str(holiday) == "Early May bank holiday (2 May 2022)"
    # 23:30 on 30 June in UTC is already 1 July in London.
    correction = Correction(meeting=meeting, what="Item 3", reason="Misspelt",
                            made_at=datetime.datetime(2022, 6, 30, 23, 30, tzinfo=datetime.UTC))
    assert str(correction) == "Correction to Item 3 on 1 July 2022"


def test_a_virtual_meeting_cannot_take_decisions_unless_the_officer_says_so():
    meeting = MeetingFactory(mode=Meeting.Mode.VIRTUAL)
    assert not meeting.takes_decisions
    meeting.can_take_decisions = True
    assert meeting.takes_decisions
    assert MeetingFactory(mode=Meeting.Mode.HYBRID).takes_decisions


def test_a_board_has_one_meeting_a_day():
    meeting = MeetingFactory()
    clash = Meeting(board=meeting.board, start=meeting.start + datetime.timedelta(hours=2))
    with pytest.raises(ValidationError):
        clash.full_clean()


def test_a_vacant_post_is_an_attendance_line_with_only_a_role():
    line = AttendanceFactory(person=None, role="Head of Community Health Services",
                             category=Attendance.Category.ABSENT)
    assert line.is_vacant
    assert "Head of Community Health Services" in line.role_line


def test_an_attendance_line_must_name_a_person_or_a_post():
    with pytest.raises(IntegrityError):
        AttendanceFactory(person=None, role="", name="")


def test_governance_officer_publishes_and_approves_minutes(governance_user):
    meeting = MeetingFactory(minutes_status=Meeting.MinutesStatus.DRAFT)
    later = MeetingFactory(board=meeting.board)
    services.publish_minutes(meeting, governance_user)
    meeting.refresh_from_db()
    assert meeting.minutes_status == Meeting.MinutesStatus.PUBLISHED
    assert meeting.minutes_published_at is not None
    services.approve_minutes(meeting, governance_user, later)
    meeting.refresh_from_db()
    assert meeting.is_locked
    assert meeting.approved_at_meeting == later


def test_press_office_cannot_publish_or_approve_minutes(press_user, editor_user):
    meeting = MeetingFactory(minutes_status=Meeting.MinutesStatus.DRAFT)
    for user in (press_user, editor_user):
        with pytest.raises(PermissionDenied):
            services.publish_minutes(meeting, user)
        with pytest.raises(PermissionDenied):
            services.approve_minutes(meeting, user, MeetingFactory(board=meeting.board))
    meeting.refresh_from_db()
    assert meeting.minutes_status == Meeting.MinutesStatus.DRAFT


def test_site_administrator_may_publish_minutes(siteadmin_user):
    meeting = MeetingFactory(minutes_status=Meeting.MinutesStatus.DRAFT)
    assert services.publish_minutes(meeting, siteadmin_user).minutes_are_public


def test_minutes_are_approved_only_at_a_later_meeting(governance_user):
    meeting = MeetingFactory()
    earlier = MeetingFactory(board=meeting.board, start=meeting.start - datetime.timedelta(7))
    with pytest.raises(ValidationError):
        services.approve_minutes(meeting, governance_user, earlier)
    with pytest.raises(ValidationError):
        services.approve_minutes(meeting, governance_user, None)


def test_minutes_of_a_future_meeting_cannot_be_published(governance_user):
    meeting = MeetingFactory(start=timezone.now() + datetime.timedelta(days=3),
                             minutes_status=Meeting.MinutesStatus.NONE)
    with pytest.raises(ValidationError):
        services.publish_minutes(meeting, governance_user)


def test_a_correction_keeps_who_when_why_and_what(governance_user):
    item = AgendaItemFactory(meeting__minutes_status=Meeting.MinutesStatus.APPROVED)
    correction = services.record_correction(
        item, governance_user, "Wrong report number", {"report_reference": ["41", "42"]}
    )
    assert correction.meeting == item.meeting
    assert correction.made_by == governance_user
    assert correction.reason == "Wrong report number"
    assert correction.changes == {"report_reference": ["41", "42"]}
    assert correction.made_at is not None


def test_a_correction_needs_a_reason_and_the_right_to_change(governance_user, press_user):
    item = AgendaItemFactory()
    with pytest.raises(ValidationError):
        services.record_correction(item, governance_user, "  ", {})
    with pytest.raises(PermissionDenied):
        services.record_correction(item, press_user, "typo", {})
    assert not Correction.objects.exists()


def test_question_deadline_is_three_clear_working_days_before():
    # Tuesday 22 February 2022: Thu 17, Fri 18 and Mon 21 are the clear working days.
    meeting = MeetingFactory(start=aware(2022, 2, 22, 14, 0))
    assert services.question_deadline(meeting) == aware(2022, 2, 17, 0, 0)


def test_question_deadline_skips_bank_holidays():
    BankHoliday.objects.create(date=datetime.date(2022, 4, 15), name="Good Friday")
    BankHoliday.objects.create(date=datetime.date(2022, 4, 18), name="Easter Monday")
    # Wednesday 20 April 2022: the clear working days are Tue 19, Thu 14 and Wed 13.
    meeting = MeetingFactory(start=aware(2022, 4, 20, 14, 0))
    assert services.question_deadline(meeting) == aware(2022, 4, 13, 0, 0)


def test_question_deadline_is_configurable_per_board():
    board = BoardFactory(question_deadline_days=1)
    meeting = MeetingFactory(board=board, start=aware(2022, 2, 22, 14, 0))
    assert services.question_deadline(meeting) == aware(2022, 2, 21, 0, 0)


def test_submit_question_before_the_deadline_is_received_not_public():
    meeting = MeetingFactory(start=timezone.now() + datetime.timedelta(days=30),
                             status=Meeting.Status.SCHEDULED,
                             minutes_status=Meeting.MinutesStatus.NONE)
    question = services.submit_question(meeting, {
        "speaker_name": "Ann Other", "question": "Why?", "contact_email": "ann@example.org",
    })
    assert question.status == question.Status.RECEIVED
    assert question not in meeting.questions.public()


def test_submit_question_after_the_deadline_is_refused():
    meeting = MeetingFactory(start=timezone.now() + datetime.timedelta(hours=20),
                             status=Meeting.Status.SCHEDULED)
    with pytest.raises(ValidationError, match="had to arrive before"):
        services.submit_question(meeting, {"speaker_name": "Late", "question": "Why?"})
    assert not meeting.questions.exists()


def test_a_late_question_is_told_the_deadline_as_the_pages_write_dates():
    meeting = MeetingFactory(start=aware(2022, 3, 10, 14, 0), status=Meeting.Status.SCHEDULED)
    deadline = timezone.localtime(services.question_deadline(meeting))
    assert deadline.day < 10  # a day a leading zero would show on
    with pytest.raises(ValidationError) as refused:
        services.submit_question(meeting, {"speaker_name": "Late", "question": "Why?"})
    assert refused.value.messages == [
        f"Questions for this meeting had to arrive before {deadline:%A} {deadline.day} "
        f"{deadline:%B %Y}."]


def test_purge_blanks_contacts_of_old_meetings_and_keeps_the_question():
    old = PublicQuestionFactory(meeting__start=aware(2022, 2, 22, 14, 0))
    recent = PublicQuestionFactory(meeting__start=timezone.now() - datetime.timedelta(days=30))
    count = services.purge_question_contacts(timezone.now() - datetime.timedelta(days=365))
    old.refresh_from_db()
    recent.refresh_from_db()
    assert count == 1
    assert (old.contact_address, old.contact_email, old.contact_phone) == ("", "", "")
    assert old.question and old.response and old.speaker_name
    assert old.contacts_purged_at is not None
    assert recent.contact_email


def test_question_history_never_keeps_contact_details():
    question = PublicQuestionFactory()
    assert not hasattr(question.history.first(), "contact_email")


def test_meeting_address_is_the_reversed_one_under_any_script_prefix():
    from django.urls import reverse, set_script_prefix

    from governance.models import meeting_path, meeting_paths

    meeting = MeetingFactory()
    expected = reverse("governance:meeting", args=[meeting.board.slug,
                                                   meeting.local_date.isoformat()])
    assert meeting.get_absolute_url() == expected
    set_script_prefix("/portal/")
    try:
        assert meeting_path(meeting.board.slug, meeting.local_date) == (
            "/portal" + expected
        ) == reverse("governance:meeting", args=[meeting.board.slug, meeting.date])
        assert meeting_paths()(meeting.board.slug, meeting.local_date) == "/portal" + expected
    finally:
        set_script_prefix("/")
