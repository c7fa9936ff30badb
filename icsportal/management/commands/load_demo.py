"""Load the demo content: partners, people, static pages, bulletins and meetings.

Safe to run again: every loader updates what it finds and creates what is missing.
"""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Order matters: bulletins and meetings name people and organisations.
LOADERS = ["people.demo", "icsportal.demo", "bulletins.demo", "governance.demo"]


class Command(BaseCommand):
    help = "Load (or refresh) the demo content. Idempotent."

    @transaction.atomic
    def handle(self, *args, **options):
        for name in LOADERS:
            try:
                module = import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                continue
            module.load()
            self.stdout.write(f"loaded {name}")
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
