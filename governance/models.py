"""Boards, their meetings and what the minutes record: attendance, items, decisions, questions."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, Min, OuterRef, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from icsportal.compiled import Compiled, planned_once
from icsportal.dates import day_words
from icsportal.paths import path_maker, record_path
from icsportal.richtext import RichTextField
from icsportal.search_index import (
    SearchDocumentField,
    SearchDocumentIndex,
    TextVector,
    without_long_documents,
)
from icsportal.uploads import RandomName, SafePDFField
from people.models import PERSON_LINE_FIELDS, Organisation, Person

PUBLIC_MINUTES = ["published", "approved"]


def meeting_path(board_slug, day):
    """The address of `board_slug`'s meeting on `day` (a date), as reverse() gives it."""
    return record_path("governance:meeting", board_slug, day.isoformat())


def resolution_anchor(number, letter):
    """The id of a resolution on its meeting's page: item `number`'s decision `letter`."""
    return f"item-{number}-{letter}"


def meeting_paths():
    """`meeting_path` for a list of many meetings: the script prefix and URLconf are
    looked up once, not per link (1.4 µs a link against 4)."""
    path = path_maker("governance:meeting", 2)
    return lambda board_slug, day: path(board_slug, day.isoformat())


def meeting_places():
    """A function of a meeting's start and its board's slug giving the meeting's address
    and its start in London time, for lists of many: the address's pattern and the time
    zone are looked up once."""
    path = meeting_paths()
    zone = timezone.get_current_timezone()

    def where_and_when(start, board_slug):
        start = start.astimezone(zone)
        return path(board_slug, start.date()), start
    return where_and_when


def meeting_title(kind, board_name):
    """A meeting's title from its kind (a Meeting.Kind value) and its board's name."""
    if kind == Meeting.Kind.ORDINARY:
        return f"Meeting of the {board_name}"
    return f"{KIND_LABELS[kind]} meeting of the {board_name}"


