"""Django's PostgreSQL backend, with the statements a connection repeats prepared.

psycopg2 writes each statement's parameters into its text, so PostgreSQL parses and
plans every statement it is sent. On the detail pages planning costs more than
running: 2.8 ms against 0.2 ms for an article's statements (docs/performance-history.md,
"Thirty-third pass"). Here a SELECT that a connection runs a second time is sent once
as `PREPARE`, with its parameters' types declared, and from then on as `EXECUTE` with
the values. PostgreSQL then parses it once per connection and, after five runs, plans
it once if a generic plan is estimated to cost no more than the custom ones
(`plan_cache_mode` at `auto`).

A statement marked `PLANNED_ONCE` (below) runs under `plan_cache_mode =
force_generic_plan` instead: its generic plan was measured against its own plans at
the extremes of its values, and PostgreSQL's estimate, which prices a parameter
`publish_at <= $1` as matching a third of the rows, declined it at scale 50 for the
feeds' and the API's newest articles and a publication's archive, and planned them
for each run (docs/performance.md, "Statements planned once"). The connection's
mode is switched only when the statement to run wants the other one, by a `SET`
sent in the same message as its `EXECUTE`: no round trip more. A rolled-back
transaction or savepoint undoes a `SET` made in it, so after one the mode is taken
as unknown and set again before the next `EXECUTE`.

Sent as they are, planned each time for their values:
- statements that match text (full-text `@@`, `LIKE`, regular expressions): their
  best plan depends on the words, and a generic plan made five times slower a search
  with a year chosen (performance-history.md, "Twenty-ninth pass");
- statements that order and limit (a page, the newest N, `first()`): whether to walk
  an index in order and stop or to read every match and sort depends on how many rows
  the value matches, and a generic plan is made for the average. The heaviest
  partner's 2,334 current roles, read and sorted for a page of 51 by the generic plan
  of a statement whose average partner has about 20, took its page from 14 to 27 ms
  at scale 50 (performance-history.md, "Thirty-fourth pass"). Unless the statement
  ends with `PLANNED_ONCE`, the mark a compiled statement carries when its builder's
  generic plan was measured to serve its heaviest values as well as their own plans
  do (`icsportal.compiled.planned_once`; docs/performance.md, "Statements planned
  once"): planning such a statement cost more than running it, up to 0.6 ms;
- statements with a parameter whose type is not declared below (JSON, None, a list of
  anything but integers), or with no parameter list, and anything that is not a SELECT;
- server-side cursors.

A connection keeps prepared the `LIMIT` (200) statements it ran most recently, and
deallocates the one it ran least recently to prepare another.

A prepared statement lives as long as its connection (`DJANGO_CONN_MAX_AGE`), and
survives the rollback of the transaction that prepared it. A connection pooler in
transaction mode shares one server connection between clients and would lose them:
behind one, set `ICSPORTAL_PREPARED_STATEMENTS=0`.

A kept connection is checked before a request by its socket, not by a `SELECT 1`
(`DatabaseWrapper.is_usable`). With `ICSPORTAL_PREPARED_STATEMENTS=0` Django's own
backend runs, and checks with the statement.
"""

import collections
import datetime
import decimal
import itertools
import re
import select
import uuid

import psycopg2
import psycopg2.errors
from django.conf import settings
from django.db.backends.postgresql import base, operations
from django.utils.asyncio import async_unsafe

# PostgreSQL's type for each Python type, as it types the literal psycopg2 writes: a
# float's `1.25` is numeric, a string's quoted literal is `unknown` and read as the
# column or function it meets needs. An int is declared bigint whatever its size.
TYPES = {
    bool: "boolean",
    int: "bigint",
    float: "numeric",
    decimal.Decimal: "numeric",
    str: "unknown",
    datetime.date: "date",
    datetime.time: "time",
    datetime.timedelta: "interval",
    uuid.UUID: "uuid",
    bytes: "bytea",
    memoryview: "bytea",
}
TEXT_MATCH = re.compile(r"@@|LIKE|SIMILAR TO|~")
ORDER_AND_LIMIT = re.compile(r"ORDER BY .* LIMIT \d")
PLANNED_ONCE = " /* planned once */"
GENERIC, AUTO = "force_generic_plan", "auto"  # `plan_cache_mode` for marked, other statements
PLACEHOLDER = re.compile(r"%%|%s")
LIMIT = 200
SAVEPOINT = "icsportal_prepare"


def parameter_types(params):
    """PostgreSQL's type for each parameter, or None if one is not declared here (or
    the parameters are named, `%(name)s`)."""
    if not isinstance(params, (list, tuple)):
        return None
    types = []
    for value in params:
        kind = type(value)
        if kind is int and not -(2**63) <= value < 2**63:
            return None
        if kind is datetime.datetime:
            types.append("timestamp with time zone" if value.tzinfo else "timestamp")
        elif kind is list:
            # Keys for `= ANY(%s)` (icsportal.compiled.AnyOf): one statement whatever
            # their number. psycopg2 writes them ARRAY[1, 2], or '{}' when there are none.
            if not all(type(key) is int and -(2**63) <= key < 2**63 for key in value):
                return None
            types.append("bigint[]")
        elif kind in TYPES:
            types.append(TYPES[kind])
        elif isinstance(value, str):  # SafeString, a choices member
            types.append("unknown")
        else:
            return None
    return tuple(types)


def preparable(sql):
    """Whether a statement may be prepared and planned once (see the module's notes)."""
    if not sql.startswith("SELECT") or TEXT_MATCH.search(sql):
        return False
    return sql.endswith(PLANNED_ONCE) or not ORDER_AND_LIMIT.search(sql)


