"""People's attendance records: each person's lines at a board's minuted meetings,
counted per board, for the rates on the person page.

`recount(person_ids)` rewrites the records of those people from their attendance lines.
Saving or deleting an attendance line recounts its person (and the person it named
before, if the line was moved to someone else); saving a meeting recounts everybody on
its list, since its board, start and minutes' status decide what counts. It runs in
the saving transaction, so a reader sees the lines and the counts change together.
Bulk writes send no signals: the corpus generator recounts everyone once at the end.
"""

from django.db import transaction
from django.db.models import Count, Max, Q
from django.db.models.signals import post_delete, post_save, pre_save

from governance.models import PUBLIC_MINUTES, Attendance, AttendanceRecord, Meeting

# Rows counted and written per statement when everybody is recounted.
BATCH = 2000


def counted(lines):
    """Attendance lines at meetings with public minutes, counted per person and board."""
    return (
        lines.filter(person__isnull=False, meeting__minutes_status__in=PUBLIC_MINUTES)
        .values("person_id", "meeting__board_id")
        .annotate(
            expected=Count("pk", filter=Q(category__in=Attendance.MEMBER_CATEGORIES)),
            present=Count("pk", filter=Q(category=Attendance.Category.PRESENT)),
            attended=Count("pk", filter=Q(category__in=Attendance.ATTENDED_CATEGORIES)),
            last=Max("meeting__start"),
        )
        .order_by()
    )


def _write(person_ids):
    """Count these people's lines into new records; returns how many. Their old records
    must be gone."""
    rows = counted(Attendance.objects.filter(person_id__in=person_ids))
    return len(AttendanceRecord.objects.bulk_create([
        AttendanceRecord(person_id=row["person_id"], board_id=row["meeting__board_id"],
                         expected=row["expected"], present=row["present"],
                         attended=row["attended"], last=row["last"])
        for row in rows
    ]))


def recount(person_ids):
    """Rewrite these people's attendance records from their lines."""
    person_ids = {pk for pk in person_ids if pk is not None}
    if not person_ids:
        return
    with transaction.atomic():
        AttendanceRecord.objects.filter(person_id__in=person_ids).delete()
        _write(person_ids)


def recount_everyone():
    """Rewrite every record, for after bulk writes. Returns how many were written."""
    written = 0
    with transaction.atomic():
        AttendanceRecord.objects.all().delete()
        people = list(
            Attendance.objects.filter(person__isnull=False)
            .values_list("person_id", flat=True).distinct().order_by("person_id")
        )
        for start in range(0, len(people), BATCH):
            written += _write(people[start:start + BATCH])
    return written


def _remember_person(sender, instance, raw=False, **kwargs):
    # The person a line named before this save, which loses the line if it changed.
    instance._recount_before = None
    if instance.pk and not raw:
        instance._recount_before = (
            Attendance.objects.filter(pk=instance.pk).values_list("person_id", flat=True).first()
        )


def _line_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        recount({instance.person_id, getattr(instance, "_recount_before", None)})


def _meeting_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        recount(instance.attendances.values_list("person_id", flat=True))


def connect():
    """Called once from GovernanceConfig.ready()."""
    uid = "governance.attendance"
    pre_save.connect(_remember_person, sender=Attendance, dispatch_uid=f"{uid}.before")
    post_save.connect(_line_changed, sender=Attendance, dispatch_uid=f"{uid}.line")
    post_delete.connect(_line_changed, sender=Attendance, dispatch_uid=f"{uid}.gone")
    post_save.connect(_meeting_changed, sender=Meeting, dispatch_uid=f"{uid}.meeting")
