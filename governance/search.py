"""Search over meetings (their public record) and over decisions as a register of their own.

A meeting is matched only on what its page shows: agenda item titles always; the minutes,
attendance, decisions and accepted questions (with published responses) only once the
minutes are published, and never an exempt item's minutes or a questioner's contact details.
"""

from django import forms
from django.db.models import Case, F, OuterRef, StringAgg, Subquery, TextField, Value, When
from django.db.models.functions import Coalesce, Concat

from governance.models import (
    PUBLIC_MINUTES,
    AgendaItem,
    Attendance,
    Meeting,
    PublicQuestion,
    Resolution,
)
from icsportal.dates import day_words
from icsportal.search import Hit, SearchProvider, register
from icsportal.templatetags.ics import minutes_date

BOARD_FIELD = forms.SlugField(
    required=False, label="Board", max_length=100,
    help_text="The board's short name as in its address, e.g. rutland-hwb.",
)


def _aggregate(queryset, expression, separator=" "):
    """One text of `expression` over the rows of `queryset` for the outer meeting."""
    return Subquery(
        queryset.order_by().values("meeting_id")
        .annotate(text=StringAgg(expression, Value(separator))).values("text")
    )


def _person_name(prefix):
    return Concat(
        Coalesce(f"{prefix}honorific", Value("")), Value(" "),
        Coalesce(f"{prefix}given_name", Value("")), Value(" "),
        Coalesce(f"{prefix}family_name", Value("")),
    )


class MeetingSearch(SearchProvider):
    key = "meetings"
    label = "Meetings"
    noun = "meetings"
    weights = {
        "board_name": "A", "item_titles": "A", "resolution_text": "B", "attendee_names": "B",
        "question_text": "C", "item_minutes": "C",
    }
    snippet_fields = ["item_titles", "resolution_text", "item_minutes", "question_text"]
    html_fields = {"item_minutes", "question_text"}
    ordering = ["-start", "pk"]
    dated = "start"
    recent_years = 5  # about 300 meetings a year in the generated corpus
    hit_fields = ["kind", "start", "status", "board__name", "board__slug"]
    filters = frozenset({"year", "board"})
    indexed_filters = {"board": "board__slug"}
    form_fields = {"board": BOARD_FIELD}

    def queryset(self):
        return self._annotated(document=True)

    def public(self):
        return Meeting.objects.all()

    def shown_queryset(self):
        # Board and attendee names only build the document; the snippet never quotes them.
        return self._annotated(document=False)

    def snippet_queryset(self, queryset, query):
        """The minutes quoted are those of the open item whose own words best match, not
        every item's: ts_headline reads each word of its text, about 7 ms for the 5,000
        words of a real meeting's minutes, for each meeting on the page. The items' words
        are kept by the database (`AgendaItem.minutes_document`), so choosing the item
        reads no text."""
        from django.contrib.postgres.search import SearchRank

        best = AgendaItem.objects.filter(
            meeting_id=OuterRef("pk"), is_exempt=False,
            meeting__minutes_status__in=PUBLIC_MINUTES, minutes_document=query,
        ).order_by(SearchRank(F("minutes_document"), query).desc(), "number")
        return queryset.annotate(item_minutes=Subquery(best.values("minutes")[:1]))

    def _annotated(self, document):
        here = {"meeting_id": OuterRef("pk")}
        minuted = {"meeting__minutes_status__in": PUBLIC_MINUTES}
        items = AgendaItem.objects.filter(**here)
        open_items = items.filter(**minuted, is_exempt=False)
        resolutions = Resolution.objects.filter(
            item__meeting_id=OuterRef("pk"), item__is_exempt=False,
            item__meeting__minutes_status__in=PUBLIC_MINUTES,
        ).order_by().values("item__meeting_id").annotate(
            text=StringAgg(Concat("outcome__word", Value(" "), "text", output_field=TextField()),
                           Value(" "))
        ).values("text")
        questions = PublicQuestion.objects.public().filter(**here, **minuted)
        response = Case(When(response_published=True, then=F("response")), default=Value(""),
                        output_field=TextField())
        meetings = Meeting.objects.select_related("board").annotate(
            item_titles=_aggregate(items, "title", " · "),
            item_minutes=_aggregate(open_items, "minutes"),
            resolution_text=Subquery(resolutions),
            question_text=_aggregate(
                questions, Concat("speaker_name", Value(" "), "question", Value(" "), response,
                                  output_field=TextField()),
            ),
        )
        if not document:
            return meetings
        return meetings.annotate(
            board_name=Concat("board__name", Value(" "), "board__short_name"),
            attendee_names=_aggregate(
                Attendance.objects.filter(**here, **minuted),
                Concat(_person_name("person__"), Value(" "), "name"),
            ),
        )

    def watches(self):
        def meeting_of(row):
            return [row.meeting_id]

        return {
            "governance.Meeting": lambda meeting: [meeting.pk],
            "governance.Board": lambda board: Meeting.objects.filter(
                board=board).values_list("pk", flat=True),
            "governance.AgendaItem": meeting_of,
            "governance.Attendance": meeting_of,
            "governance.PublicQuestion": meeting_of,
            "governance.Resolution": lambda resolution: AgendaItem.objects.filter(
                pk=resolution.item_id).values_list("meeting_id", flat=True),
            "governance.Outcome": lambda outcome: Resolution.objects.filter(
                outcome=outcome).values_list("item__meeting_id", flat=True),
            "people.Person": lambda person: Attendance.objects.filter(
                person=person).values_list("meeting_id", flat=True),
        }

    def filter(self, queryset, filters):
        if filters.year:
            queryset = queryset.filter(date__year=filters.year)
        return queryset

    def hit(self, meeting, snippet):
        meta = minutes_date(meeting.start)
        if meeting.called_off:
            meta += f" · {meeting.get_status_display()}"
        return Hit(meeting.title, meeting.get_absolute_url(), snippet, meta)


