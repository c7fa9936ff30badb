from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from icsportal.admin_search import AddTrigramIndexes


class Migration(migrations.Migration):
    """The admin's searches of people and their roles read trigram indexes on PostgreSQL
    (`icsportal.admin_search`). `pg_trgm` is a trusted extension: the database's owner
    can create it."""

    dependencies = [
        ('people', '0005_updated_at_indexes'),
    ]

    operations = [
        TrigramExtension(),
        AddTrigramIndexes(model_name='person', fields=['given_name', 'family_name', 'honorific']),
        AddTrigramIndexes(model_name='role', fields=['title']),
    ]
