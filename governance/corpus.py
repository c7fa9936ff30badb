"""Synthetic boards, meetings and their minutes for the benchmark archive.

Per scale unit: 300 meetings with attendance, agenda items, about 5,000 resolutions,
declarations, public questions (with made-up contact details that the public pages must
never show) and timeline events. Minutes run to about 4,500 words a meeting, in the
range of a real board's (a special meeting of a health and wellbeing board: 5,400): a
meeting's text is the largest the site keeps, and its search document and snippet cost
what its length does. Twelve boards at any scale, meeting fortnightly, so a
larger archive reaches further back, as a real one does over the years. Each board's
next two meetings are placed after today, so the "upcoming" lists are never empty.
"""

import datetime

from django.db import connection
from django.utils import timezone

from governance.attendance import recount_everyone
from governance.models import (
    AgendaItem,
    Attendance,
    AttendanceRecord,
    Board,
    Correction,
    DeclarationOfInterest,
    Meeting,
    MeetingEvent,
    Outcome,
    PublicQuestion,
    Resolution,
    SupportingDocument,
    london,
)
from icsportal.corpus import insert
from people.corpus import PARTNERS, PLACES
from people.models import Organisation, Person

BOARDS = [
    ("Integrated Care Board", Board.Kind.INTEGRATED_CARE_BOARD),
    ("Integrated Care Partnership", Board.Kind.INTEGRATED_CARE_PARTNERSHIP),
    ("Leicester Health and Wellbeing Board", Board.Kind.HEALTH_AND_WELLBEING_BOARD),
    ("Leicestershire Health and Wellbeing Board", Board.Kind.HEALTH_AND_WELLBEING_BOARD),
    ("Rutland Health and Wellbeing Board", Board.Kind.HEALTH_AND_WELLBEING_BOARD),
    ("Finance and Performance Committee", Board.Kind.COMMITTEE),
    ("Quality and Safety Committee", Board.Kind.COMMITTEE),
    ("Audit Committee", Board.Kind.COMMITTEE),
    ("People and Culture Committee", Board.Kind.COMMITTEE),
    ("System Executive Committee", Board.Kind.COMMITTEE),
    ("Primary Care Commissioning Committee", Board.Kind.COMMITTEE),
    ("Children and Young People Sub-group", Board.Kind.SUB_GROUP),
]
ITEM_TITLES = [
    "Joint health and wellbeing strategy delivery plan", "Better Care Fund update",
    "Winter plan", "Finance report", "Urgent and emergency care performance",
    "Mental health transformation", "Pharmaceutical needs assessment",
    "Annual report of the director of public health", "Safeguarding annual report",
    "Primary care access recovery plan", "Workforce plan", "Risk register",
    "Children's services update", "Carers strategy", "Community health services review",
]
ROLE_LINES = ["Chair", "Vice-Chair", "Portfolio Holder for Health", "Director of Public Health",
              "Chief Executive", "Healthwatch representative", "Strategic Director",
              "Clinical Director", "Non-Executive Member", "Head of Service"]
# The minutes of an item: paragraphs of "speaker verb point." sentences.
SPEAKERS = ["The Chair", "The Vice-Chair", "The Director of Public Health", "A member",
            "The Chief Executive", "The Director of Finance", "The Healthwatch representative",
            "The Clinical Director", "The Head of Service", "The Portfolio Holder for Health",
            "An officer", "The Strategic Director"]
SAYS = ["reported that", "explained that", "noted that", "confirmed that", "asked whether",
        "was concerned that", "welcomed the news that", "reminded members that",
        "suggested that", "responded that"]
POINTS = [
    "waiting times for {service} in {place} had fallen for a third month",
    "the {service} pilot in {place} would run until the end of the financial year",
    "recruitment to {staff} posts remained the main risk to delivery",
    "spending on {service} was forecast to stay within its budget",
    "{number} residents of {place} had been supported by {service} since the spring",
    "the figures for {place} would be broken down by ward and by age",
    "partners in {place} had agreed to share their data on {topic}",
    "the next report would compare {place} with similar areas",
    "feedback from patients and carers had shaped the changes to {service}",
    "the voluntary and community sector would take part in the review of {topic}",
    "a task and finish group would look at {topic} and report back",
    "demand for {service} had risen faster than expected over the winter",
    "the board had asked for assurance on {topic} at its previous meeting",
    "every partner organisation had now agreed the plan for {topic}",
    "practices in {place} were trying longer opening hours for {service}",
    "the evaluation of {service} would be published in the autumn",
]
SERVICES = ["community mental health teams", "the falls service", "virtual wards",
            "social prescribing", "the crisis café", "district nursing", "the discharge hub",
            "urgent treatment", "health visiting", "school nursing", "stop smoking support",
            "home care", "respite care", "the memory clinic", "diabetes prevention"]
STAFF = ["nursing", "care worker", "GP", "pharmacist", "social worker", "health visitor",
         "therapist"]
