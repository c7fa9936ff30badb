"""Stored search documents: the column, its index, and keeping both up to date.

Each search provider's model has a `search_document` column holding the weighted
tsvector that `icsportal.search.document_vector(provider)` computes over the row and
its related text (and, for a dated provider, the row's year). Searching reads the
column through a GIN index instead of computing every row's vector per search. Saves
and deletes of the row or of anything its document quotes schedule a refresh of the
affected rows, once per transaction; bulk writes (the corpus generator,
`QuerySet.update`) send no signals, so they are followed by
`manage.py rebuild_search_index`. On databases other than PostgreSQL the
column stays empty and search matches fields directly.
"""

import copy
import threading

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import connection, transaction
from django.db.models import F, Func, Index, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Coalesce
from django.db.models.signals import m2m_changed, post_delete, post_save

BATCH = 2000
_local = threading.local()
_stored = {}


class SearchDocumentField(SearchVectorField):
    """A tsvector on PostgreSQL; an unused text column elsewhere, so migrations run anywhere.

    `long`: the document holds prose that grows with its record, a meeting's minutes or
    an article's body, and the pages leave it unread (`without_long_documents`). It
    changes no column, so migrations do not record it.
    """

    def __init__(self, *args, long=False, **kwargs):
        kwargs.setdefault("null", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)
        self.long = long

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


class SearchDocumentIndex(GinIndex):
    """A GIN index on PostgreSQL; a plain index elsewhere, where GIN does not exist."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return Index.create_sql(self, model, schema_editor, using=using, **kwargs)
        return super().create_sql(model, schema_editor, using=using, **kwargs)


def without_tags(text):
    """The expression `text`, HTML, with its tags replaced by spaces in the database."""
    return Func(text, Value("<[^>]+>"), Value(" "), Value("g"), function="regexp_replace",
                output_field=TextField())


class TextVector(Func):
    """The tsvector of a column of HTML, its tags taken out: what a generated column can
    hold, as every function in it is immutable. NULL on other databases, where nothing
    reads it."""

    output_field = SearchDocumentField(long=True)

    def __init__(self, column):
        super().__init__(F(column))

    def as_sql(self, compiler, connection, **extra_context):
        return "NULL", ()

    def as_postgresql(self, compiler, connection, **extra_context):
        from icsportal.search import CONFIG

        config = Func(Value(CONFIG), template="%(expressions)s::regconfig")
        text = Coalesce(self.source_expressions[0], Value(""), output_field=TextField())
        return compiler.compile(Func(config, without_tags(text), function="to_tsvector",
                                     output_field=self.output_field))


def is_long_document(field):
    """Whether `field` is a long document: a search document, or a generated one, of prose."""
    return getattr(getattr(field, "output_field", field), "long", False)


def _document_paths(model, prefix, tree):
    for field in model._meta.concrete_fields:
        if is_long_document(field):
            yield f"{prefix}{field.name}"
    for name, subtree in tree.items():
        related = model._meta.get_field(name).related_model
        yield from _document_paths(related, f"{prefix}{name}__", subtree)


def without_long_documents(queryset, *related):
    """`queryset` leaving out the long documents of its rows and of the rows it selects
    related, and along `related` (paths that select_related() will add later, as the
    admin adds its list_select_related).

    Only the database reads a document, yet a row loads every column by default, and a
    meeting's is as long as its minutes: 18–29 KB of text for 5,000 words, sent and
    decoded for every meeting a list shows. A short document (a person's, an
    organisation's, a decision's: a few hundred bytes) costs less to read than to leave
    out, as Django builds each row of a deferred column the slower way.
    """
    tree = queryset.query.select_related
    if tree is True:
        raise ValueError("select_related() with no fields follows every relation: name them")
    # A copy all the way down: the paths below must not join anything to `queryset`.
    tree = copy.deepcopy(tree or {})
    for path in related:
        branch = tree
        for name in path.split("__"):
            branch = branch.setdefault(name, {})
    return queryset.defer(*_document_paths(queryset.model, "", tree))


def is_postgres():
    return connection.vendor == "postgresql"


def stored(provider):
    """Whether the provider's rows carry a search document to match against."""
    # Asked several times per search; building the provider's queryset to find its
    # model is not free, and the answer cannot change while the process runs.
    key = type(provider)
    if key not in _stored:
        model = provider.queryset().model
        _stored[key] = any(f.name == "search_document" for f in model._meta.get_fields())
    return _stored[key]


