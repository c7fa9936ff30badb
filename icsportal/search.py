"""Site search at /search/: a registry of providers, one per kind of result.

Each app in SEARCH_APPS may have a `search.py` that calls `register(SomeProvider())`.
A provider names its base queryset (public objects only), the fields to match with
their weights, the fields its snippet is cut from and how to turn a row into a Hit.
On PostgreSQL matching is full-text search with English stemming against each row's
stored, GIN-indexed `search_document` (see icsportal/search_index.py), ranked, with
ts_headline snippets for the rows shown only; on other databases every word must
appear in some field (icontains) and the snippet is cut in Python. Either way the snippet is escaped
text with only our own <mark> elements in it.
"""

import html
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import reduce
from importlib import import_module
from operator import and_, or_

from django import forms
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.module_loading import module_has_submodule
from django.utils.safestring import mark_safe

from icsportal.parameters import reads
from icsportal.search_index import is_postgres, stored, without_long_documents, without_tags

SEARCH_APPS = ["people", "bulletins", "governance"]
CONFIG = "english"
PER_GROUP = 5  # results shown per type when no type is chosen
PER_PAGE = 20  # results per page within one type
# Matches counted and ranked per type (ICSPORTAL_SEARCH_CAP, 300 unless set); past it
# a type shows "more than" the cap. The setting is a multiple of PER_PAGE, so that the
# pages of a type end with the cap.
COUNT_CAP = settings.ICSPORTAL_SEARCH_CAP
MAX_TERMS = 10
SNIPPET_CHARS = 220
# Private-use characters: ts_headline marks matches with them, and as they never occur
# in content they survive escaping and are then swapped for <mark> elements.
START, STOP = "\ue000", "\ue001"
HEADLINE_OPTIONS = (f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12, "
                    "MaxFragments=2, FragmentDelimiter=' … '")

# Stands for the words in a compiled search; only parameters equal to it are replaced,
# and no filter value can be (slugs, choices and years), so it marks their place alone.
WORDS = "\ue002"
MAX_STATEMENTS = 200  # compiled searches kept per process; all are dropped when full
# Prefix of the year lexeme a dated provider's documents carry ('#2026'). The parser
# splits words at '#', so no search anyone types can produce one.
YEAR_MARK = "#"
# Prefix of an indexed filter's lexeme ('@board:rutland-hwb'). No word the parser reads
# starts with '@' (an email address has its name before it), so no search can match one.
FILTER_MARK = "@"

_providers = {}
_shown_cache = {}
_statements = {}


@dataclass
class Hit:
    """One search result as the page shows it."""

    title: str
    url: str
    snippet: str = ""  # safe HTML: escaped text and <mark>
    meta: str = ""  # a plain line under the title: a role, a date, a board


@dataclass(frozen=True)
class Filters:
    """What the reader narrowed the search to. `type` is a provider key."""

    type: str = ""
    year: int | None = None
    extra: dict = field(default_factory=dict)  # provider filters: publication, board

    def active(self):
        """Names of the filters in force, besides type."""
        names = {name for name, value in self.extra.items() if value not in (None, "")}
        return names | ({"year"} if self.year else set())


