"""The governance rules with consequences: publishing and approving minutes, corrections,
public questions and their deadline, and the purge of questioners' contact details.

The admin, the public views, the management command and the tests all call these, so
each rule, and the permission check that guards it, exists once.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from governance.models import (
    AgendaItem,
    BankHoliday,
    Correction,
    Meeting,
    PublicQuestion,
)
from icsportal.dates import date_words


def _require(user, perm):
    if user is None or not user.has_perm(perm):
        raise PermissionDenied(f"You need the '{perm}' permission to do this.")


@transaction.atomic
def publish_minutes(meeting, user):
    """Make the minutes public. Only governance officers and site administrators may."""
    _require(user, "governance.publish_minutes")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("A cancelled meeting has no minutes to publish.")
    if meeting.minutes_status == Meeting.MinutesStatus.APPROVED:
        raise ValidationError("These minutes are already approved.")
    if meeting.start > timezone.now():
        raise ValidationError("The meeting has not taken place yet.")
    meeting.minutes_status = Meeting.MinutesStatus.PUBLISHED
    meeting.minutes_published_at = meeting.minutes_published_at or timezone.now()
    if meeting.status == Meeting.Status.SCHEDULED:
        meeting.status = Meeting.Status.HELD
    meeting._history_user = user
    meeting.save()
    return meeting


@transaction.atomic
def approve_minutes(meeting, user, approved_at_meeting):
    """Record that a later meeting approved the minutes; from then on edits are corrections."""
    _require(user, "governance.approve_minutes")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.minutes_status != Meeting.MinutesStatus.PUBLISHED:
        raise ValidationError("Only published minutes can be approved.")
    if approved_at_meeting is None or approved_at_meeting.start <= meeting.start:
        raise ValidationError("Minutes are approved at a later meeting.")
    meeting.minutes_status = Meeting.MinutesStatus.APPROVED
    meeting.minutes_approved_at = timezone.now()
    meeting.approved_at_meeting = approved_at_meeting
    meeting._history_user = user
    meeting.save()
    return meeting


def meeting_of(obj):
    """The meeting whose minutes `obj` belongs to."""
    if isinstance(obj, Meeting):
        return obj
    if isinstance(obj, AgendaItem):
        return obj.meeting
    if hasattr(obj, "meeting_id"):
        return obj.meeting
    return obj.item.meeting


def record_correction(obj, user, reason, changes):
    """Keep who, when, why and what for a change to approved minutes."""
    _require(user, f"governance.change_{obj._meta.model_name}")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Approved minutes are a legal record: give a reason for the change.")
    return Correction.objects.create(
        meeting=meeting_of(obj),
        what=f"{obj._meta.verbose_name.capitalize()}: {obj}"[:300],
        reason=reason,
        changes=changes,
        made_by=user,
    )


def working_day_checker(start, end):
    holidays = set(
        BankHoliday.objects.filter(date__gte=start, date__lte=end).values_list("date", flat=True)
    )
    return lambda day: day.weekday() < 5 and day not in holidays


def question_deadline(meeting):
    """The moment questions close: the start of the first of the board's clear working days.

    "Clear" days exclude both the day a question arrives and the day of the meeting;
    weekends and the bank holidays recorded in the admin are not working days.
    """
    days = meeting.board.question_deadline_days
    meeting_day = meeting.local_date
    is_working = working_day_checker(meeting_day - datetime.timedelta(days=days * 3 + 14),
                                     meeting_day)
    day, counted = meeting_day, 0
    while counted < days:
        day -= datetime.timedelta(days=1)
        if is_working(day):
            counted += 1
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def questions_open(meeting, now=None):
    now = now or timezone.now()
    return (
        meeting.status == Meeting.Status.SCHEDULED
        and meeting.start > now
        and now < question_deadline(meeting)
    )


@transaction.atomic
def submit_question(meeting, data):
    """Receive a member of the public's question; the officer accepts it in the admin."""
    if not questions_open(meeting):
        raise ValidationError(
            "Questions for this meeting had to arrive before "
            f"{date_words(timezone.localtime(question_deadline(meeting)))}."
        )
    last = meeting.questions.order_by("-number").values_list("number", flat=True).first()
    return PublicQuestion.objects.create(
        meeting=meeting,
        number=(last or 0) + 1,
        kind=PublicQuestion.Kind.WITH_NOTICE,
        status=PublicQuestion.Status.RECEIVED,
        speaker_name=data["speaker_name"],
        on_behalf_of=data.get("on_behalf_of", ""),
        contact_address=data.get("contact_address", ""),
        contact_email=data.get("contact_email", ""),
        contact_phone=data.get("contact_phone", ""),
        question=data["question"],
    )


def months_before(moment, months):
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, 28)
    return moment.replace(year=year, month=month + 1, day=day)


def purge_question_contacts(older_than):
    """Blank the contact details of questions to meetings that started before `older_than`.

    The question, the response and the speaker's name stay: they are part of the minutes.
    Returns how many questions were purged.
    """
    has_contacts = ~Q(contact_address="") | ~Q(contact_email="") | ~Q(contact_phone="")
    stale = PublicQuestion.objects.filter(has_contacts, meeting__start__lt=older_than)
    return stale.update(
        contact_address="", contact_email="", contact_phone="", contacts_purged_at=timezone.now()
    )
