"""Public governance addresses: meetings, boards, decisions and public questions."""

from django.urls import path

from governance import views

app_name = "governance"

urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/<slug:board>/<str:date>/", views.meeting_detail, name="meeting"),
    path("meetings/<slug:board>/<str:date>/questions/new/", views.question_new,
         name="question_new"),
    path("meetings/<slug:board>/<str:date>/questions/sent/", views.question_sent,
         name="question_sent"),
    path("boards/<slug:slug>/", views.board_detail, name="board"),
    path("decisions/", views.decision_list, name="decision_list"),
]