class SearchProvider:
    """One kind of result. Subclass, fill in the attributes, `register()` an instance."""

    key = ""  # the ?type= value, e.g. "people"
    label = ""  # heading and filter label, e.g. "People"
    noun = "results"  # "Show all 12 people"
    weights = {}  # field or annotation name -> weight "A" (most) to "D" (least)
    snippet_fields = []  # text fields the snippet is cut from, in order
    html_fields = set()  # those of snippet_fields that hold HTML
    # What hit() reads, related rows' fields by path ("issue__edition"). On PostgreSQL
    # the rows shown load only these (see `ranked()`): their snippet is ts_headline's,
    # so the long text it is cut from stays in the database. Empty: the ORM's rows.
    hit_fields = []
    ordering = ["pk"]  # order without a rank, and for ties
    # A date or datetime field path ("issue__issue_date"). Its year goes into each row's
    # stored document, and a search reads the matches of the last `recent_years` years
    # (and the next year) before older ones: see `Statement`. Empty: no such order.
    dated = ""
    recent_years = 0
    filters = frozenset()  # filter names it honours besides type: "year", "board"...
    # Those of `filters` the stored documents answer, each with the field path of its
    # value: {"board": "board__slug"}. Every row's document carries the value as a
    # lexeme ('@board:rutland-hwb'), and the search narrows by it (`indexed_filter()`),
    # so the GIN index finds the value's rows together with the words' where a join
    # would test every row of that value (a board's whole history) for the words.
    # `filter()` leaves these to the search.
    indexed_filters = {}
    form_fields = {}  # extra form fields it contributes: {"board": forms.ChoiceField(...)}

    def queryset(self):
        """Public objects only, annotated with whatever `weights` names."""
        raise NotImplementedError

    def shown_queryset(self):
        """Objects annotated with what `snippet_fields` and `hit()` need.

        Results are read from this, narrowed to the keys `matches()` found among the
        public objects, so it may leave out the public filter and the annotations that
        only build documents. Defaults to `queryset()`.
        """
        return self.queryset()

    def snippet_queryset(self, queryset, query):
        """`shown_queryset()` as ts_headline reads it for the words `query` (PostgreSQL):
        a provider may narrow a long text to the part that matches. Defaults to
        `queryset`."""
        return queryset

    def public(self):
        """Public objects only, without annotations: what the stored documents match.

        Compiled once and reused (see `ranked()`): compare times in SQL (`Now()`),
        never with a value taken when this is called.
        """
        return self.queryset()

    def document_queryset(self):
        """Rows whose stored document is kept, annotated as `queryset()` is.

        Defaults to `queryset()`; a provider whose public filter depends on other rows
        (publication, minutes status) returns every row so documents stay current.
        """
        return self.queryset()

    def watches(self):
        """{"app_label.Model": instance -> pks of this provider's rows its document quotes}.

        A save or delete of such an instance refreshes those rows' documents.
        """
        return {}

    def m2m_watches(self):
        """Many-to-many through models whose changes refresh the documents on either side."""
        return []

    def filter(self, queryset, filters):
        """`queryset` narrowed to the filters it honours, but for its `indexed_filters`,
        which the search applies; compiled once, as `public()`."""
        return queryset

    def hit(self, obj, snippet):
        raise NotImplementedError

    def applies(self, filters):
        return filters.active() <= set(self.filters)


def register(provider):
    _providers[provider.key] = provider
    return provider


def providers():
    """Registered providers, after importing every SEARCH_APPS app's search module."""
    from django.apps import apps

    for label in SEARCH_APPS:
        if apps.is_installed(label):
            app = apps.get_app_config(label)
            if module_has_submodule(app.module, "search"):
                import_module(f"{label}.search")
    return list(_providers.values())


def search_vector(weights):
    """The weighted vector for `weights`; a GIN index must use this same expression."""
    from django.contrib.postgres.search import SearchVector

    vectors = [SearchVector(name, weight=w, config=CONFIG) for name, w in weights.items()]
    return reduce(lambda a, b: a + b, vectors)


