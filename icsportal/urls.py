"""Root URLs: the admin, each app's public pages, static pages and the health check."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from icsportal import search, sitemaps, uploads_views, views, views_bench
from icsportal.api import api, url_patterns

admin.site.site_header = "icsportal administration"
admin.site.site_title = "icsportal"
admin.site.index_title = "Content and records"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("livez", views.livez, name="livez"),
    path("bench/ceiling", views_bench.ceiling, name="bench_ceiling"),
    path("bench/layout", views_bench.layout, name="bench_layout"),
    path("admin/ckeditor5/upload/", uploads_views.ckeditor_upload, name="ckeditor_upload"),
    path("admin/", admin.site.urls),
    path("about/", views.static_page, {"url": "/about/"}, name="about"),
    path("accessibility/", views.static_page, {"url": "/accessibility/"}, name="accessibility"),
    path("privacy/", views.static_page, {"url": "/privacy/"}, name="privacy"),
    path("contact/", views.static_page, {"url": "/contact/"}, name="contact"),
    path("search/", search.search_view, name="search"),
    path("api/v1/", url_patterns(api)),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<section>.xml", sitemaps.section, name="sitemap-section"),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
    path("", include("people.urls")),
    path("", include("bulletins.urls")),
    path("", include("governance.urls")),
]

if settings.DEBUG or settings.ICSPORTAL_SERVE_MEDIA:
    from django.urls import re_path

    from icsportal import media

    urlpatterns += [
        re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", media.serve, name="media"),
    ]

handler400 = "icsportal.views.bad_request"
handler404 = "icsportal.views.page_not_found"
handler500 = "icsportal.views.server_error"