class DecisionSearch(SearchProvider):
    key = "decisions"
    label = "Decisions"
    noun = "decisions"
    weights = {"outcome_word": "A", "text": "A", "item_title": "B", "board_name": "C"}
    snippet_fields = ["text"]
    ordering = ["-item__meeting__start", "item__number", "letter", "pk"]
    dated = "item__meeting__start"
    recent_years = 2  # about 5,000 decisions a year in the generated corpus
    hit_fields = [
        "letter", "outcome__word", "item__title", "item__number", "item__meeting__start",
        "item__meeting__date", "item__meeting__board__name", "item__meeting__board__short_name",
        "item__meeting__board__slug",
    ]
    filters = frozenset({"year", "board"})
    indexed_filters = {"board": "item__meeting__board__slug"}
    form_fields = {"board": BOARD_FIELD}

    def queryset(self):
        return self._annotated(Resolution.objects.public())

    def public(self):
        return Resolution.objects.public()

    def shown_queryset(self):
        # Rows shown are among `public()` already; the hit reads the related rows.
        return Resolution.objects.select_related("outcome", "item__meeting__board")

    def document_queryset(self):
        # Every decision has a document, and publishing the minutes is not in it. (A
        # meeting's save still refreshes its decisions, for the year and the board:
        # see `watches()`.)
        return self._annotated(Resolution.objects.all())

    def _annotated(self, resolutions):
        return resolutions.annotate(
            outcome_word=F("outcome__word"), item_title=F("item__title"),
            board_name=Concat("item__meeting__board__name", Value(" "),
                              "item__meeting__board__short_name"),
        )

    def watches(self):
        return {
            "governance.Resolution": lambda resolution: [resolution.pk],
            "governance.AgendaItem": lambda item: Resolution.objects.filter(
                item=item).values_list("pk", flat=True),
            # The meeting's start and board give its decisions' documents their year
            # and board lexemes.
            "governance.Meeting": lambda meeting: Resolution.objects.filter(
                item__meeting=meeting).values_list("pk", flat=True),
            "governance.Outcome": lambda outcome: Resolution.objects.filter(
                outcome=outcome).values_list("pk", flat=True),
            "governance.Board": lambda board: Resolution.objects.filter(
                item__meeting__board=board).values_list("pk", flat=True),
        }

    def filter(self, queryset, filters):
        if filters.year:
            queryset = queryset.filter(item__meeting__date__year=filters.year)
        return queryset

    def hit(self, resolution, snippet):
        meeting = resolution.item.meeting
        title = f"{resolution.outcome.word}: {resolution.item.title}"
        meta = f"{meeting.board.short_name or meeting.board.name}, {day_words(meeting.date)}"
        return Hit(title, resolution.get_absolute_url(), snippet, meta)


register(MeetingSearch())
register(DecisionSearch())