def document_vector(provider):
    """What a row's stored document holds: `search_vector(provider.weights)`, for a
    dated provider the row's year lexeme ('#2026'; none when the date is empty), and a
    lexeme for each of its `indexed_filters` ('@board:rutland-hwb'; none when empty)."""
    from django.contrib.postgres.search import SearchVectorField

    def lexeme(path, text):  # `text`: SQL of the lexeme, the value at `path` in it
        return Func(F(path), output_field=SearchVectorField(),
                    template=f"array_to_tsvector(array_remove(ARRAY[{text}], NULL))")

    parts = [search_vector(provider.weights)]
    if provider.dated:
        parts.append(lexeme(provider.dated,
                            f"'{YEAR_MARK}' || EXTRACT(YEAR FROM %(expressions)s)::int::text"))
    for name, path in provider.indexed_filters.items():
        if not name.isidentifier():
            raise ImproperlyConfigured(f"{provider.key}: filter name {name!r}")
        parts.append(lexeme(path, f"'{FILTER_MARK}{name}:' || %(expressions)s"))
    if len(parts) == 1:
        return parts[0]
    return Func(*parts, template="(%(expressions)s)", arg_joiner=" || ",
                output_field=SearchVectorField())


def filter_lexeme(name, value):
    """The lexeme of filter `name` at `value` in a document, as tsquery text."""
    lexeme = f"{FILTER_MARK}{name}:{value}".replace("\\", "\\\\").replace("'", "''")
    return f"'{lexeme}'"


def indexed_filter(provider, queryset, name, value):
    """`queryset` narrowed to the rows whose filter `name` (one of the provider's
    `indexed_filters`) is `value`: on PostgreSQL by the lexeme in their stored
    documents, which the GIN index intersects with the words' rows; elsewhere, and
    for a provider without stored documents, by the field itself."""
    if not (is_postgres() and stored(provider)):
        return queryset.filter(**{provider.indexed_filters[name]: value})
    from django.contrib.postgres.search import SearchQueryField

    lexeme = Cast(Value(filter_lexeme(name, value)), output_field=SearchQueryField())
    return queryset.filter(Func(F("search_document"), lexeme, template="%(expressions)s",
                                arg_joiner=" @@ ", output_field=BooleanField()))


def recent_span(provider, today):
    """The years of the provider's recent rows, newest first: the last `recent_years`
    years and the next (meetings are scheduled ahead)."""
    return range(today.year + 1, today.year - provider.recent_years, -1)


def recent_lexemes(years):
    """The tsquery text that matches a document carrying any of `years`."""
    return " | ".join(f"'{YEAR_MARK}{year}'" for year in years)


def terms_of(q):
    return re.findall(r"\w+", q)[:MAX_TERMS]


def _plain(name, provider):
    """`name` as text for ts_headline: HTML fields lose their tags first."""
    if name in provider.html_fields:
        return without_tags(F(name))
    return F(name)


def matches(provider, q, filters=None):
    """The keys of the provider's public rows that match `q` and the filters: at most
    COUNT_CAP + 1 of them, in whatever order the index yields them (no sort, no rank).

    Counting and ranking read this bounded set rather than every match, so a very common
    word costs the same as a rarer one: the count stops at "more than COUNT_CAP", and
    the rank orders the candidates found (all the matches when there are COUNT_CAP or
    fewer, which narrowing the search restores).
    """
    return _candidates(provider, q, filters).values("pk")[:COUNT_CAP + 1]


def _candidates(provider, q, filters=None, match=True):
    """`matches()` before it is narrowed to keys and cut at COUNT_CAP + 1. With
    `match=False` (a stored provider's only), the rows `q` is to match before that
    test is added: a compiled statement adds its own."""
    filters = filters or Filters()
    if is_postgres() and stored(provider):
        from django.contrib.postgres.search import SearchQuery

        query = SearchQuery(q, search_type="websearch", config=CONFIG)
        queryset = provider.public()
        if match:
            queryset = queryset.filter(search_document=query)
    elif is_postgres():
        from django.contrib.postgres.search import SearchQuery

        query = SearchQuery(q, search_type="websearch", config=CONFIG)
        queryset = provider.queryset().annotate(
            search_vector=search_vector(provider.weights)).filter(search_vector=query)
    else:
        every_word = [
            reduce(or_, [Q(**{f"{name}__icontains": term}) for name in provider.weights])
            for term in terms_of(q)
        ]
        if not every_word:
            return provider.queryset().none()
        queryset = provider.queryset().filter(reduce(and_, every_word))
    queryset = provider.filter(queryset, filters)
    for name, value in filters.extra.items():
        if name in provider.indexed_filters and value not in (None, ""):
            queryset = indexed_filter(provider, queryset, name, value)
    return queryset.order_by()