class Board(models.Model):
    """A board or committee of the ICS whose meetings are held in public."""

    class Kind(models.TextChoices):
        HEALTH_AND_WELLBEING_BOARD = "hwb", "Health and wellbeing board"
        INTEGRATED_CARE_BOARD = "icb", "Integrated care board"
        INTEGRATED_CARE_PARTNERSHIP = "icp", "Integrated care partnership"
        COMMITTEE = "committee", "Committee"
        SUB_GROUP = "sub_group", "Sub-group"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True, help_text="e.g. Rutland HWB.")
    slug = models.SlugField(max_length=100, unique=True, help_text="Used in meeting addresses.")
    host = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="boards_hosted",
        help_text="The organisation that runs the board and keeps its minutes.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COMMITTEE)
    description = RichTextField(blank=True)
    terms_of_reference = RichTextField(blank=True)
    contact_email = models.EmailField(blank=True, help_text="The clerk's public address.")
    default_venue = models.CharField(
        max_length=200, blank=True, help_text="Filled in for new meetings of this board."
    )
    question_deadline_days = models.PositiveSmallIntegerField(
        default=3,
        help_text="Clear working days before a meeting by which public questions must arrive.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return record_path("governance:board", self.slug)


class MeetingQuerySet(models.QuerySet):
    def with_board(self):
        """Meetings with their boards, as a list or a page names them: their long search
        documents left unread."""
        return without_long_documents(self.select_related("board"))

    def upcoming(self, now=None):
        return (
            self.filter(start__gte=now or timezone.now())
            .exclude(status=Meeting.Status.CANCELLED)
            .with_board()
            .order_by("start")
        )

    def past(self, now=None):
        return self.filter(start__lt=now or timezone.now()).with_board().order_by("-start")

    def first_start_after(self, moment):
        """When the next meeting to start moves from `upcoming()` to `past()`: just after
        its start, as `upcoming()` keeps it until then. Cancelled meetings move too."""
        start = self.filter(start__gte=moment).aggregate(first=Min("start"))["first"]
        return start + datetime.timedelta(microseconds=1) if start else None

    def with_minutes(self):
        return self.filter(minutes_status__in=PUBLIC_MINUTES)

    def for_page(self):
        """Everything the meeting page shows besides its related lists, and whether four
        of those lists have any rows (see meeting_page_data)."""
        meeting = OuterRef("pk")
        return without_long_documents(
            self.select_related("board__host", "approved_at_meeting__board")
        ).annotate(
            has_documents=Exists(SupportingDocument.objects.filter(item__meeting=meeting)),
            has_questions=Exists(PublicQuestion.objects.filter(meeting=meeting)),
            has_declarations=Exists(DeclarationOfInterest.objects.filter(meeting=meeting)),
            has_corrections=Exists(Correction.objects.filter(meeting=meeting)),
        )


class Meeting(models.Model):
    """One meeting of a board, from its agenda to its approved minutes."""

    class Kind(models.TextChoices):
        ORDINARY = "ordinary", "Ordinary"
        SPECIAL = "special", "Special"
        EXTRAORDINARY = "extraordinary", "Extraordinary"
        ANNUAL = "annual", "Annual"

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        VIRTUAL = "virtual", "Virtual (online only)"
        HYBRID = "hybrid", "In person and online"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"
        POSTPONED = "postponed", "Postponed"

    # Not held on the day: lists say so in the meeting's line, and the boards list
    # skips them for a board's next and last meetings.
    CALLED_OFF = (Status.CANCELLED, Status.POSTPONED)

    class MinutesStatus(models.TextChoices):
        NONE = "none", "No minutes yet"
        DRAFT = "draft", "Draft (not public)"
        PUBLISHED = "published", "Published, awaiting approval"
        APPROVED = "approved", "Approved as a correct record"

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ORDINARY)
    start = models.DateTimeField(help_text="Date and start time, London time.")
    date = models.DateField(editable=False, help_text="The London date of the start.")
    venue = models.CharField(max_length=200, blank=True, help_text="e.g. Council Chamber, Catmose.")
    mode = models.CharField(max_length=20, choices=Mode.choices, default=Mode.IN_PERSON)
    remote_link = models.URLField(blank=True, help_text="Zoom or Teams link for the public.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    can_take_decisions = models.BooleanField(
        null=True, blank=True,
        help_text="Leave empty to follow the mode: a meeting held only online cannot "
        "legally take decisions.",
    )
    minutes_status = models.CharField(
        max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.NONE,
        help_text="Changed by the Publish minutes and Approve minutes actions.",
    )
    minutes_published_at = models.DateTimeField(null=True, blank=True)
    minutes_approved_at = models.DateTimeField(null=True, blank=True)
    approved_at_meeting = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT,
        related_name="minutes_approved",
        help_text="The later meeting that approved these minutes as a correct record.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    # The weighted full-text document site search matches (icsportal/search_index.py).
    search_document = SearchDocumentField(long=True)  # the minutes are in it
    history = HistoricalRecords(excluded_fields=["search_document"])

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]
        # The meetings list (newest first, past or upcoming) and a board's own list.
        indexes = [
            models.Index(fields=["start"], name="meeting_start"),
            models.Index(fields=["board", "start"], name="meeting_board_start"),
            SearchDocumentIndex(fields=["search_document"], name="meeting_search"),
            # The newest change, which dates the meetings list and meetings in the sitemap.
            models.Index(fields=["updated_at"], name="meeting_updated"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["board", "date"], name="one_meeting_per_board_a_day")
        ]
        permissions = [
            ("publish_minutes", "Can publish minutes"),
            ("approve_minutes", "Can mark minutes approved"),
        ]

    def __str__(self):
        return f"{self.board.short_name or self.board.name}, {day_words(self.local_date)}"

    def save(self, *args, **kwargs):
        self.date = self.local_date
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return meeting_path(self.board.slug, self.local_date)

    @property
    def local_date(self):
        return timezone.localtime(self.start).date() if self.start else None

    @property
    def title(self):
        return meeting_title(self.kind, self.board.name)

    @property
    def takes_decisions(self):
        if self.can_take_decisions is not None:
            return self.can_take_decisions
        return self.mode != self.Mode.VIRTUAL

    @property
    def minutes_are_public(self):
        return self.minutes_status in PUBLIC_MINUTES

    @property
    def called_off(self):
        """Cancelled or postponed: lists say so in the meeting's line."""
        return self.status in self.CALLED_OFF

    @property
    def is_locked(self):
        """Approved minutes are a legal record: changes need a correction."""
        return self.minutes_status == self.MinutesStatus.APPROVED

    def clean(self):
        if self.start and self.board_id:
            clash = Meeting.objects.filter(board_id=self.board_id, date=self.local_date)
            if clash.exclude(pk=self.pk).exists():
                raise ValidationError({"start": "This board already has a meeting on that day."})

    def next_meeting(self):
        return MEETING_LISTS["next"].first(board=self.board_id, after=self.start)


