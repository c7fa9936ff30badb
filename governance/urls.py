"""Public governance addresses: meetings, boards, decisions and public questions."""

from django.urls import path

from governance import calendar, exports, feeds, views
from icsportal.feeds import rss

app_name = "governance"

urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/calendar.ics", calendar.meetings_calendar, name="calendar"),
    path("meetings/<slug:board>/", views.board_meetings, name="board_meetings"),
    path("meetings/<slug:board>/<str:date>/", views.meeting_detail, name="meeting"),
    path("meetings/<slug:board>/<str:date>/questions/", views.questions,
         name="questions"),
    path("meetings/<slug:board>/<str:date>/questions/new/", views.question_new,
         name="question_new"),
    path("meetings/<slug:board>/<str:date>/questions/sent/", views.question_sent,
         name="question_sent"),
    path("boards/", views.board_list, name="board_list"),
    path("boards/<slug:slug>/", views.board_detail, name="board"),
    path("boards/<slug:slug>/meetings.atom", feeds.BoardMeetingFeed(), name="board_feed"),
    path("boards/<slug:slug>/meetings.rss", rss(feeds.BoardMeetingFeed),
         name="board_feed_rss"),
    path("boards/<slug:slug>/calendar.ics", calendar.board_calendar, name="board_calendar"),
    path("boards/<slug:slug>/attendance.csv", exports.attendance_csv, name="attendance_csv"),
    path("decisions/", views.decision_list, name="decision_list"),
    path("decisions/feed.atom", feeds.DecisionFeed(), name="decision_feed"),
    path("decisions/feed.rss", rss(feeds.DecisionFeed), name="decision_feed_rss"),
    path("decisions/decisions.csv", exports.decisions_csv, name="decisions_csv"),
]