def _shown(provider):
    """`provider.shown_queryset()`, built once a day per process: it holds no rows, only
    the annotations, whose building is a good part of a search's time in Python. A
    day, because an annotation may depend on the date (a person's current role)."""
    today = timezone.localdate()
    if _shown_cache.get("date") != today:
        _shown_cache.clear()
        _shown_cache["date"] = today
    if provider.key not in _shown_cache:
        _shown_cache[provider.key] = provider.shown_queryset()
    return _shown_cache[provider.key]


def matching(provider, q, filters=None):
    """The rows of `matches()`, best first, each with `search_total` (how many matched,
    up to COUNT_CAP + 1) and, on PostgreSQL, a raw snippet. Slice it for a page."""
    rows = _shown(provider) if stored(provider) or not is_postgres() else (
        provider.queryset())
    queryset = without_long_documents(rows.filter(pk__in=matches(provider, q, filters)))
    queryset = queryset.annotate(search_total=Window(Count("pk")))
    if not is_postgres():
        return queryset.order_by(*provider.ordering)
    from django.contrib.postgres.search import SearchQuery, SearchRank

    query = SearchQuery(q, search_type="websearch", config=CONFIG)
    vector = F("search_document") if stored(provider) else search_vector(provider.weights)
    # ts_headline is costly; PostgreSQL evaluates it after the sort and limit, so only
    # for the hits shown.
    queryset = _with_headline(
        queryset.annotate(search_rank=SearchRank(vector, query)), provider, query,
    ).order_by("-search_rank", *provider.ordering)
    return queryset


def _with_headline(queryset, provider, query):
    """`queryset` with `search_headline`, ts_headline of the snippet's sources, and
    those sources left out of the SELECT: they only feed ts_headline, so selecting
    them too would compile and run each of their subqueries twice."""
    queryset = provider.snippet_queryset(queryset, query)
    parts = [_plain(name, provider) for name in provider.snippet_fields]
    # concat_ws skips empty parts and is one function, where Concat nests a
    # COALESCE pair per part (more to build and compile on every search).
    text = Func(Value(" … "), *parts, function="CONCAT_WS",
                output_field=TextField()) if len(parts) > 1 else parts[0]
    queryset = queryset.annotate(
        # SearchHeadline compiles each option as its own parameter on every search;
        # the options never change, so they are one constant string.
        search_headline=Func(
            Value(CONFIG), text, query, Value(HEADLINE_OPTIONS),
            function="ts_headline", output_field=TextField(),
        ),
    )
    selected = set(queryset.query.annotations) - set(provider.snippet_fields)
    queryset.query.set_annotation_mask(selected)
    return queryset


def ranked(provider, q, filters, start, stop):
    """Rows start:stop of `matching()`, best first.

    On PostgreSQL each provider's page is compiled to SQL once per filters, slice and
    day (rows shown may depend on the date) with WORDS where the words go, then run with
    the words bound: building and compiling the querysets was about half of a search's
    Python, and between two searches only the words change.
    """
    if not (is_postgres() and stored(provider) and provider.hit_fields):
        return list(matching(provider, q, filters)[start:stop])
    key = (connection.alias, timezone.localdate(), provider.key, filters.type, filters.year,
           tuple(sorted(filters.extra.items())), start, stop)
    statement = _statements.get(key)
    if statement is None:
        if len(_statements) >= MAX_STATEMENTS:
            _statements.clear()
        statement = _statements[key] = Statement.compile(provider, filters, start, stop)
    return statement.run(q)


