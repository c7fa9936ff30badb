"""App configuration for bulletins."""

from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    name = "bulletins"
    verbose_name = "Bulletins"

    def ready(self):
        from bulletins.models import Issue
        from icsportal.caching import register_schedule

        # A scheduled issue changes the home page, the archives and the feeds at its time.
        register_schedule("bulletins.issue", Issue.objects.first_publication_after)