BOARD_KIND_LABELS = dict(Board.Kind.choices)  # for the boards list's rows of values

# Labels of a meeting's choices, for lines built from rows of values (the meetings
# lists, the feeds, `meeting_title`), read once: get_FOO_display() builds the dict on
# every call.
KIND_LABELS = dict(Meeting.Kind.choices)
MODE_LABELS = dict(Meeting.Mode.choices)
STATUS_LABELS = dict(Meeting.Status.choices)
MINUTES_STATUS_LABELS = dict(Meeting.MinutesStatus.choices)


class BankHoliday(models.Model):
    """A public holiday in England, not counted as a working day for question deadlines."""

    is_reference_data = True  # not content: generate_corpus leaves it alone

    date = models.DateField(unique=True)
    name = models.CharField(max_length=100)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]

    def __str__(self):
        return f"{self.name} ({day_words(self.date)})"


class Attendance(models.Model):
    """A line of the minutes' attendance list: who, in what capacity, present or not."""

    class Category(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"
        PORTFOLIO_HOLDER_PRESENT = "portfolio_holder", "Portfolio holder present"
        OFFICERS_PRESENT = "officers", "Officers present"
        IN_ATTENDANCE = "in_attendance", "In attendance"

    # Members are expected at every meeting; officers and guests come when needed.
    MEMBER_CATEGORIES = [Category.PRESENT, Category.APOLOGIES, Category.ABSENT]
    ATTENDED_CATEGORIES = [
        Category.PRESENT, Category.PORTFOLIO_HOLDER_PRESENT, Category.OFFICERS_PRESENT,
        Category.IN_ATTENDANCE,
    ]

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    order = models.PositiveSmallIntegerField(
        default=0, blank=True,
        help_text="The line number in the minutes; left empty, lines keep the order typed.",
    )
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.PRESENT)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="attendances",
        help_text="Leave empty for a vacant post: give only the role.",
    )
    name = models.CharField(
        max_length=200, blank=True, help_text="Only if the person has no record, as written."
    )
    role = models.CharField(
        max_length=300, blank=True, help_text="The role as the minutes give it."
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="attendances"
    )
    is_chair = models.BooleanField("chair", default=False)
    representative = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="represented_at",
        help_text="Who came in this member's place.",
    )
    arrived_at = models.TimeField(null=True, blank=True, help_text="If late: London time.")
    left_at = models.TimeField(null=True, blank=True, help_text="If early: London time.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name_plural = "attendance"
        constraints = [
            models.CheckConstraint(
                condition=~Q(person__isnull=True, name="", role=""),
                name="attendance_names_a_person_or_a_post",
                violation_error_message="Give a person, or the role of a vacant post.",
            )
        ]

    def __str__(self):
        return self.display_name or f"Vacant: {self.role}"

    @property
    def display_name(self):
        return self.person.display_name if self.person_id else self.name

    @property
    def role_line(self):
        """'Chair of Healthwatch Rutland' or 'Clinical Director, Rutland Health PCN'."""
        return role_line(self.role, self.organisation.name if self.organisation_id else "")

    @property
    def is_vacant(self):
        return self.person_id is None and not self.name


def role_line(role, organisation):
    """An attendance line's role with its organisation after it, unless the role names it
    already (see Attendance.role_line)."""
    if not organisation or organisation in role:
        return role
    return f"{role}, {organisation}" if role else organisation


# What an attendance list shows of a line, read as plain values: built as models with
# their people, organisations and representatives, a meeting's 15 lines were 60 objects.
ATTENDANCE_LINE = (
    "pk", "order", "category", "name", "role", "is_chair", "arrived_at", "left_at",
    "organisation__name",
    *(f"{who}__{field}" for who in ("person", "representative") for field in PERSON_LINE_FIELDS),
)


class AttendanceRecord(models.Model):
    """A person's attendance at one board's meetings with public minutes, counted: the
    rates on the person page.

    Derived from the attendance lines and kept by `governance.attendance`, so that the
    page reads a row per board rather than every line the person has in the archive
    (736 lines for the longest-serving member of the scale-50 corpus). Not edited.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE,
                               related_name="attendance_records")
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="+")
    expected = models.PositiveIntegerField(help_text="Lines as a member: present, "
                                           "apologies or absent.")
    present = models.PositiveIntegerField()
    attended = models.PositiveIntegerField(help_text="Lines of any attended category.")
    last = models.DateTimeField(help_text="The start of the latest of these meetings.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "board"], name="one_record_per_board"),
        ]

    def __str__(self):
        return f"{self.person_id} at {self.board_id}: {self.present} of {self.expected}"


class AgendaItem(models.Model):
    """A numbered item of a meeting's agenda, with the minutes of its discussion."""

    class Kind(models.TextChoices):
        WELCOME = "welcome", "Welcome and apologies"
        DECLARATIONS = "declarations", "Declarations of interest"
        PUBLIC_QUESTIONS = "public_questions", "Petitions, deputations and questions"
        SHORT_NOTICE_QUESTIONS = "short_notice", "Questions at short notice"
        MEMBER_QUESTIONS = "member_questions", "Questions from members"
        REPORT = "report", "Report"
        VERBAL_UPDATE = "verbal_update", "Verbal update"
        NEXT_MEETING = "next_meeting", "Date of next meeting"
        OTHER = "other", "Other"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.REPORT)
    report_reference = models.CharField(
        max_length=60, blank=True, help_text='e.g. "Report No. 42/2022".'
    )
    presenter = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="items_presented"
    )
    presenter_role = models.CharField(
        max_length=300, blank=True, help_text="The capacity they presented in, as recorded."
    )
    minutes = RichTextField(blank=True, help_text="The points noted in the discussion.")
    is_exempt = models.BooleanField(
        "exempt", default=False,
        help_text="Taken in private: only the title is published.",
    )
    # The words of the minutes, kept by the database, for choosing which item's minutes a
    # meeting's search result quotes (governance.search); the meeting's own document is
    # what a search matches. NULL except on PostgreSQL.
    minutes_document = models.GeneratedField(
        expression=TextVector("minutes"), output_field=SearchDocumentField(long=True),
        db_persist=True,
    )
    history = HistoricalRecords(excluded_fields=["minutes_document"])

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="one_item_per_number")
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return f"{self.meeting.get_absolute_url()}#item-{self.number}"