@dataclass(frozen=True)
class Statement:
    """A page of one provider's ranked rows as SQL, with WORDS in place of the words.

    It returns the rows `matching()` returns, in two levels: the page is ranked, counted
    and cut from the candidates as the index finds them (each row's document and sort
    keys, read in the same pass), and only the rows of that page are then joined to
    what their hit line and snippet show. `matching()` reads every candidate again by
    key and joins it to those tables before it sorts: for a common word, 301 rows a
    type of which 5 are shown (5–11 ms of a search's SQL at scale 50).

    For a dated provider (and no year chosen) the candidates are first the matches
    among its recent rows, those whose document carries a recent year lexeme, and
    they rank above the rest (an order `matching()` does not have; the two agree
    where every match is recent). Only when there are COUNT_CAP or fewer of them,
    and the archive has older rows, are the other matches read too, the recent ones
    left out, and the count is then of both; they are ranked only when the page
    reaches past the recent ones.
    The index finds a common word's recent matches by walking the few recent rows'
    entries rather than the word's whole list, so its cost stays with the recent rows
    as the archive grows; and without this the candidates of a common word would be
    the rows the index yields first, the archive's oldest.
    """

    model: type
    sql: str
    params: tuple
    columns: tuple  # per column: a field, a related row's field ("issue__edition"), an annotation

    @classmethod
    def compile(cls, provider, filters, start, stop):
        from django.contrib.postgres.search import SearchQuery, SearchRank

        query = SearchQuery(WORDS, search_type="websearch", config=CONFIG)
        ordering = list(provider.ordering) + ([] if "pk" in provider.ordering else ["pk"])
        keys = [f"search_key_{n}" for n in range(len(ordering))]

        def listed(candidates, rank=None):
            if rank is None:
                rank = SearchRank(F("search_document"), query)
            return candidates.annotate(
                search_rank=rank,
                **{key: F(name.removeprefix("-"))
                   for key, name in zip(keys, ordering, strict=True)},
            ).values_list("pk", "search_rank", *keys)[:COUNT_CAP + 1]

        shown = _with_headline(_shown(provider), provider, query)
        relations = [f"{path}__pk" for path in _relations(provider.hit_fields)]
        columns = ("pk", *relations, *provider.hit_fields, *shown.query.annotation_select)
        shown = shown.order_by().values_list(*columns)
        shown_sql, shown_params = _sql(shown)
        names = f"pk, search_rank, {', '.join(keys)}"
        order = ["search_rank DESC"] + [
            f"{key}{' DESC' if name.startswith('-') else ''}"
            for key, name in zip(keys, ordering, strict=True)]
        if provider.dated and provider.recent_years and not filters.year:
            prefix, source, params = _recent_first(provider, filters, listed, query, names,
                                                   stop)
            order.insert(0, "search_recent DESC")
        else:
            every_sql, params = _sql(listed(_candidates(provider, WORDS, filters)))
            prefix, source = "", f"({every_sql}) AS candidates ({names})"
        if WORDS not in params or WORDS not in shown_params:
            raise ImproperlyConfigured(f"{provider.key}: its compiled search takes no words")
        params = (*params, *shown_params)

        def ordered(table):
            return ", ".join(f"{table}.{term}" for term in order)

        shown_names = ", ".join(f"shown_{n}" for n in range(len(columns)))
        sql = (
            f"{prefix}SELECT shown.*, page.search_rank, page.search_total FROM ("  # noqa: S608  # nosec B608
            f"SELECT *, COUNT(*) OVER () AS search_total FROM {source} "
            f"ORDER BY {ordered('candidates')} LIMIT {int(stop) - int(start)} OFFSET {int(start)}"
            f") AS page INNER JOIN ({shown_sql}) AS shown ({shown_names}) "
            f"ON shown.shown_0 = page.pk ORDER BY {ordered('page')}"
        )
        return cls(shown.model, sql, params, (*columns, "search_rank", "search_total"))

    def run(self, q):
        params = [q if value == WORDS else value for value in self.params]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            return [_instance(self.model, dict(zip(self.columns, row, strict=True)))
                    for row in cursor]


