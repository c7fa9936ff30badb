"""Root URLs: the admin, each app's public pages, static pages and the health check."""

from django.conf import settings
from django.contrib import admin
from django.contrib.flatpages import views as flatpage_views
from django.urls import include, path

from icsportal import uploads_views, views, views_bench

admin.site.site_header = "icsportal administration"
admin.site.site_title = "icsportal"
admin.site.index_title = "Content and records"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("bench/ceiling", views_bench.ceiling, name="bench_ceiling"),
    path("admin/ckeditor5/upload/", uploads_views.ckeditor_upload, name="ckeditor_upload"),
    path("admin/", admin.site.urls),
    path("about/", flatpage_views.flatpage, {"url": "/about/"}, name="about"),
    path("accessibility/", flatpage_views.flatpage, {"url": "/accessibility/"},
         name="accessibility"),
    path("privacy/", flatpage_views.flatpage, {"url": "/privacy/"}, name="privacy"),
    path("contact/", flatpage_views.flatpage, {"url": "/contact/"}, name="contact"),
    path("", include("people.urls")),
    path("", include("bulletins.urls")),
    path("", include("governance.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "icsportal.views.page_not_found"
handler500 = "icsportal.views.server_error"
