from django.apps import AppConfig
from django.db.models.signals import post_migrate


def ensure_standard_outcomes(sender=None, using="default", **kwargs):
    """The outcome words the minutes use exist after every migrate (and every test flush,
    which empties tables and then sends post_migrate)."""
    from governance.migrations import STANDARD_OUTCOMES
    from governance.models import Outcome

    for order, word in enumerate(STANDARD_OUTCOMES, start=1):
        Outcome.objects.using(using).get_or_create(word=word, defaults={"order": order})


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance"

    def ready(self):
        post_migrate.connect(
            ensure_standard_outcomes, sender=self, dispatch_uid="governance.outcomes"
        )
        from governance import attendance
        from governance.models import Meeting
        from icsportal.caching import register_schedule

        attendance.connect()
        # A meeting that starts leaves the upcoming lists of the home, meetings and board pages.
        register_schedule("governance.meeting", Meeting.objects.first_start_after)
