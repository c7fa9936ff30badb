"""Atom and RSS feeds of the decisions register and of each board's meetings."""

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404
from django.urls import reverse

from governance.filters import DECISION_FILTERS, decision_filters, decision_params, narrow
from governance.models import (
    MINUTES_STATUS_LABELS,
    MODE_LABELS,
    PUBLIC_MINUTES,
    STATUS_LABELS,
    Board,
    Meeting,
    Resolution,
    meeting_places,
    meeting_title,
    resolution_anchor,
)
from icsportal.compiled import Compiled, planned_once
from icsportal.dates import date_words, day_words, time_words
from icsportal.feeds import SiteFeed

# Enough for a reader who checks weekly; the register and board pages keep the rest.
FEED_SIZE = 50
# What a decision's entry shows, read as plain values (SiteFeed): none of the meeting's or
# item's long texts.
DECISION_FIELDS = (
    "letter", "text", "updated_at", "outcome__word", "item__number", "item__title",
    "item__meeting__start", "item__meeting__minutes_published_at",
    "item__meeting__minutes_approved_at", "item__meeting__board__name",
    "item__meeting__board__short_name", "item__meeting__board__slug",
)
# What a meeting's entry shows, with when it was first recorded (BoardMeetingFeed).
MEETING_FIELDS = ("kind", "start", "venue", "mode", "status", "minutes_status", "updated_at")


@planned_once(unless=("since", "until"))  # as the register's dates: docs/performance.md
def _newest_decisions(**filters):
    return narrow(Resolution.objects.public(), **filters).values(*DECISION_FIELDS)[:FEED_SIZE]


def _newest_meetings(board):
    # When a meeting was first put on the site is its first history record.
    first_recorded = (
        Meeting.history.model.objects.filter(id=OuterRef("pk"))
        .order_by("history_date").values("history_date")[:1]
    )
    return (Meeting.objects.filter(board=board).order_by("-start")
            .values(*MEETING_FIELDS, first_recorded=Subquery(first_recorded))[:FEED_SIZE])


NEWEST_MEETINGS = Compiled(_newest_meetings, board=int)  # compiled once


class DecisionFeed(SiteFeed):
    """Decisions in published minutes, newest meeting first, filtered as the register is."""

    title = f"{settings.ICS_NAME}: decisions register"
    description = subtitle = "Every resolution in the published minutes of our boards."

    def query_parameters(self):
        return frozenset(DECISION_FILTERS)

    def get_object(self, request):
        # Not an object: the register's filters, so a filtered page links a filtered feed.
        return decision_params(request.GET)

    def link(self, obj):
        return reverse("governance:decision_list")

    def entries(self, obj):
        # A date that cannot be read is ignored here; the register page explains it.
        filters, _errors = decision_filters(obj)
        rows = Compiled.run_shaped(_newest_decisions, **filters)
        where_and_when = meeting_places()
        for row in rows:
            meeting, start = where_and_when(row["item__meeting__start"],
                                            row["item__meeting__board__slug"])
            row["day"] = start.date()
            row["path"] = f"{meeting}#{resolution_anchor(row['item__number'], row['letter'])}"
        return rows

    def item_title(self, item):
        board = item["item__meeting__board__short_name"] or item["item__meeting__board__name"]
        return f"{board}, {day_words(item['day'])}: {item['item__title']} ({item['letter']})"

    def item_description(self, item):
        return (f"{item['outcome__word']} {item['text']} (Item {item['item__number']}, "
                f"{item['item__title']}, at the meeting of the "
                f"{item['item__meeting__board__name']} on {day_words(item['day'])}.)")

    def item_pubdate(self, item):
        # A decision becomes public with its minutes.
        return (item["item__meeting__minutes_published_at"]
                or item["item__meeting__minutes_approved_at"] or item["updated_at"])

    def item_author_name(self, item):
        return item["item__meeting__board__name"]

    def item_categories(self, item):
        return [item["outcome__word"]]


class BoardMeetingFeed(SiteFeed):
    """A board's meetings, latest first, from first notice to approved minutes."""

    def get_object(self, request, slug):
        return get_object_or_404(Board, slug=slug)

    def title(self, obj):
        return f"{obj.name}: meetings"

    def description(self, obj):
        return f"Meetings of the {obj.name}, with their agendas and minutes."

    def subtitle(self, obj):
        return self.description(obj)

    def link(self, obj):
        return obj.get_absolute_url()

    def entries(self, obj):
        rows = NEWEST_MEETINGS.run(board=obj.pk)
        where_and_when = meeting_places()
        for row in rows:
            row["board_name"] = obj.name
            row["path"], row["when"] = where_and_when(row["start"], obj.slug)
        return rows

    def item_title(self, item):
        label = f"{meeting_title(item['kind'], item['board_name'])}, {day_words(item['when'])}"
        return f"{label} (cancelled)" if item["status"] == Meeting.Status.CANCELLED else label

    def item_description(self, item):
        where = item["venue"] or MODE_LABELS[item["mode"]]
        status = STATUS_LABELS[item["status"]]
        minutes = (MINUTES_STATUS_LABELS[item["minutes_status"]]
                   if item["minutes_status"] in PUBLIC_MINUTES else "Minutes not yet published")
        when = f"{date_words(item['when'])}, {time_words(item['when'])}"
        return f"{when}, {where}. {status}. {minutes}."

    def item_pubdate(self, item):
        return item["first_recorded"] or item["updated_at"]

    def item_author_name(self, item):
        return item["board_name"]
