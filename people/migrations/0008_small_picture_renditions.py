"""A person's photo and an organisation's logo get renditions and a recorded size, as an
article's image has, so their pages can write srcset, width and height."""

from django.db import migrations, models


def make_renditions(apps, schema_editor):
    from icsportal.renditions import SMALL_WIDTHS, keep_renditions

    for model, field in [("Person", "photo"), ("Organisation", "logo")]:
        pictured = apps.get_model("people", model).objects.exclude(**{field: ""})
        for record in pictured.iterator():
            keep_renditions(record, field, f"{field}_renditions", SMALL_WIDTHS)


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0007_person_honorific_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalorganisation',
            name='logo_renditions',
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AddField(
            model_name='historicalperson',
            name='photo_renditions',
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AddField(
            model_name='organisation',
            name='logo_renditions',
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AddField(
            model_name='person',
            name='photo_renditions',
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.RunPython(make_renditions, migrations.RunPython.noop),
    ]
