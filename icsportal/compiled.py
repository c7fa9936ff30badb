"""Querysets compiled to SQL once per process and run again with each request's values.

Building a page's queryset and compiling it to SQL is Python's work that gives the same
statement every time for that page type; only the values in it change (a slug, an
edition, the time). For the article page's own query that work was 2.0 of the 2.4 ms
the query cost the worker, and compiling was 10-33% of the CPU of every page that
reads the database (docs/performance.md, "Compiled querysets").

`Compiled(build)` builds the queryset once, each value of `build`'s keyword arguments
replaced by a stand-in, compiles it, and notes where each stand-in lands among the
statement's parameters. `run(**values)` then sends the same SQL with the values in
those places, and builds the rows as the ORM does, through the compiler that compiled
it (model instances, `select_related` rows, annotations; `prefetch_related` lookups
run afterwards as they always do), with the columns' converters worked out at the first
run and kept.

Only on PostgreSQL, where the driver is handed each value as the caller gave it; on
other databases Django adapts values to text as it compiles, so `run` builds and runs
the queryset afresh. Compiling refuses a queryset it cannot reuse safely:

- a stand-in that does not reach the parameters unchanged (a lookup that rewrites its
  value, such as `__icontains`, or a value the ORM turns into no query at all);
- any other date or time among the parameters, which would be frozen at the moment of
  the first compile (the time must be an argument: `now`).

A list of keys is one value too, through the `any_of` lookup (`AnyOf`): on PostgreSQL
`pk__any_of=keys` is `= ANY(%s)` with the list as one parameter, where `pk__in=keys`
writes a placeholder per key and so a statement per length of the list.

A search for part of a name cannot be compiled with `__icontains`, which makes its
LIKE pattern from the value (`%value%`, the value's own `%` and `_` escaped): the
`icontains_pattern` lookup (`IContainsPattern`) is `__icontains` given that pattern,
made by `contains_pattern(text)`, which reaches the parameters unchanged.

So is a page's offset. Django writes a slice's bounds into the SQL text (`LIMIT 21
OFFSET 40`), so a page of a list was a statement of its own per page number. An
integer argument that a builder slices with, `queryset[offset:offset + size]` (the
queryset's own or a subquery's), lands in the text as `OFFSET <stand-in>`; there it
becomes a parameter, in its place among the others. (The limit, `size`, stays in the
text: it is the same for every page.) The first page, offset 0, runs a statement of its
own without the `OFFSET`: PostgreSQL prices a parameter `OFFSET` as a deep page and
would plan the first page for its values at every run, where the list's first page is
the one most read (docs/performance.md, "Statements planned once").

A statement that orders and limits is planned for its values every time it runs
(icsportal/postgresql/base.py), which costs up to 0.6 ms of PostgreSQL's time. A
builder decorated `@planned_once`, whose generic plan was measured to serve its
heaviest values as fast as their own plans, is compiled with the mark that lets the
statement be prepared and planned once per connection (docs/performance.md,
"Statements planned once").

A page whose filters come and go (a register filtered by board, by outcome, by both)
is a statement per set of filters: `Compiled.shaped(build, **types)` keeps one
`Compiled` per build and set of argument types, each made on first use, and
`Compiled.run_shaped(build, **values)` runs the one for the values given.
"""

import copy
import datetime
import functools
import re
import threading
import weakref

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import connections
from django.db.models import Field, lookups
from django.db.models import query as django_query
from django.db.models.sql.query import Query

from icsportal.postgresql.base import PLANNED_ONCE

# A stand-in per type of value: unlikely in real data, and valid for the fields they
# stand in for (a positive integer, an aware time), so that the ORM keeps the lookup.
_STAND_INS = {
    int: lambda n: 987_650_000 + n,
    str: lambda n: f"\ue000stand-in {n}\ue000",
    datetime.datetime: lambda n: datetime.datetime(1901, 2, 3, 4, 5, 6, n + 1, tzinfo=datetime.UTC),
    datetime.date: lambda n: datetime.date(1901, 2, 3) + datetime.timedelta(days=n),
    list: lambda n: [987_650_000 + n, 987_660_000 + n],  # keys, for `any_of`
}
_PLACEHOLDER = re.compile(r"%%|%s")