class SupportingDocument(models.Model):
    """A report or appendix published with an agenda item (PDF)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200, help_text='e.g. "Appendix A: the strategy".')
    file = SafePDFField(upload_to=RandomName("governance"))
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "order", "pk"]

    def __str__(self):
        return self.title


class Outcome(models.Model):
    """The word that opens a resolution (NOTED, APPROVED, …); officers may add more."""

    is_reference_data = True  # not content: generate_corpus leaves it alone

    word = models.CharField(max_length=40, unique=True, help_text="In capitals, e.g. NOTED.")
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "word"]

    def __str__(self):
        return self.word

    def save(self, *args, **kwargs):
        self.word = self.word.strip().upper()
        super().save(*args, **kwargs)

    def clean(self):
        # Before the unique check, so "noted" is refused as NOTED's twin, not on save.
        self.word = self.word.strip().upper()
        limit = self._meta.get_field("word").max_length
        if len(self.word) > limit:  # a capital can be longer: "ß" is "SS"
            raise ValidationError({"word": f"In capitals the word is longer than {limit} "
                                           "characters."})


class ResolutionQuerySet(models.QuerySet):
    def public(self):
        """Decisions in published minutes, outside exempt items, newest meeting first."""
        return without_long_documents(
            self.filter(item__meeting__minutes_status__in=PUBLIC_MINUTES, item__is_exempt=False)
            .select_related("outcome", "item__meeting__board")
            .order_by("-item__meeting__start", "item__number", "letter")
        )


class Resolution(models.Model):
    """One lettered decision under RESOLVED, opened by its outcome word."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="resolutions")
    letter = models.CharField(max_length=4, default="a", help_text="a, b, c …")
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="resolutions")
    text = models.TextField(help_text="What follows the outcome word.")
    updated_at = models.DateTimeField(auto_now=True)
    # The weighted full-text document site search matches (icsportal/search_index.py).
    search_document = SearchDocumentField()
    history = HistoricalRecords(excluded_fields=["search_document"])

    objects = ResolutionQuerySet.as_manager()

    class Meta:
        ordering = ["item", "letter"]
        indexes = [
            SearchDocumentIndex(fields=["search_document"], name="resolution_search"),
            # The newest change, which dates the decisions register in the sitemap.
            models.Index(fields=["updated_at"], name="resolution_updated"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["item", "letter"], name="one_resolution_per_letter")
        ]

    def __str__(self):
        return f"{self.letter}) {self.outcome} {self.text[:60]}"

    def get_absolute_url(self):
        anchor = resolution_anchor(self.item.number, self.letter)
        return f"{self.item.meeting.get_absolute_url()}#{anchor}"


