"""Bulletin URLs: publications, issues, articles, topics and the staff preview."""

from django.urls import path, register_converter
from django.urls.converters import IntConverter

from bulletins import feeds, views
from icsportal.feeds import rss


class EditionConverter(IntConverter):
    """An issue's number as its address writes it: "7", never "07" or "007", which the
    int converter reads as the same issue, each another address for the same page."""

    regex = "0|[1-9][0-9]*"


register_converter(EditionConverter, "edition")

app_name = "bulletins"

urlpatterns = [
    path("bulletins/", views.publication_list, name="publication_list"),
    path("bulletins/feed.atom", feeds.ArticleFeed(), name="feed"),
    path("bulletins/feed.rss", rss(feeds.ArticleFeed), name="feed_rss"),
    path("bulletins/<slug:publication>/feed.atom", feeds.PublicationFeed(),
         name="publication_feed"),
    path("bulletins/<slug:publication>/feed.rss", rss(feeds.PublicationFeed),
         name="publication_feed_rss"),
    path("bulletins/preview/issue/<int:pk>/", views.preview_issue, name="preview_issue"),
    path("bulletins/preview/article/<int:pk>/", views.preview_article, name="preview_article"),
    path("bulletins/<slug:publication>/", views.publication_detail, name="publication"),
    path("bulletins/<slug:publication>/<edition:edition>/", views.issue_detail, name="issue"),
    path("bulletins/<slug:publication>/<edition:edition>/<slug:slug>/", views.article_detail,
         name="article"),
    # Tag slugs may keep accents ("crisis-cafés"), so any path segment is accepted.
    path("topics/", views.topic_list, name="topic_list"),
    path("topics/<str:slug>/", views.topic, name="topic"),
    path("topics/<str:slug>/feed.atom", feeds.TopicFeed(), name="topic_feed"),
    path("topics/<str:slug>/feed.rss", rss(feeds.TopicFeed), name="topic_feed_rss"),
]