def given(**lookups):
    """The lookups given a value, for `filter(**given(...))`: a filter left as None is not
    applied, so that each set of filters given is a statement of its own (`shaped`)."""
    return {lookup: value for lookup, value in lookups.items() if value is not None}


def planned_once(build=None, *, unless=()):
    """Marks `build` as a builder whose statement PostgreSQL may plan once, generically,
    although it orders and limits (see the module's notes); `@planned_once(unless=names)`
    leaves out the statements (`shaped`) given any of those arguments, whose generic plan
    was measured slower. The builders so marked, and the values their generic plans
    were measured with, are listed in docs/performance.md ("Statements planned once")."""
    def mark(build):
        build.planned_once_unless = frozenset(unless)
        return build

    return mark if build is None else mark(build)


class Compiled:
    """A queryset built by `build(**values)`, compiled once and run with new values.

    `types` names each argument's type (int, str, datetime.date, datetime.datetime, or
    list: integer keys for an `any_of` lookup), which every value passed to `run` must
    have.
    """

    def __init__(self, build, database="default", **types):
        unknown = {name: kind for name, kind in types.items() if kind not in _STAND_INS}
        if unknown:
            raise ImproperlyConfigured(f"no stand-in for {unknown}")
        self.build = build
        self.name = f"{build.__module__}.{build.__qualname__}"
        self.database = database
        self.types = types
        self._statement = None
        self._fetch_mode_chosen = False  # whether `build` sets the fetch mode itself
        self._lock = threading.Lock()
        Compiled._every.add(self)

    _shapes = {}
    _shapes_lock = threading.Lock()
    _every = weakref.WeakSet()

    @classmethod
    def forget_all(cls):
        """Drops every compiled statement; each is compiled again at its next run.

        What a builder reads besides its arguments (a page size, the fields a list
        shows) is read once, at the first run, and kept with the statement: a test that
        changes such a constant forgets the statements before and after it (the
        `recompiled` fixture)."""
        for compiled in list(cls._every):
            with compiled._lock:
                compiled._statement = None

    @classmethod
    def shaped(cls, build, **types):
        """The `Compiled(build, **types)` for this set of arguments, made once.

        For a builder whose arguments are optional and which filters by those it is
        given: each set of them is a statement of its own. The sets are the code's own
        (which filters a page has), so their number is bounded by it.
        """
        key = (build, tuple(sorted((name, kind.__name__) for name, kind in types.items())))
        with cls._shapes_lock:
            compiled = cls._shapes.get(key)
            if compiled is None:
                compiled = cls._shapes[key] = cls(build, **types)
            return compiled

    @classmethod
    def run_shaped(cls, build, **values):
        """The rows of `build(**values)`, through the `shaped` query for these arguments
        and their types."""
        return cls.shaped(build, **{name: _kind_of(value) for name, value in values.items()}
                          ).run(**values)

    def run(self, **values):
        """The rows of `build(**values)`, as a list."""
        if values.keys() != self.types.keys():
            raise TypeError(f"run() takes {sorted(self.types)}, not {sorted(values)}")
        for name, value in values.items():
            kind = self.types[name]
            # A datetime is also a date: a date argument must not be handed a time.
            if not isinstance(value, kind) or (
                    kind is datetime.date and isinstance(value, datetime.datetime)):
                raise TypeError(f"{name} must be {kind.__name__}, not {type(value).__name__}")
            if kind is datetime.datetime and value.tzinfo is None:
                # The ORM would make it aware; the statement would send it as it is.
                raise TypeError(f"{name} must be an aware datetime")
            if kind is list and not all(type(key) is int for key in value):
                # The ORM would have turned "7" into 7; the statement would not.
                raise TypeError(f"{name} must be a list of integers")
        if connections[self.database].vendor != "postgresql":
            return list(self.build(**values))
        queryset, positions, sql, params, first_page = self._compiled_with_first_page()
        if first_page is not None and values[first_page[0]] == 0:
            _name, positions, sql, params = first_page
        params = list(params)
        for name, places in positions.items():
            for place in places:
                params[place] = values[name]
        # The compiled queryset as it is, with the bound query in place of its own and no
        # rows. Its _chain() would clone the query about to be replaced (about 8 µs a
        # run), and the query's setter would make a values_list's rows dicts.
        bound = object.__new__(type(queryset))
        bound.__dict__.update(queryset.__dict__, _result_cache=None, _prefetch_done=False,
                              _query=_BoundQuery.of(queryset.query, sql, tuple(params)))
        if not self._fetch_mode_chosen:
            # As a queryset built now would have it (the tests of lazy fetches change it).
            bound._fetch_mode = django_query.DEFAULT_FETCH_MODE
        return list(bound)

    def first(self, **values):
        """The first row of `run(**values)`, or None: a page's own record, at most one."""
        rows = self.run(**values)
        return rows[0] if rows else None

    def _compiled(self):
        """The compiled queryset, where each argument lands among the parameters, the SQL
        and the parameters with the stand-ins."""
        return self._compiled_with_first_page()[:4]

    def _compiled_with_first_page(self):
        """`_compiled()` and, for a builder that slices with an argument, the statement
        of its first page: (that argument's name, positions, SQL, parameters), or None."""
        with self._lock:
            if self._statement is None:
                self._statement = self._compile()
            return self._statement

    def _compile(self):
        stand_ins = {name: _STAND_INS[kind](n)
                     for n, (name, kind) in enumerate(self.types.items())}
        queryset = self.build(**stand_ins)
        compiler = queryset.query.get_compiler(using=self.database)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet as error:
            raise ImproperlyConfigured(
                f"{self.name}: a stand-in makes the query match nothing") from error
        positions = {name: [place for place, param in enumerate(params)
                            if type(param) is type(value) and param == value]
                     for name, value in stand_ins.items()}
        unless = getattr(self.build, "planned_once_unless", None)
        mark = PLANNED_ONCE if unless is not None and not unless & self.types.keys() else ""
        offset = _offset_of(sql, stand_ins, positions)
        first_page = None
        if offset is not None:
            name, found = offset
            first_page = (name, {other: list(places) for other, places in positions.items()
                                 if other != name},
                          f"{sql[:found.start()]}{sql[found.end():]}{mark}", params)
            sql, params = _offset_as_parameter(sql, params, offset, stand_ins[name], positions)
        sql += mark
        missing = sorted(name for name, places in positions.items() if not places)
        if missing:
            raise ImproperlyConfigured(
                f"{self.name}: {missing} do not reach the SQL unchanged")
        taken = {place for places in positions.values() for place in places}
        frozen = [param for place, param in enumerate(params)
                  if place not in taken and isinstance(param, datetime.date)]
        if frozen:
            raise ImproperlyConfigured(
                f"{self.name}: the dates {frozen} would be kept; pass them in")
        queryset.query.compiled_by = compiler
        # Each run's copy of the compiler asks this one, which keeps what it works out.
        compiler.get_converters = functools.partial(_converters_once, compiler, {})
        self._fetch_mode_chosen = queryset._fetch_mode is not django_query.DEFAULT_FETCH_MODE
        return queryset, positions, sql, params, first_page