class DeclarationOfInterest(models.Model):
    """An interest a member declared at a meeting."""

    class Kind(models.TextChoices):
        PECUNIARY = "pecuniary", "Disclosable pecuniary interest"
        REGISTRABLE = "registrable", "Other registrable interest"
        NON_REGISTRABLE = "non_registrable", "Non-registrable interest"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="declarations")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.CASCADE, related_name="declarations"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="declarations")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.REGISTRABLE)
    description = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name_plural = "declarations of interest"

    def __str__(self):
        return f"{self.person} ({self.get_kind_display()})"


class PublicQuestionQuerySet(models.QuerySet):
    def public(self):
        """Accepted questions, without the asker's contact details: a public page does not
        even read them."""
        return self.filter(status=PublicQuestion.Status.ACCEPTED).defer(
            *PublicQuestion.PRIVATE_FIELDS
        )


class PublicQuestion(models.Model):
    """A petition, deputation or question put to a board. Contact details are private."""

    class Kind(models.TextChoices):
        PETITION = "petition", "Petition"
        DEPUTATION = "deputation", "Deputation"
        WITH_NOTICE = "with_notice", "Question with notice"
        SHORT_NOTICE = "short_notice", "Question at short notice"
        MEMBER = "member", "Question from a member"

    class Status(models.TextChoices):
        RECEIVED = "received", "Received (not public)"
        ACCEPTED = "accepted", "Accepted for the meeting"
        REJECTED = "rejected", "Not accepted"

    # Kept for correspondence only; never rendered by a public template (tests crawl for it).
    PRIVATE_FIELDS = ["contact_address", "contact_email", "contact_phone"]

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="questions")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions",
        help_text="The agenda item it was taken under.",
    )
    number = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.WITH_NOTICE)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    speaker_name = models.CharField(max_length=200, help_text="As the minutes record it.")
    on_behalf_of = models.CharField(
        max_length=200, blank=True, help_text='Public: an organisation, or "themselves".'
    )
    contact_address = models.TextField(blank=True, help_text="Private: never published.")
    contact_email = models.EmailField(blank=True, help_text="Private: never published.")
    contact_phone = models.CharField(max_length=40, blank=True, help_text="Private.")
    question = models.TextField()
    response = RichTextField(blank=True, help_text="The written response.")
    responder = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="questions_answered"
    )
    responder_role = models.CharField(max_length=300, blank=True, help_text="As signed.")
    response_published = models.BooleanField(default=False)
    speaker_attended = models.BooleanField(default=False)
    received_at = models.DateTimeField(default=timezone.now)
    contacts_purged_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=PRIVATE_FIELDS)

    objects = PublicQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "number", "pk"]
        permissions = [("view_question_contacts", "Can see questioners' contact details")]

    def __str__(self):
        return f"{self.get_kind_display()} from {self.speaker_name}"


class MeetingEvent(models.Model):
    """A moment of the meeting's timeline: someone joined or left, a break, the close."""

    class Kind(models.TextChoices):
        JOINED = "joined", "Joined"
        LEFT = "left", "Left"
        ADJOURNED = "adjourned", "Adjourned"
        RESUMED = "resumed", "Resumed"
        CLOSED = "closed", "Closed"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField(help_text="London time.")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="meeting_events"
    )
    name = models.CharField(max_length=200, blank=True, help_text="If not a person on record.")
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} at {timezone.localtime(self.at):%H:%M}"

    @property
    def who(self):
        return self.person.display_name if self.person_id else self.name


