"""The admin's searches: every table's words read from that table's own rows and index.

Django's admin matches each word with `icontains` across `search_fields`, joining any
related table into one query. Two things made that slow as the archive grew:

- A pattern that starts with a wildcard (`LIKE '%word%'`) can use no B-tree index, so
  every search read every row of a table and its text.
- A condition that ORs columns of two joined tables cannot use either table's index,
  and a join to a list of rows (an issue's articles, a person's roles) repeats each
  row once per related row, so the admin added `DISTINCT` over every column.

`IndexedSearch` keeps the admin's meaning (every word must appear, in any of the
fields, case-insensitively) and builds each word's match as the keys of the rows that
contain it, one `SELECT` per table, joined by `UNION ALL`: `pk IN (…)`. On PostgreSQL
each of those reads a GIN index of the column's trigrams (`AddTrigramIndexes`, in the
apps' migrations), which answers `UPPER(column) LIKE UPPER('%word%')` for the same
rows. Other databases have no such index and read the tables as before.

That suits the large tables, whose own columns are indexed too: a search reads only
the rows that match. A small table (issues, meetings) has no index of its own text and
is read whole anyway, so its condition is ORed instead: the row's own columns, then
`pk IN (…)` for each related table. PostgreSQL builds each of those lists once, when a
row first needs it, so a word found in every issue's own text never reads an article,
where the union read every article that has it (`the`: 2.9 s to 0.1 s at corpus scale 50).

A word of one or two letters holds no trigram, so an index would have to hand back
every row for checking, and such a word is found in most rows. It is matched row by
row instead, through `EXISTS` for a list of related rows, so that a list can stop at
its first page of matches.

One difference from Django's join: through a list of related rows, each word is
matched on its own, so an issue is found when one of its articles has one word and
another has the next, as it would be by the words of its printed pages.

A list page asks its rows' question three times: how many match, which years they
span (its date links) and which are on the page. When a small table is searched
through a list of related rows, each asking reads those rows again (all 100,000
articles' text for `42` in the issues at corpus scale 50, 1.7 s each time). The
admin's list therefore reads the matching keys once and asks its three questions of
those keys, sent as one parameter (`AmongKeys`). The autocomplete does not: it stops
at its first page of matches.
"""

import json
import math

from django.contrib.admin.utils import lookup_spawns_duplicates
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import EmptyPage, Page, Paginator
from django.db.migrations.operations.base import Operation
from django.db.models import BooleanField, Exists, Expression, F, OuterRef, Q
from django.utils.text import smart_split, unescape_string_literal

TRIGRAM_SUFFIX = "_trgm"
# The columns the apps' migrations index (`AddTrigramIndexes`), by model: the large
# tables. A test checks that PostgreSQL has exactly these indexes.
INDEXED = {
    "bulletins.article": {"headline", "standfirst", "body"},
    "people.person": {"given_name", "family_name", "honorific"},
    "people.role": {"title"},
    "governance.agendaitem": {"title", "report_reference"},
}
TRIGRAM = 3  # a word shorter than this holds no trigram for an index to look up


def words(search_term):
    """The words of a search as Django's admin reads them: quoted phrases kept whole."""
    for bit in smart_split(search_term):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        yield bit


def check_path(model, path):
    """Refuse a search field this module cannot read table by table."""
    if path[0] in "^=@":
        raise ImproperlyConfigured(f"IndexedSearch takes field paths, not {path!r}")
    head, _, rest = path.partition("__")
    field = model._meta.get_field(head)
    if not field.is_relation:
        if rest:
            raise ImproperlyConfigured(f"IndexedSearch takes field paths, not lookups: {path!r}")
        return
    fk = field if field.many_to_one else field.remote_field if field.one_to_many else None
    if fk is None or not fk.target_field.primary_key or not rest:
        raise ImproperlyConfigured(
            f"IndexedSearch follows foreign keys to primary keys and their reverse, to a "
            f"text field: {model.__name__}.{path} does not")
    check_path(field.related_model, rest)


