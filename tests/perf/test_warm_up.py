"""A gunicorn worker builds its URL table and templates before its first reader."""

import pytest
from django.template import Template, engines
from django.urls import URLResolver, clear_url_caches

from icsportal import wsgi
from tests.perf.conftest import bench_pages, render_uncached

pytestmark = pytest.mark.django_db


@pytest.fixture
def cold():
    """Forgets this process's URL table and compiled templates, as in a new worker; and
    again afterwards, so the rest of the run builds its own."""

    def forget():
        clear_url_caches()
        for engine in engines.all():
            for loader in engine.engine.template_loaders:
                loader.reset()

    yield forget
    forget()


@pytest.fixture
def built(monkeypatch):
    """What is built from now on: each resolver filling its reverse lookups and each
    template compiled."""
    seen = {"resolvers": [], "templates": []}
    populate, compile_nodelist = URLResolver._populate, Template.compile_nodelist

    def populating(resolver):
        seen["resolvers"].append(str(resolver.pattern))
        return populate(resolver)

    def compiling(template):
        seen["templates"].append(template.origin.template_name)
        return compile_nodelist(template)

    monkeypatch.setattr(URLResolver, "_populate", populating)
    monkeypatch.setattr(Template, "compile_nodelist", compiling)
    return seen


def test_a_warmed_worker_builds_nothing_on_its_first_pages(corpus, client, cold, built):
    corpus(0.05)
    pages = bench_pages()
    cold()
    wsgi.warm_up()
    assert built["resolvers"] and built["templates"]  # the warm-up built them
    built["resolvers"].clear()
    built["templates"].clear()

    render_uncached(client, pages)
    assert built == {"resolvers": [], "templates": []}


def test_without_the_warm_up_the_first_pages_build_them(corpus, client, cold, built):
    """The check above can fail: a cold process builds both on its first pages."""
    corpus(0.05)
    pages = bench_pages()
    cold()
    built["resolvers"].clear()
    built["templates"].clear()
    render_uncached(client, pages)
    assert built["resolvers"] and built["templates"]