class Correction(models.Model):
    """A change made to approved minutes: who made it, when, why and what changed."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="corrections")
    what = models.CharField(max_length=300, help_text="The record that changed.")
    reason = models.TextField()
    changes = models.JSONField(default=dict, help_text="{field: [before, after]}.")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "made_at"]

    def __str__(self):
        return f"Correction to {self.what} on {day_words(timezone.localtime(self.made_at))}"


def sorted_rows(rows, *fields):
    """`rows` sorted in Python by `fields`: their queries have no ORDER BY.

    A meeting's lists are a few dozen rows at most, which sort here in microseconds,
    while an ORDER BY cost the ORM about 0.1 ms a query to compile; clearing the order
    also drops the models' default orderings, which name the meeting and would join it.
    """
    def key(row):
        return tuple(row[f] if isinstance(row, dict) else getattr(row, f) for f in fields)

    return sorted(rows, key=key)


@planned_once
def _next_meeting(board, after):
    later = Meeting.objects.filter(board_id=board, start__gt=after)
    return (
        without_long_documents(later)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("start")[:1]
    )


def _items_of(meetings):
    return without_long_documents(
        AgendaItem.objects.filter(meeting__id__any_of=meetings).select_related("presenter")
    ).order_by()


def _documents_of(items):
    return SupportingDocument.objects.filter(item__id__any_of=items).order_by()


def _resolutions_of(items):
    # Values, not model objects: the page shows the letter, the word and the text (the
    # API's records the key too).
    return Resolution.objects.filter(item__id__any_of=items).values(
        "id", "item_id", "letter", "text", word=F("outcome__word")
    ).order_by()


def _questions_of(meetings):
    # Contact fields are never even read: public() defers them.
    return (PublicQuestion.objects.public().filter(meeting__id__any_of=meetings)
            .select_related("responder").order_by())


def _declarations_at(meeting):
    return (DeclarationOfInterest.objects.filter(meeting_id=meeting)
            .select_related("person").order_by())


def _attendance_at(meeting):
    return Attendance.objects.filter(meeting_id=meeting).values(*ATTENDANCE_LINE).order_by()


def _events_at(meeting):
    return MeetingEvent.objects.filter(meeting_id=meeting).select_related("person").order_by()


def _corrections_at(meeting):
    return Correction.objects.filter(meeting_id=meeting).order_by()


# The meeting page's queries, by keys; each compiled once (icsportal.compiled). The API's
# meeting records read their items, resolutions and questions through them too.
MEETING_LISTS = {
    "next": Compiled(_next_meeting, board=int, after=datetime.datetime),
    "items": Compiled(_items_of, meetings=list),
    "documents": Compiled(_documents_of, items=list),
    "resolutions": Compiled(_resolutions_of, items=list),
    "questions": Compiled(_questions_of, meetings=list),
    "declarations": Compiled(_declarations_at, meeting=int),
    "attendance": Compiled(_attendance_at, meeting=int),
    "events": Compiled(_events_at, meeting=int),
    "corrections": Compiled(_corrections_at, meeting=int),
}


def meeting_page_data(meeting):
    """The related lists of the meeting page, in a number of queries fixed whatever their size.

    The next meeting's agreed items come in the same query as this meeting's items. The
    lists are fetched into plain lists on each item (`resolution_list`, `document_list`)
    rather than prefetched: the template then reads attributes instead of building a
    related manager and a queryset for every item. What only the minutes show is not
    fetched for a meeting whose minutes are not public.
    """
    lists = MEETING_LISTS
    # Its own query rather than joined to the meeting's: by index and LIMIT 1 it costs
    # the same for the oldest meeting as for the newest.
    next_meeting = meeting.next_meeting()
    if next_meeting:
        next_meeting.board = meeting.board  # the same board: spare a query
    meeting_ids = [meeting.pk] + ([next_meeting.pk] if next_meeting else [])
    all_items = sorted_rows(lists["items"].run(meetings=meeting_ids), "meeting_id", "number")
    items = [item for item in all_items if item.meeting_id == meeting.pk]
    by_pk = {item.pk: item for item in items}
    for item in items:
        item.resolution_list, item.document_list = [], []
        item.public_questions, item.public_declarations = [], []
    public = meeting.minutes_are_public
    # A list the meeting's own statement found empty (Meeting.objects.for_page) is not
    # asked for: most meetings have no papers, public questions or declarations, and
    # no corrections. A meeting read otherwise is taken to have each.
    def has(name):
        return getattr(meeting, f"has_{name}", True)
    if by_pk and has("documents"):
        documents = lists["documents"].run(items=list(by_pk))
        for document in sorted_rows(documents, "item_id", "order", "pk"):
            by_pk[document.item_id].document_list.append(document)
    if by_pk and public:
        resolutions = lists["resolutions"].run(items=list(by_pk))
        for resolution in sorted_rows(resolutions, "item_id", "letter"):
            by_pk[resolution["item_id"]].resolution_list.append(resolution)
    questions, declarations, attendances = [], [], []
    if public:
        if has("questions"):
            questions = sorted_rows(lists["questions"].run(meetings=[meeting.pk]),
                                    "number", "pk")
        if has("declarations"):
            declarations = sorted_rows(lists["declarations"].run(meeting=meeting.pk), "pk")
        attendances = sorted_rows(lists["attendance"].run(meeting=meeting.pk), "order", "pk")
    for question in questions:
        if question.item_id in by_pk:
            by_pk[question.item_id].public_questions.append(question)
    for declaration in declarations:
        if declaration.item_id in by_pk:
            by_pk[declaration.item_id].public_declarations.append(declaration)
    groups = {value: [] for value in Attendance.Category.values}
    for line in attendances:
        groups.setdefault(line["category"], []).append(line)
    events = lists["events"].run(meeting=meeting.pk)
    corrections = []
    if meeting.is_locked and has("corrections"):
        corrections = lists["corrections"].run(meeting=meeting.pk)
    return {
        "items": items,
        "next_meeting": next_meeting,
        "next_items": [item for item in all_items if item.meeting_id != meeting.pk],
        "attendance_groups": [
            (label, groups[value]) for value, label in Attendance.Category.choices
            if groups[value]
        ],
        "questions": questions,
        "declarations": declarations,
        "events": sorted_rows(events, "at", "pk"),
        "corrections": sorted_rows(corrections, "made_at", "pk"),
    }


@planned_once
def _member_lines(board, since):
    return (
        Attendance.objects.filter(
            meeting__board_id=board, meeting__start__gte=since,
            category__in=Attendance.MEMBER_CATEGORIES,
        )
        .order_by("order", "meeting__start", "pk")
        .values_list("pk", "person_id", "role")
    )


def _attendance_lines(keys):
    return Attendance.objects.filter(pk__any_of=keys).values(*ATTENDANCE_LINE).order_by()


MEMBER_LINES = Compiled(_member_lines, board=int, since=datetime.datetime)
ATTENDANCE_LINES = Compiled(_attendance_lines, keys=list)


def board_members(board, now=None):
    """The members recorded at the board's meetings in the last year, in the minutes' order:
    each person (or vacant post, by its role) once, as their line with the lowest number,
    the earliest meeting's line if several share it.

    The year's lines are read as three plain values each to choose one line per member;
    only the chosen few dozen are fetched, as ATTENDANCE_LINE's values. Building
    every line of the year as objects (about 250) cost three times as much, and ranking
    them with a window function in SQL cost more to compile than it saved.
    """
    year_ago = (now or timezone.now()) - datetime.timedelta(days=366)
    seen, chosen = set(), []
    for pk, person_id, role in MEMBER_LINES.run(board=board.pk, since=year_ago):
        key = person_id or f"post:{role}"
        if key not in seen:
            seen.add(key)
            chosen.append(pk)
    found = {line["pk"]: line for line in ATTENDANCE_LINES.run(keys=chosen)}
    return [found[pk] for pk in chosen]


def london(date, hour, minute):
    """An aware datetime for a London clock time on `date`."""
    return timezone.make_aware(datetime.datetime(date.year, date.month, date.day, hour, minute))
