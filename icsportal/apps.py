"""App configuration for the site-wide pieces of icsportal."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class IcsportalConfig(AppConfig):
    name = "icsportal"
    verbose_name = "Site"

    def ready(self):
        from icsportal.caching import connect_invalidation
        from icsportal.roles import sync_group_permissions

        connect_invalidation()
        from icsportal.search_index import connect

        connect()

        post_migrate.connect(sync_group_permissions, dispatch_uid="icsportal.sync_groups")
