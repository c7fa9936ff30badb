"""Create the four staff groups. Their permissions are kept in line after every
migrate by icsportal.roles.sync_group_permissions."""

from django.db import migrations

GROUPS = ["Press office", "Editors", "Governance officers", "Site administrators"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in GROUPS:
        Group.objects.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_groups, remove_groups)]