TOPICS = ["health inequalities", "childhood immunisations", "hospital discharge",
          "support for carers", "dementia diagnosis", "cancer screening", "housing and health",
          "air quality", "healthy weight", "loneliness", "digital access", "winter pressures",
          "waiting lists", "staff wellbeing"]
RESOLUTION_TEXTS = [
    "the update and the progress made since the last meeting.",
    "the plan, subject to the comments made at the meeting.",
    "that a further report be brought to a future meeting.",
    "the recommendations set out in the report.",
    "to delegate the final wording to the director, in consultation with the chair.",
]


def _meeting_plan(scale, today):
    """[(board index, date)]: fortnightly per board, counting back from October 2026,
    then each board's next two meetings, which are always a week or more ahead."""
    count = max(len(BOARDS), round(300 * scale))
    newest = datetime.date(2026, 10, 15)
    plan = []
    for i in range(count):
        board, k = i % len(BOARDS), i // len(BOARDS)
        plan.append((board, newest - datetime.timedelta(days=14 * k + board)))
    for board in range(len(BOARDS)):
        for weeks in (1, 3):
            plan.append((board, today + datetime.timedelta(days=7 * weeks + board)))
    return plan


def _meetings(plan, boards, rng, now):
    for board, day in plan:
        start = london(day, rng.choice((10, 14, 18)), 0)
        past = start < now
        minutes = (rng.choice([Meeting.MinutesStatus.APPROVED] * 8 + [
            Meeting.MinutesStatus.PUBLISHED, Meeting.MinutesStatus.DRAFT])
            if past else Meeting.MinutesStatus.NONE)
        yield Meeting(
            board=boards[board], start=start, date=day,
            venue="Council Chamber" if rng.random() < 0.5 else "Online",
            mode=rng.choice(Meeting.Mode.values),
            status=Meeting.Status.HELD if past else Meeting.Status.SCHEDULED,
            minutes_status=minutes,
            minutes_published_at=start + datetime.timedelta(days=10) if past else None,
            minutes_approved_at=(start + datetime.timedelta(days=60)
                                 if minutes == Meeting.MinutesStatus.APPROVED else None),
        )


def _attendance(meetings, people, partners, rng):
    # Each board has a steady membership of about twenty, as real boards do; a member
    # is replaced now and then, so a long archive still names many people.
    pools = {}
    for meeting in meetings:
        pool = pools.setdefault(meeting.board_id, rng.sample(people, min(20, len(people))))
        if rng.random() < 0.05:
            pool[rng.randrange(len(pool))] = rng.choice(people)
        lines = [Attendance.Category.PRESENT] * rng.randint(6, 10) + [
            Attendance.Category.APOLOGIES] * rng.randint(0, 3) + [
            Attendance.Category.OFFICERS_PRESENT] * rng.randint(1, 3)
        lines = lines[:len(pool)]
        for order, (category, person) in enumerate(
                zip(lines, rng.sample(pool, len(lines)), strict=True), 1):
            yield Attendance(
                meeting_id=meeting.pk, order=order, category=category, person_id=person,
                role=rng.choice(ROLE_LINES), organisation_id=rng.choice(partners),
                is_chair=order == 1,
            )


def _minutes(rng):
    """About 540 words in five to ten paragraphs, as an item of real minutes runs."""
    def sentence():
        point = rng.choice(POINTS).format(
            service=rng.choice(SERVICES), place=rng.choice(PLACES), staff=rng.choice(STAFF),
            topic=rng.choice(TOPICS), number=rng.randint(20, 5000))
        return f"{rng.choice(SPEAKERS)} {rng.choice(SAYS)} {point}."

    return "".join(
        "<p>" + " ".join(sentence() for _ in range(rng.randint(3, 5))) + "</p>"
        for _ in range(rng.randint(5, 10))
    )


def _items(meetings, people, rng):
    for meeting in meetings:
        for number in range(1, rng.randint(6, 11) + 1):
            kind = (AgendaItem.Kind.WELCOME if number == 1
                    else AgendaItem.Kind.PUBLIC_QUESTIONS if number == 3
                    else AgendaItem.Kind.REPORT)
            yield AgendaItem(
                meeting_id=meeting.pk, number=number, kind=kind,
                title="Welcome and apologies" if number == 1
                else "Petitions, deputations and questions" if number == 3
                else rng.choice(ITEM_TITLES),
                report_reference=f"Report No. {rng.randint(1, 200)}/{meeting.date.year}",
                presenter_id=rng.choice(people) if kind == AgendaItem.Kind.REPORT else None,
                presenter_role=rng.choice(ROLE_LINES),
                # Minutes are written at the meeting: one still to come has none.
                minutes=("" if meeting.minutes_status == Meeting.MinutesStatus.NONE
                         else _minutes(rng)),
                is_exempt=rng.random() < 0.04,
            )


