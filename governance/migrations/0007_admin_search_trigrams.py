from django.db import migrations

from icsportal.admin_search import AddTrigramIndexes


class Migration(migrations.Migration):
    """The admin's searches of agenda items, and of meetings by their items, read trigram
    indexes on PostgreSQL (`icsportal.admin_search`)."""

    dependencies = [
        ('governance', '0006_updated_at_indexes'),
        ('people', '0006_admin_search_trigrams'),  # creates the pg_trgm extension
    ]

    operations = [
        AddTrigramIndexes(model_name='agendaitem', fields=['title', 'report_reference']),
    ]
