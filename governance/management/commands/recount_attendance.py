"""Rewrite every person's attendance record from the attendance lines."""

from django.core.management.base import BaseCommand

from governance.attendance import recount_everyone


class Command(BaseCommand):
    help = (
        "Recount every person's attendance at each board (the rates on the person page) "
        "from the attendance lines. Saves keep the records up to date; run this after "
        "writes that send no signals: loaddata, bulk inserts, SQL."
    )

    def handle(self, *args, **options):
        written = recount_everyone()
        self.stdout.write(f"Wrote {written:,} attendance record(s).")