def _resolutions(items, held, outcomes, rng):
    for item in items:
        if item.meeting_id not in held:
            continue
        for letter in "abc"[:rng.randint(1, 3)]:
            yield Resolution(item_id=item.pk, letter=letter, outcome_id=rng.choice(outcomes),
                             text=rng.choice(RESOLUTION_TEXTS))


def _questions(meetings, items_of, people, rng):
    for meeting in meetings:
        if rng.random() < 0.2:
            for number in range(1, rng.randint(1, 3) + 1):
                n = rng.randint(100, 999)
                yield PublicQuestion(
                    meeting_id=meeting.pk, item_id=items_of[meeting.pk].get(3),
                    number=number, kind=PublicQuestion.Kind.WITH_NOTICE,
                    status=(PublicQuestion.Status.ACCEPTED if rng.random() < 0.85
                            else PublicQuestion.Status.RECEIVED),
                    speaker_name=f"Questioner {n}", on_behalf_of="themselves",
                    contact_address=f"{n} Example Street, Leicester LE1 0ZZ",
                    contact_email=f"questioner{n}@example.invalid",
                    contact_phone=f"0116 496 0{n}",
                    question="How will the plan reach people who do not use the internet?",
                    response="<p>The plan includes printed and telephone routes.</p>",
                    responder_id=rng.choice(people), response_published=True,
                    received_at=meeting.start - datetime.timedelta(days=7),
                )


def _declarations(meetings, items_of, attending, rng):
    for meeting in meetings:
        if rng.random() < 0.3:
            yield DeclarationOfInterest(
                meeting_id=meeting.pk, item_id=items_of[meeting.pk].get(4),
                person_id=rng.choice(attending[meeting.pk]),
                description="A family member works for a provider named in the report.",
            )


def _events(meetings, attending, now, rng):
    for meeting in meetings:
        if meeting.start >= now:
            continue
        for minutes in sorted(rng.sample(range(5, 110), rng.randint(0, 3))):
            yield MeetingEvent(
                meeting_id=meeting.pk, kind=rng.choice([MeetingEvent.Kind.JOINED,
                                                        MeetingEvent.Kind.LEFT]),
                at=meeting.start + datetime.timedelta(minutes=minutes),
                person_id=rng.choice(attending[meeting.pk]),
            )
        yield MeetingEvent(meeting_id=meeting.pk, kind=MeetingEvent.Kind.CLOSED,
                           at=meeting.start + datetime.timedelta(minutes=120))


def generate(scale, rng, progress):
    now = timezone.now()
    people = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    organisations = list(Organisation.objects.order_by("pk").values_list("pk", flat=True))
    partners = organisations[:PARTNERS]
    outcomes = list(Outcome.objects.order_by("pk").values_list("pk", flat=True))
    boards = insert(Board, (
        Board(name=name, slug=f"board-{i + 1}", kind=kind, host_id=partners[i % len(partners)],
              short_name=f"B{i + 1}", contact_email=f"clerk{i + 1}@example.org",
              description=f"<p>The {name} meets in public.</p>")
        for i, (name, kind) in enumerate(BOARDS)
    ), progress, "boards", len(BOARDS))
    plan = _meeting_plan(scale, timezone.localdate())
    meetings = insert(Meeting, _meetings(plan, boards, rng, now), progress, "meetings", len(plan))
    attendances = insert(Attendance, _attendance(meetings, people, partners, rng), progress,
                         "attendance")
    attending = {}
    for line in attendances:
        attending.setdefault(line.meeting_id, []).append(line.person_id)
    # The items' long texts are in the database: only their keys are needed below.
    items = insert(AgendaItem, _items(meetings, people, rng), progress, "agenda items",
                   drop=("minutes", "minutes_document"))
    items_of = {}
    for item in items:
        items_of.setdefault(item.meeting_id, {})[item.number] = item.pk
    held = {meeting.pk for meeting in meetings if meeting.start < now}
    resolutions = insert(Resolution, _resolutions(items, held, outcomes, rng), progress,
                         "resolutions")
    questions = insert(PublicQuestion, _questions(meetings, items_of, people, rng), progress,
                       "public questions")
    insert(DeclarationOfInterest, _declarations(meetings, items_of, attending, rng), progress,
           "declarations")
    events = insert(MeetingEvent, _events(meetings, attending, now, rng), progress, "events")
    recount_everyone()  # bulk inserts send no signals
    return {"meetings": len(meetings), "attendance": len(attendances),
            "agenda items": len(items), "resolutions": len(resolutions),
            "public questions": len(questions), "meeting events": len(events)}


def clear():
    """Empty the governance content tables (children first); keep the reference data."""
    models = [Correction, MeetingEvent, PublicQuestion, DeclarationOfInterest, Resolution,
              SupportingDocument, AgendaItem, Attendance, Meeting, Board]
    models += [model.history.model for model in models]
    models.insert(0, AttendanceRecord)  # derived, and without history
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608  # nosec B608: a quoted table name of our own model
