"""Atom and RSS feeds of the decisions register and of each board's meetings."""

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from governance.filters import decision_filters, decision_params, narrow
from governance.models import Board, Meeting, Resolution
from icsportal.compiled import Compiled
from icsportal.feeds import SiteFeed
from icsportal.search_index import without_long_documents

# Enough for a reader who checks weekly; the register and board pages keep the rest.
FEED_SIZE = 50
# What a decision's entry shows: none of the meeting's or item's long texts.
DECISION_FIELDS = (
    "letter", "text", "updated_at", "outcome__word", "item__number", "item__title",
    "item__meeting__start", "item__meeting__minutes_published_at",
    "item__meeting__minutes_approved_at", "item__meeting__board__name",
    "item__meeting__board__short_name", "item__meeting__board__slug",
)


def _newest_decisions(**filters):
    return narrow(Resolution.objects.public(), **filters).only(*DECISION_FIELDS)[:FEED_SIZE]


class DecisionFeed(SiteFeed):
    """Decisions in published minutes, newest meeting first, filtered as the register is."""

    title = f"{settings.ICS_NAME}: decisions register"
    description = subtitle = "Every resolution in the published minutes of our boards."

    def get_object(self, request):
        # Not an object: the register's filters, so a filtered page links a filtered feed.
        return decision_params(request.GET)

    def link(self, obj):
        return reverse("governance:decision_list")

    def entries(self, obj):
        # A date that cannot be read is ignored here; the register page explains it.
        filters, _errors = decision_filters(obj)
        return Compiled.run_shaped(_newest_decisions, **filters)

    def item_title(self, item):
        meeting = item.item.meeting
        return (f"{meeting.board.short_name or meeting.board.name}, "
                f"{meeting.local_date:%d %B %Y}: {item.item.title} ({item.letter})")

    def item_description(self, item):
        meeting = item.item.meeting
        return (f"{item.outcome.word} {item.text} (Item {item.item.number}, {item.item.title}, "
                f"at the meeting of the {meeting.board.name} on {meeting.local_date:%d %B %Y}.)")

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        # A decision becomes public with its minutes.
        meeting = item.item.meeting
        return meeting.minutes_published_at or meeting.minutes_approved_at or item.updated_at

    def item_author_name(self, item):
        return item.item.meeting.board.name

    def item_categories(self, item):
        return [item.outcome.word]


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
        # When a meeting was first put on the site is its first history record.
        first_recorded = (
            Meeting.history.model.objects.filter(id=OuterRef("pk"))
            .order_by("history_date").values("history_date")[:1]
        )
        meetings = without_long_documents(obj.meetings.all()).annotate(
            first_recorded=Subquery(first_recorded)
        )
        meetings = list(meetings.order_by("-start")[:FEED_SIZE])
        for meeting in meetings:
            meeting.board = obj  # its title and address need the board: spare a query each
        return meetings

    def item_title(self, item):
        when = timezone.localtime(item.start)
        label = f"{item.title}, {when:%d %B %Y}"
        return f"{label} (cancelled)" if item.status == Meeting.Status.CANCELLED else label

    def item_description(self, item):
        when = timezone.localtime(item.start)
        where = item.venue or item.get_mode_display()
        minutes = (item.get_minutes_status_display() if item.minutes_are_public
                   else "Minutes not yet published")
        return f"{when:%A %d %B %Y, %H:%M}, {where}. {item.get_status_display()}. {minutes}."

    def item_pubdate(self, item):
        return item.first_recorded or item.updated_at

    def item_author_name(self, item):
        return item.board.name
