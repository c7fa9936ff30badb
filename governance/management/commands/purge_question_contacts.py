"""Delete questioners' contact details once their meeting is older than the retention period."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from governance.services import months_before, purge_question_contacts


class Command(BaseCommand):
    help = (
        "Blank the address, email and phone of public questions to meetings older than "
        "--months (default 12). The question and its response stay in the minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=12)

    def handle(self, *args, **options):
        if options["months"] < 0:
            self.stderr.write("--months cannot be negative.")
            return
        cutoff = months_before(timezone.now(), options["months"])
        count = purge_question_contacts(cutoff)
        self.stdout.write(f"Purged the contact details of {count} question(s).")
