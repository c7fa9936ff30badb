"""WSGI entry point for gunicorn (`gunicorn icsportal.wsgi`)."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "icsportal.settings")

application = get_wsgi_application()


def limit_database_waits(databases):
    """Give the site's PostgreSQL connections a lock timeout and a statement timeout
    (ICSPORTAL_DB_LOCK_TIMEOUT_MS, ICSPORTAL_DB_STATEMENT_TIMEOUT_MS), as options of
    each new connection: no statement more.

    Only where pages are served, so here: a migration, an import or a rebuild of the
    search index runs as long as it needs. Without them a table locked by a
    migration held every reader's worker until gunicorn's timeout killed it, 30 s, the
    worker's page cache with it, and a statement abandoned that way ran on in the
    database. With them such a page is sent in seconds, as the copy the page cache
    kept earlier or as 503 (icsportal.caching, `when_database_unavailable`).
    """
    limits = {"lock_timeout": settings.ICSPORTAL_DB_LOCK_TIMEOUT_MS,
              "statement_timeout": settings.ICSPORTAL_DB_STATEMENT_TIMEOUT_MS}
    given = " ".join(f"-c {name}={value}" for name, value in limits.items() if value)
    for database in databases.values():
        if given and database["ENGINE"] in ("django.db.backends.postgresql",
                                             "icsportal.postgresql"):
            options = database.setdefault("OPTIONS", {})
            options["options"] = f"{options.get('options', '')} {given}".strip()


def warm_up():
    """Build what Django otherwise builds on a worker's first requests, before it serves
    any: the URL table, with every view module and the API's schemas it imports, the
    reverse lookups of each namespace, and the site's compiled templates.

    A new worker's first page took about a quarter of a second, most of it importing
    the URL configuration and filling the reverse lookups, and each page type's first
    render compiled its templates. None of it reads the database or the cache, so it
    runs wherever the application is loaded: in each worker, or once in gunicorn's
    master with `--preload`.
    """
    from django.template.loader import get_template
    from django.urls import NoReverseMatch, get_resolver, reverse

    namespaces = [([], get_resolver())]
    while namespaces:
        path, resolver = namespaces.pop()
        if path:
            # Reversing a name no namespace holds builds the namespace's own resolver
            # and fills its lookups, as a page's first reverse into it would.
            try:
                reverse(":".join([*path, ""]))
            except NoReverseMatch:
                pass
        for name, (_prefix, child) in resolver.namespace_dict.items():
            namespaces.append(([*path, name], child))
    root = settings.BASE_DIR / "templates"
    for template in sorted(root.rglob("*.*")):
        get_template(template.relative_to(root).as_posix())


limit_database_waits(settings.DATABASES)
warm_up()
