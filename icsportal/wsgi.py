"""WSGI entry point for gunicorn (`gunicorn icsportal.wsgi`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "icsportal.settings")

application = get_wsgi_application()


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
    from django.conf import settings
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


warm_up()