def _recent_first(provider, filters, listed, query, names, stop):
    """A `Statement`'s candidates for a dated provider: its recent rows' matches, and
    after them, when those do not fill the cap and older rows exist, the others.

    Returns the SQL before the statement's SELECT (the recent matches, materialised
    once), its FROM item (`candidates`, with `search_recent` 1 or 0) and their
    parameters; `listed` turns a queryset of candidates, and their rank, into their
    columns `names`. `stop` is where the statement's page ends.
    """
    from django.contrib.postgres.search import SearchQueryField, SearchRank

    years = recent_span(provider, timezone.localdate())
    lexemes = Cast(Value(recent_lexemes(years)), output_field=SearchQueryField())
    recent_query = Func(query, lexemes, template="(%(expressions)s)", arg_joiner=" && ",
                        output_field=SearchQueryField())
    # An empty tsquery (only stop words) && the years would be the years alone, matching
    # every recent row, so the words must hold a lexeme: a test that reads no row. Also
    # testing `@@ words` would count the words' selectivity twice in the estimate.
    recent = listed(_candidates(provider, WORDS, filters, match=False).alias(
        search_lexemes=Func(query, function="numnode", output_field=IntegerField()),
    ).filter(
        Func(F("search_document"), recent_query, template="%(expressions)s",
             arg_joiner=" @@ ", output_field=BooleanField()),
        search_lexemes__gt=0,
    ))
    # The older matches come after every recent one, so their rank orders the page
    # only when it reaches past the recent ones. Until then they are only counted,
    # and their documents (a meeting's, read from TOAST) are not read.
    past_recent = RawSQL("(SELECT COUNT(*) FROM recent) < %s", (int(stop),),
                         output_field=BooleanField())
    every = listed(_candidates(provider, WORDS, filters), rank=Case(
        When(past_recent, then=SearchRank(F("search_document"), query)),
        output_field=FloatField()))
    # An archive younger than the recent years has no other matches to read.
    model, name = _dated_field(provider.public().model, provider.dated)
    older = model._base_manager.filter(
        **{f"{name}__year__lt": min(years)}).order_by().values("pk")[:1]
    recent_sql, recent_params = _sql(recent)
    every_sql, every_params = _sql(every)
    older_sql, older_params = _sql(older)
    # Every piece is our own: SQL the ORM compiled, with the words as parameters, and
    # names and numbers made here. PostgreSQL runs the second branch only if its
    # one-time filter, which reads no candidate, holds.
    prefix = f"WITH recent ({names}) AS MATERIALIZED ({recent_sql}) "
    source = (
        f"(SELECT *, 1 FROM recent UNION ALL SELECT *, 0 FROM ({every_sql}) "  # noqa: S608  # nosec B608
        f"AS every ({names}) WHERE (SELECT COUNT(*) FROM recent) <= {COUNT_CAP} "
        f"AND EXISTS ({older_sql}) AND every.pk NOT IN (SELECT pk FROM recent)) "
        f"AS candidates ({names}, search_recent)"
    )
    return prefix, source, (*recent_params, *every_params, *older_params)


def _sql(queryset):
    return queryset.query.get_compiler(using=queryset.db).as_sql()


def _dated_field(model, path):
    """The model holding the field at the end of `path`, and the field's name."""
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model, name


def _relations(paths):
    """The related rows that field paths pass through: "issue__publication__name" passes
    through "issue" and "issue__publication"."""
    relations = {}
    for path in paths:
        parts = path.split("__")[:-1]
        for end in range(1, len(parts) + 1):
            relations["__".join(parts[:end])] = True
    return list(relations)