def _rows(model, path, word):
    """`model`'s rows whose text at `path` contains `word`, each table read alone."""
    head, _, rest = path.partition("__")
    field = model._meta.get_field(head)
    rows = model._base_manager.all()
    if not rest:
        return rows.filter(**{f"{head}__icontains": word})
    if field.many_to_one:
        return rows.filter(**{f"{field.attname}__in": keys(field.related_model, rest, word)})
    return rows.filter(pk__in=keys(model, path, word))


def keys(model, path, word):
    """The primary keys of `model`'s rows whose text at `path` contains `word`.

    Through a list of related rows (a reverse foreign key), the keys are read from the
    related table's own foreign key column, without touching `model`'s table."""
    head, _, rest = path.partition("__")
    field = model._meta.get_field(head)
    if rest and field.one_to_many:
        return _rows(field.related_model, rest, word).values(field.remote_field.attname)
    return _rows(model, path, word).values("pk")


def _condition(model, path, word, via=""):
    """`word` is in the text at `path` of the row of `model` being read: through a
    foreign key by Django's join (one row each), through a list of rows by `EXISTS`.
    `via` is the lookup path from the searched model to `model`."""
    head, _, rest = path.partition("__")
    field = model._meta.get_field(head)
    if not rest:
        return Q(**{f"{via}{head}__icontains": word})
    if field.many_to_one:
        return _condition(field.related_model, rest, word, f"{via}{head}__")
    related = field.related_model._base_manager.filter(_condition(field.related_model, rest, word))
    return Q(Exists(related.filter(**{field.remote_field.name: OuterRef(f"{via}pk")})))


def read_whole(model, fields):
    """`model` has no index of its own text among `fields`: a search reads every row."""
    own = {name for name in fields if "__" not in name}
    return not INDEXED.get(model._meta.label_lower, set()) & own


def word_match(model, fields, word):
    """A condition on `model`'s rows: `word` is in one of `fields`."""
    if len(word) < TRIGRAM:
        return Q.create([_condition(model, name, word) for name in fields], connector=Q.OR)
    own = [name for name in fields if "__" not in name]
    related = [name for name in fields if "__" in name]
    match = Q.create([(f"{name}__icontains", word) for name in own], connector=Q.OR)
    if not related:
        return match  # one table: its indexes are ORed where the condition is
    found = [keys(model, name, word) for name in related]
    if read_whole(model, fields):
        # A small table, read row by row: its own text first, and each related table's
        # keys gathered only when a row lacks the word there (module docstring).
        return Q.create([match, *(Q(pk__in=rows) for rows in found)], connector=Q.OR)
    if own:
        found.insert(0, model._base_manager.filter(match).values("pk"))
    return Q(pk__in=found[0].union(*found[1:], all=True) if len(found) > 1 else found[0])


class AmongKeys(Expression):
    """A condition: the row's primary key is one of `keys`, read once, sent as one
    parameter. A parameter each would limit a search to SQLite's 32,766 and cost
    PostgreSQL a constant each to parse: 16 ms a query for 5,000 keys, against 2 ms
    for one array literal."""

    def __init__(self, keys):
        super().__init__(output_field=BooleanField())
        self.column = F("pk")
        self.keys = [int(key) for key in keys]

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, exprs):
        (self.column,) = exprs

    def as_sql(self, compiler, connection):
        column, params = compiler.compile(self.column)
        marks = ", ".join(["%s"] * len(self.keys)) or "NULL"
        return f"{column} IN ({marks})", (*params, *self.keys)

    def as_postgresql(self, compiler, connection):
        column, params = compiler.compile(self.column)
        array = "{" + ",".join(map(str, self.keys)) + "}"
        return f"{column} = ANY(%s::bigint[])", (*params, array)

    def as_sqlite(self, compiler, connection):
        column, params = compiler.compile(self.column)
        # The column's quoted name; the keys are the parameter.
        sql = f"{column} IN (SELECT value FROM json_each(%s))"  # noqa: S608  # nosec B608
        return sql, (*params, json.dumps(self.keys))


class LookaheadPage(Page):
    def __init__(self, object_list, number, paginator, more):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self):
        return self.more


