"""Sitemap sections for governance: the boards, meetings and decisions lists, boards and
meetings."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from governance.models import Board, Meeting, Resolution
from icsportal.sitemaps import KeyedSitemap, newest


class GovernanceListSitemap(Sitemap):
    """/boards/, /meetings/ and /decisions/, as new as the latest change to what they
    list: the boards list shows each board's next and last meetings."""

    def items(self):
        return ["governance:board_list", "governance:meeting_list", "governance:decision_list"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        if name == "governance:board_list":
            return max(filter(None, [newest(Board.objects.all(), "updated_at"),
                                     newest(Meeting.objects.all(), "updated_at")]), default=None)
        if name == "governance:meeting_list":
            return newest(Meeting.objects.all(), "updated_at")
        return newest(Resolution.objects.public(), "updated_at")


class BoardSitemap(Sitemap):
    def items(self):
        return Board.objects.order_by("pk").only("slug", "updated_at")

    def lastmod(self, board):
        return board.updated_at


class MeetingSitemap(KeyedSitemap):
    """Every meeting has a public page: the agenda first, then the published minutes."""

    def items(self):
        return Meeting.objects.select_related("board").only("start", "updated_at", "board__slug")

    def lastmod(self, meeting):
        return meeting.updated_at

    def get_latest_lastmod(self):
        return newest(Meeting.objects.all(), "updated_at")


SITEMAPS = {
    "governance-pages": GovernanceListSitemap(),
    "boards": BoardSitemap(),
    "meetings": MeetingSitemap(),
}