def _instance(model, values):
    """A `model` instance from {column: value}, as the ORM would have made it: its own
    fields (the others deferred), its related rows attached as select_related attaches
    them, and annotations as attributes."""
    opts = model._meta
    own, related, annotations = {}, {}, {}
    for column, value in values.items():
        head, _, rest = column.partition("__")
        if rest:
            related.setdefault(head, {})[rest] = value
        elif head == "pk":
            own[opts.pk.attname] = value
        else:
            try:
                own[opts.get_field(head).attname] = value
            except FieldDoesNotExist:
                annotations[head] = value
    for name, columns in related.items():
        own[opts.get_field(name).attname] = columns["pk"]
    names = [f.attname for f in opts.concrete_fields if f.attname in own]
    obj = model.from_db(connection.alias, names, [own[name] for name in names])
    for name, columns in related.items():
        field = opts.get_field(name)
        setattr(obj, name, None if columns["pk"] is None
                else _instance(field.related_model, columns))
    for name, value in annotations.items():
        setattr(obj, name, value)
    return obj


def marked(text):
    """ts_headline output (plain text with START/STOP markers) as safe HTML."""
    text = escape(html.unescape(text or ""))
    return mark_safe(text.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308  # nosec B308 B703: every piece was escaped above; only our <mark> is markup


def highlight(text, terms, width=SNIPPET_CHARS):
    """A window of `text` around the first match, escaped, with matches in <mark>."""
    text = " ".join(html.unescape(strip_tags(text or "")).split())
    if not text or not terms:
        return mark_safe(escape(text[:width]))  # noqa: S308  # nosec B308 B703: every piece was escaped above; only our <mark> is markup
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)),
                         re.IGNORECASE)
    found = pattern.search(text)
    start = max(0, found.start() - width // 3) if found else 0
    window = text[start:start + width]
    pieces, last = ["…" if start else ""], 0
    for match in pattern.finditer(window):
        pieces += [escape(window[last:match.start()]), f"<mark>{escape(match.group())}</mark>"]
        last = match.end()
    pieces += [escape(window[last:]), "…" if start + width < len(text) else ""]
    return mark_safe("".join(pieces))  # noqa: S308  # nosec B308 B703: every piece was escaped above; only our <mark> is markup


def snippet_for(provider, obj, q):
    if is_postgres():
        return marked(getattr(obj, "search_headline", ""))
    parts = [getattr(obj, name, "") or "" for name in provider.snippet_fields]
    return highlight(" … ".join(p for p in parts if p), terms_of(q))


@dataclass
class Group:
    """One provider's share of the results: its count and the hits shown."""

    provider: SearchProvider
    count: int  # up to COUNT_CAP + 1: more than COUNT_CAP are not counted
    hits: list
    page: object = None  # a Paginator page when this type is the one chosen

    @property
    def capped(self):
        return self.count > COUNT_CAP

    @property
    def count_label(self):
        return count_label(self.count)

    @property
    def more(self):
        return self.page is None and self.count > len(self.hits)


def count_label(count):
    """'12', or 'more than 300' once a count passes the cap."""
    return f"more than {COUNT_CAP:,}" if count > COUNT_CAP else f"{count:,}"


def _page_number(value):
    try:
        return min(max(1, int(value)), COUNT_CAP // PER_PAGE)
    except (TypeError, ValueError):
        return 1


def _total(rows):
    return rows[0].search_total if rows else 0


def _chosen_page(provider, q, filters, page_number):
    """One page of the chosen type and its Paginator page, in one query (two when the
    number asked for is past the last page, which then shows as Paginator.get_page does)."""
    number = _page_number(page_number)
    rows = ranked(provider, q, filters, (number - 1) * PER_PAGE, number * PER_PAGE)
    count = _total(rows)
    if not rows and number > 1:
        count = matches(provider, q, filters).count()
        number = max(1, -(-min(count, COUNT_CAP) // PER_PAGE))
        rows = ranked(provider, q, filters, (number - 1) * PER_PAGE, number * PER_PAGE)
    paginator = Paginator(range(min(count, COUNT_CAP)), PER_PAGE)
    return count, rows, Page(rows, number, paginator)


# One statement, so that the settings cost a search one query.
INDEX_SCANS = "; ".join(
    f"SET LOCAL {setting} = off"
    for setting in ["enable_seqscan", "enable_hashjoin", "enable_mergejoin"]
)


@contextmanager
def _index_scans():
    """On PostgreSQL, a transaction in which the planner reads tables through indexes.

    Under the LIMIT of `matches()` the planner prefers reading a table in order and
    testing each row's document until enough match, as it costs the @@ test as
    cheap; for a common word that unpacks thousands of documents (20 ms for 300
    articles at scale 50) where the GIN index finds them in about 3 ms.

    Every join in a search reaches a row by its key, from at most 301 candidates or a
    page of them, so it is a nested loop. A hash or merge join reads the whole joined
    table instead: every published issue, 5,000 at scale 50, for an article's public
    test (5-7 ms of "priya shah"). Without them the planner also weighs fewer plans,
    about 2 ms less a search.
    """
    if not is_postgres():
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(INDEX_SCANS)
        yield


def run(q, filters, page_number=1):
    """Each applicable provider's count (capped) and the hits shown.

    One query per provider whatever the number of matches (a page of ranked rows that
    carries the count, or for a type not shown, the count alone), and on PostgreSQL
    one more that steers the planner to the indexes.
    """
    with _index_scans():
        return _run(q, filters, page_number)


def _run(q, filters, page_number):
    groups = []
    for provider in providers():
        if not provider.applies(filters):
            continue
        page = None
        if filters.type == provider.key:
            count, rows, page = _chosen_page(provider, q, filters, page_number)
        elif filters.type:
            count, rows = matches(provider, q, filters).count(), []
        else:
            rows = ranked(provider, q, filters, 0, PER_GROUP)
            count = _total(rows)
        hits = [provider.hit(obj, snippet_for(provider, obj, q)) for obj in rows]
        groups.append(Group(provider, count, hits, page))
    return groups


class SearchForm(forms.Form):
    """The search box and its filters; works as a plain GET form."""

    q = forms.CharField(label="Search for", max_length=200, required=False)
    type = forms.ChoiceField(label="Show", required=False)
    year = forms.IntegerField(label="Year", min_value=1990, max_value=2100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        registered = providers()
        self.fields["type"].choices = [("", "Everything")] + [(p.key, p.label) for p in registered]
        for provider in registered:
            self.fields.update(provider.form_fields)

    def filters(self):
        data = self.cleaned_data
        core = {"q", "type", "year"}
        extra = {name: value for name, value in data.items() if name not in core}
        return Filters(type=data.get("type") or "", year=data.get("year"), extra=extra)


def _total_label(groups):
    total = sum(min(g.count, COUNT_CAP) for g in groups)
    return f"more than {total:,}" if any(g.capped for g in groups) else f"{total:,}"


def search_parameters():
    """The search form's fields, the providers' among them, and its page."""
    names = {"q", "type", "year", "page"}
    for provider in providers():
        names.update(provider.form_fields)
    return names


@reads(search_parameters)
def search_view(request):
    """GET /search/?q=…&type=…: results grouped by type, each with its count."""
    form = SearchForm(request.GET or None)
    groups, q = [], ""
    if form.is_bound and form.is_valid():
        q = form.cleaned_data["q"].strip()
        if q:
            groups = run(q, form.filters(), request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    type_query = query.copy()
    type_query.pop("type", None)
    return render(request, "search/results.html", {
        "form": form, "q": q, "groups": groups,
        "total": sum(min(g.count, COUNT_CAP) for g in groups),
        "total_label": _total_label(groups),
        "chosen": form.cleaned_data.get("type", "") if form.is_bound and form.is_valid() else "",
        "query": query.urlencode(), "type_query": type_query.urlencode(),
    })
