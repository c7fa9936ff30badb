from django.db import migrations

from icsportal.admin_search import AddTrigramIndexes


class Migration(migrations.Migration):
    """The admin's searches of articles and issues read trigram indexes on PostgreSQL
    (`icsportal.admin_search`)."""

    dependencies = [
        ('bulletins', '0005_updated_at_indexes'),
        ('people', '0006_admin_search_trigrams'),  # creates the pg_trgm extension
    ]

    operations = [
        AddTrigramIndexes(model_name='article', fields=['headline', 'standfirst', 'body']),
    ]
