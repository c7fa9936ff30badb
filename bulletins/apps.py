"""App configuration for bulletins."""

from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    name = "bulletins"
    verbose_name = "Bulletins"