def _kind_of(value):
    """The type among the stand-ins' that `value` is (a str subclass is a str; a time is
    not taken for a date)."""
    return next((kind for kind in _STAND_INS if isinstance(value, kind)), type(value))


def _offset_of(sql, stand_ins, positions):
    """The argument whose integer stand-in the SQL writes as an `OFFSET` (of the
    statement or of a subquery), and where: (name, match), or None."""
    for name, value in stand_ins.items():
        if positions[name] or type(value) is not int:
            continue
        found = re.search(rf" OFFSET {value}\b", sql)
        # Only as an offset: anywhere else in the text it is not a parameter's value.
        if found is not None and sql.count(str(value)) == 1:
            return name, found
    return None


def _offset_as_parameter(sql, params, offset, value, positions):
    """The SQL and parameters with the `OFFSET` found by `_offset_of` made a parameter
    there, `value` in its place; `positions` follow."""
    name, found = offset
    # Its place among the parameters is the number of placeholders before it.
    place = sum(mark[0] == "%s" for mark in _PLACEHOLDER.finditer(sql, 0, found.start()))
    for places in positions.values():
        places[:] = [at + (at >= place) for at in places]
    positions[name] = [place]
    sql = f"{sql[:found.start()]} OFFSET %s{sql[found.end():]}"
    return sql, (*params[:place], value, *params[place:])


