"""An issue's cover gets renditions for narrower screens, as an article's image has."""

from django.db import migrations, models


def make_cover_renditions(apps, schema_editor):
    from icsportal.renditions import keep_renditions

    Issue = apps.get_model("bulletins", "Issue")
    for issue in Issue.objects.exclude(cover_image="").iterator():
        keep_renditions(issue, "cover_image", "cover_image_renditions")


class Migration(migrations.Migration):

    dependencies = [
        ('bulletins', '0006_admin_search_trigrams'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalissue',
            name='cover_image_renditions',
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AddField(
            model_name='issue',
            name='cover_image_renditions',
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.RunPython(make_cover_renditions, migrations.RunPython.noop),
    ]
