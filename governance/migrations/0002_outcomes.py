"""The outcome words the minutes use; officers add others in the admin."""

from django.db import migrations

WORDS = [
    "NOTED", "APPROVED", "AGREED", "AGREED TO DEFER", "AUTHORISED", "ENDORSED",
    "RECOMMENDED", "REJECTED", "REPEATED", "RESOLVED",
]


def add_outcomes(apps, schema_editor):
    Outcome = apps.get_model("governance", "Outcome")
    for order, word in enumerate(WORDS, start=1):
        Outcome.objects.get_or_create(word=word, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial")]

    operations = [migrations.RunPython(add_outcomes, migrations.RunPython.noop)]