class LookaheadPaginator(Paginator):
    """Pages that know whether another follows by reading one row past their end, not
    by counting every match. The admin's autocomplete asks only that (its "more"), and
    counting the people with a `p` somewhere was nearly all of its 0.26 s at corpus
    scale 50. Orphans are not kept. A page number is checked as Paginator checks it,
    but for the last page, which is known only when a page comes back empty."""

    def page(self, number):
        number = self._validate_number(number, num_pages=math.inf)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom:bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        return LookaheadPage(rows[:self.per_page], number, self, len(rows) > self.per_page)


class IndexedSearch:
    """ModelAdmin mixin: the admin's search, read table by table (module docstring).

    `search_fields` are plain field paths through foreign keys and their reverse
    (`"title"`, `"board__name"`, `"articles__body"`); the `^`, `=` and `@` prefixes are
    not used here."""

    def get_search_results(self, request, queryset, search_term):
        fields = self.get_search_fields(request)
        if not (fields and search_term):
            return queryset, False
        for path in fields:
            check_path(queryset.model, path)
        found = queryset
        search_words = self.get_search_words(request, search_term)
        for word in search_words:
            found = found.filter(word_match(queryset.model, fields, word))
        if (not search_words or self.is_autocomplete(request)
                or not read_whole(queryset.model, fields)
                # Django's own test of a path through a list of related rows.
                or not any(lookup_spawns_duplicates(queryset.model._meta, p) for p in fields)):
            # No join: each row is found once.
            return found, False
        # A list page's count, dates and rows each read the related rows again: read
        # the matching keys once (module docstring).
        keys = list(found.order_by().values_list("pk", flat=True))
        return queryset.filter(AmongKeys(keys)), False

    def get_search_words(self, request, search_term):
        """The words each row must have: those of the search, as Django splits it."""
        return list(words(search_term))

    def is_autocomplete(self, request):
        """The request is the admin's autocomplete asking this admin for choices."""
        match = request.resolver_match
        return match is not None and match.view_name == f"{self.admin_site.name}:autocomplete"

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        if self.is_autocomplete(request):
            return LookaheadPaginator(queryset, per_page, 0, allow_empty_first_page)
        return super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)


def trigram_index_name(table, column):
    return f"{table}_{column}{TRIGRAM_SUFFIX}"


class AddTrigramIndexes(Operation):
    """Index the upper-cased trigrams of a model's text columns on PostgreSQL.

    `icontains` is `UPPER(column::text) LIKE UPPER(%s)` there; a GIN index of
    `UPPER(column)` with `gin_trgm_ops` answers it. Needs the `pg_trgm` extension
    (`TrigramExtension`, in the people app's migration). Elsewhere nothing is created.
    The index is the database's alone: the model's state does not change."""

    reversible = True

    def __init__(self, model_name, fields):
        self.model_name = model_name
        self.fields = fields

    def deconstruct(self):
        return self.__class__.__qualname__, [], {"model_name": self.model_name,
                                                 "fields": self.fields}

    def state_forwards(self, app_label, state):
        pass

    def _statements(self, app_label, schema_editor, state, create):
        if schema_editor.connection.vendor != "postgresql":
            return
        meta = state.apps.get_model(app_label, self.model_name)._meta
        quote = schema_editor.quote_name
        for name in self.fields:
            column = meta.get_field(name).column
            index = quote(trigram_index_name(meta.db_table, column))
            if create:
                schema_editor.execute(
                    f"CREATE INDEX {index} ON {quote(meta.db_table)} "
                    f"USING gin ((UPPER({quote(column)}::text)) gin_trgm_ops)")
            else:
                schema_editor.execute(f"DROP INDEX IF EXISTS {index}")

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._statements(app_label, schema_editor, to_state, create=True)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._statements(app_label, schema_editor, from_state, create=False)

    def describe(self):
        return f"Trigram indexes on {self.model_name}: {', '.join(self.fields)} (PostgreSQL)"

    @property
    def migration_name_fragment(self):
        return f"{self.model_name.lower()}_trigrams"