def numbered(sql):
    """The statement with psycopg2's placeholders as PostgreSQL's $1, $2..."""
    numbers = itertools.count(1)
    return PLACEHOLDER.sub(lambda m: "%" if m[0] == "%%" else f"${next(numbers)}", sql)


class Statements:
    """The statements one connection has prepared, by their text and types."""

    def __init__(self):
        self.names = collections.OrderedDict()  # least recently run first
        self.seen = set()
        self.refused = set()
        self.count = 0
        self.mode = None  # the connection's `plan_cache_mode`, if known

    def name(self, cursor, sql, params):
        """The prepared statement to run for this SQL, preparing it if it is due."""
        if params is None:
            return None
        types = parameter_types(params)
        if types is None:
            return None
        key = (sql, types)
        name = self.names.get(key)
        if name is not None:
            self.names.move_to_end(key)
            return name
        # A prepared statement passed this test when it was prepared: the regular
        # expression (about 8 microseconds for 2 KB of SQL) runs only for the others.
        if not preparable(sql):
            return None
        # What was seen once or refused is kept by its hash: the text of every
        # statement a worker runs once (a list of keys of each length, say) adds up.
        digest = hash(key)
        if digest in self.refused:
            return None
        if digest not in self.seen:
            if len(self.seen) >= 4 * LIMIT:
                self.seen.clear()
            self.seen.add(digest)
            return None
        self.seen.discard(digest)
        self.count += 1
        name = f"icsportal_{self.count}"
        if not self.prepare(cursor, name, sql, types):
            if len(self.refused) >= LIMIT:
                self.refused.clear()
            self.refused.add(digest)
            return None
        self.names[key] = name
        if len(self.names) > LIMIT:
            _, oldest = self.names.popitem(last=False)
            psycopg2.extensions.cursor.execute(cursor, f"DEALLOCATE {oldest}")
        return name

    def forget(self):
        self.names.clear()
        self.seen.clear()
        self.mode = None

    @staticmethod
    def prepare(cursor, name, sql, types):
        """PREPARE the statement; False if PostgreSQL refuses it, which loses nothing.

        Inside a transaction a refused PREPARE would abort it, so it runs in a
        savepoint there.
        """
        declared = f" ({', '.join(types)})" if types else ""
        run = psycopg2.extensions.cursor.execute
        in_transaction = not cursor.connection.autocommit
        if in_transaction:
            run(cursor, f"SAVEPOINT {SAVEPOINT}")
        try:
            run(cursor, f"PREPARE {name}{declared} AS {numbered(sql)}")
        except psycopg2.Error:
            if in_transaction:
                run(cursor, f"ROLLBACK TO SAVEPOINT {SAVEPOINT}")
                run(cursor, f"RELEASE SAVEPOINT {SAVEPOINT}")
            return False
        if in_transaction:
            run(cursor, f"RELEASE SAVEPOINT {SAVEPOINT}")
        return True


class PreparingCursor(psycopg2.extensions.cursor):
    """A psycopg2 cursor that runs its connection's prepared statements by name."""

    statements = None
    prepared = None  # the SQL and parameters of the last statement run by name

    def execute(self, query, vars=None):
        self.prepared = None
        name = self.statements.name(self, query, vars)
        if name is None:
            return super().execute(query, vars)
        self.prepared = (query, vars)
        arguments = f"({', '.join(['%s'] * len(vars))})" if vars else ""
        mode = GENERIC if query.endswith(PLANNED_ONCE) else AUTO
        switch = f"SET plan_cache_mode = {mode}; " if self.statements.mode != mode else ""
        try:
            result = super().execute(f"{switch}EXECUTE {name}{arguments}", vars)
        except psycopg2.errors.InvalidSqlStatementName:
            # Something deallocated the connection's statements (DISCARD ALL, a
            # pooler): start again, and run this one as written if nothing is lost.
            self.statements.forget()
            self.prepared = None
            if not self.connection.autocommit:
                raise
            return super().execute(query, vars)
        except BaseException:
            self.statements.mode = None  # a SET is undone with its failed transaction
            raise
        self.statements.mode = mode
        return result


class DatabaseOperations(operations.DatabaseOperations):
    def last_executed_query(self, cursor, sql, params):
        """The statement as written, not the EXECUTE that ran it (for logs and tests)."""
        prepared = getattr(cursor, "prepared", None)
        if prepared is not None:
            return cursor.mogrify(*prepared).decode()
        return super().last_executed_query(cursor, sql, params)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def is_usable(self):
        """Whether a kept connection can serve the next request, without a round trip.

        Django checks a kept connection before each request that uses the database
        (`CONN_HEALTH_CHECKS`) by sending `SELECT 1`: a statement, and a wait for
        PostgreSQL, on every request. Between two requests an idle connection hears
        from the server only when something ends it (a restart, a shutdown,
        `pg_terminate_backend`, a crash closing the socket) or for a notification.
        So the socket is asked instead: nothing to read means nothing has happened
        to the connection since its last statement. When there is something, Django's
        own check runs and decides.
        """
        connection = self.connection
        if connection is None or connection.closed:
            return False
        waiting = select.poll()
        waiting.register(connection.fileno(), select.POLLIN)
        if not waiting.poll(0):
            return True
        return super().is_usable()

    def _rollback(self):
        if self.connection is not None:
            self.statements.mode = None  # a SET in the transaction is undone with it
        return super()._rollback()

    def _savepoint_rollback(self, sid):
        self.statements.mode = None
        return super()._savepoint_rollback(sid)

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        self.statements = Statements()
        return connection

    @async_unsafe
    def create_cursor(self, name=None):
        if name:
            return super().create_cursor(name)
        cursor = self.connection.cursor(cursor_factory=PreparingCursor)
        cursor.statements = self.statements
        cursor.tzinfo_factory = self.tzinfo_factory if settings.USE_TZ else None
        return cursor