def refresh(provider, pks=None):
    """Recompute the documents of rows `pks` (all rows if None) in one UPDATE per batch."""
    if not is_postgres() or not stored(provider):
        return 0
    from icsportal.search import document_vector

    documents = provider.document_queryset()
    model = documents.model
    document = (documents.filter(pk=OuterRef("pk")).order_by()
                .annotate(document=document_vector(provider)).values("document")[:1])
    rows = model._base_manager.all()
    if pks is not None:
        rows = rows.filter(pk__in=list(pks))
    return rows.update(search_document=Subquery(document))


def rebuild(provider, batch=BATCH, progress=None):
    """Refresh every document of `provider`, `batch` rows per UPDATE (short transactions)."""
    model = provider.document_queryset().model
    pks = list(model._base_manager.order_by("pk").values_list("pk", flat=True))
    done = 0
    for start in range(0, len(pks), batch):
        chunk = pks[start:start + batch]
        with transaction.atomic():
            done += refresh(provider, chunk)
        if progress:
            progress(provider, done, len(pks))
    return done


def _in_transaction():
    """Whether writes now are part of a transaction still to commit.

    Atomic blocks opened by the test framework around a test never commit, so they
    count as autocommit: refreshing at once is what a reader would see after commit.
    """
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def _flush():
    pending, _local.pending = getattr(_local, "pending", {}), {}
    from icsportal.search import providers

    by_key = {provider.key: provider for provider in providers()}
    for key, pks in pending.items():
        refresh(by_key[key], pks)


def schedule(provider, pks):
    """Refresh these rows' documents when the current transaction commits (now if none)."""
    pks = {pk for pk in pks if pk is not None}
    if not pks or not is_postgres():
        return
    if not hasattr(_local, "pending"):
        _local.pending = {}
    _local.pending.setdefault(provider.key, set()).update(pks)
    if not _in_transaction():
        _flush()
    else:
        # The first callback to run at commit refreshes everything pending, once; the
        # rest find nothing left. One per call, so a rolled-back savepoint cannot take
        # the only callback with it.
        transaction.on_commit(_flush)


def _receivers(provider, model, to_pks):
    def saved(sender, instance, **kwargs):
        schedule(provider, to_pks(instance))

    def changed(sender, instance, action, reverse, model, pk_set, **kwargs):
        if not action.startswith("post_"):
            return
        if isinstance(instance, provider.queryset().model):
            schedule(provider, [instance.pk])
        elif pk_set and model is provider.queryset().model:
            schedule(provider, pk_set)

    return saved, changed


def connect():
    """Connect each provider's refresh receivers; called once from AppConfig.ready."""
    from django.apps import apps

    from icsportal.search import providers

    for provider in providers():
        if not stored(provider):
            continue
        for label, to_pks in provider.watches().items():
            sender = apps.get_model(label)
            saved, changed = _receivers(provider, sender, to_pks)
            uid = f"search_index.{provider.key}.{label}"
            post_save.connect(saved, sender=sender, weak=False, dispatch_uid=f"{uid}.save")
            post_delete.connect(saved, sender=sender, weak=False, dispatch_uid=f"{uid}.delete")
        for through in provider.m2m_watches():
            sender = apps.get_model(through) if isinstance(through, str) else through
            _, changed = _receivers(provider, sender, None)
            m2m_changed.connect(changed, sender=sender, weak=False,
                                dispatch_uid=f"search_index.{provider.key}.{sender._meta.label}")
