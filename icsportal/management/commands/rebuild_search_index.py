"""Recompute every stored search document: after bulk loads, which send no signals."""

from django.core.management.base import BaseCommand
from django.db import connection

from icsportal.search import providers
from icsportal.search_index import BATCH, SearchDocumentIndex, is_postgres, rebuild, stored


class Command(BaseCommand):
    help = "Recompute the stored full-text search documents (PostgreSQL only), in batches."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=BATCH,
                            help="Rows per UPDATE (default %(default)s).")
        parser.add_argument("--type", action="append", default=[],
                            help="Only this search type, e.g. people (repeatable).")

    def handle(self, *args, batch, type, **options):
        self.verbosity = options["verbosity"]
        if not is_postgres():
            self.stdout.write("Not PostgreSQL: search matches fields directly, nothing to do.")
            return
        # Straight after a bulk load the tables have no statistics (autovacuum has not
        # seen them yet, or cannot: the load is not committed), and without them the
        # planner joins each document's tables by walking whole indexes for every row,
        # which took minutes for a few hundred decisions.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        models = []
        for provider in providers():
            if (type and provider.key not in type) or not stored(provider):
                continue
            done = rebuild(provider, batch=batch, progress=self._progress)
            self.stdout.write(f"{provider.key}: {done} documents")
            models.append(provider.public().model)
        if models:
            self._tidy(models)

    def _tidy(self, models):
        """Every document was rewritten: refresh what searches are planned and read with.

        The planner's estimates of how many rows a search matches come from the tables'
        statistics. A GIN index keeps new entries in a pending list that every search
        reads through until autovacuum merges it, which a manual ANALYZE does not do:
        after a scale-50 corpus the decisions index held 11,000 pending entries, and a
        two-word search spent 6 of its 18 ms reading them.
        """
        tables = [connection.ops.quote_name(model._meta.db_table) for model in models]
        indexes = [index.name for model in models for index in model._meta.indexes
                   if isinstance(index, SearchDocumentIndex)]
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(tables)}")
            for name in indexes:
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [name])

    def _progress(self, provider, done, total):
        if self.verbosity > 1:
            self.stderr.write(f"{provider.key}: {done}/{total}")