class _BoundQuery(Query):
    """A copy of the compiled query that gives its compiler, with the SQL already
    written and the values bound, to whoever runs it (a QuerySet's iterable)."""

    @classmethod
    def of(cls, query, sql, params):
        bound = copy.copy(query)
        bound.__class__ = cls
        bound.bound_statement = (sql, params)
        return bound

    def chain(self, klass=None):
        # Anything that would change the query (a filter, a slice) would be left out of
        # the SQL already written.
        raise TypeError("a compiled queryset runs as it was compiled; build another")

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        compiler = copy.copy(self.compiled_by)
        # The compiler was made in one thread; each thread runs it on its own connection.
        compiler.connection = connection or connections[using]
        compiler.using = using
        sql, params = self.bound_statement
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        return compiler


def _converters_once(compiler, kept, expressions):
    """`compiler.get_converters(expressions)`, worked out at a statement's first run and
    kept in `kept`.

    Which converters a column needs (a JSON field's decoding, a date's) depends on its
    expression and the database's vendor, which a compiled statement keeps; asking again
    on every run was about 1.5% of the worker's CPU over the benchmark's pages. The
    expressions are kept with the converters, so that a key's ids stay theirs.
    """
    key = tuple(map(id, expressions))
    found = kept.get(key)
    if found is None:
        converters = type(compiler).get_converters(compiler, expressions)
        found = kept[key] = (tuple(expressions), converters)
    return found[1]


def prefetched(instance, name, rows):
    """Gives `instance`'s related manager `name` the `rows` read by a compiled query, as
    `prefetch_related(name)` leaves them: `instance.<name>.all()` is then those rows, and
    each row's link back is `instance`, with no query."""
    manager = getattr(instance, name)
    rows = list(rows)
    for row in rows:
        setattr(row, manager.field.name, instance)
    queryset = manager.all()  # keeps the manager's own filter for anything else asked of it
    queryset._result_cache, queryset._prefetch_done = rows, True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[manager.field.remote_field.cache_name] = queryset


@Field.register_lookup
class AnyOf(lookups.In):
    """`field__any_of=values`: `field__in=values` as one parameter on PostgreSQL.

    There it is `field = ANY(%s)` with the values as an array, so the statement is the
    same whatever their number and can be compiled once (`Compiled(..., keys=list)`);
    elsewhere it is `IN (...)`. No values match no row, as with `__in`. A foreign key
    is named by its target (`item__id__any_of`), which reads the key's own column.
    """

    lookup_name = "any_of"

    def as_postgresql(self, compiler, connection):
        if not self.rhs_is_direct_value():
            return super().as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        _, values = self.process_rhs(compiler, connection)  # prepared, without None
        return f"{lhs} = ANY(%s)", (*lhs_params, list(values))


@Field.register_lookup
class IContainsPattern(lookups.IContains):
    """`field__icontains_pattern=contains_pattern(text)`: `field__icontains=text`, the
    same SQL, with the pattern made before the lookup so that a compiled query can take
    it as an argument."""

    lookup_name = "icontains_pattern"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = lookups.Lookup.process_lhs(self, compiler, connection)
        cast = connection.ops.lookup_cast("icontains", self.lhs.output_field.get_internal_type())
        lhs = cast % lhs
        rhs, rhs_params = lookups.Lookup.process_rhs(self, compiler, connection)
        return f"{lhs} {connection.operators['icontains'] % rhs}", (*lhs_params, *rhs_params)


def contains_pattern(text, database="default"):
    """The LIKE pattern `__icontains` makes of `text`: anything around it, and its own
    wildcards taken as themselves."""
    return f"%{connections[database].ops.prep_for_like_query(text)}%"
