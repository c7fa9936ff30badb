"""The machine-readable public URLs, for privacy crawls to fetch alongside the pages."""

import re

from django.urls import reverse

from icsportal.sitemaps import sitemaps


def _detail_keys(paths):
    """{list path: the field its detail path is keyed by}, e.g. "/api/v1/articles/": "id"."""
    keys = {}
    for path in paths:
        found = re.fullmatch(r"(.*/)\{(\w+)\}", path)
        if found:
            keys[found.group(1)] = found.group(2)
    return keys


def public_machine_urls():
    """Every API list, detail and export URL for the current data, the sitemaps and robots.

    Detail URLs are taken from each list's first page (up to 100 rows), keyed as the
    OpenAPI document says (a slug or an id), so a crawl covers real records: people,
    organisations, publications, issues, articles, boards, meetings and decisions.
    """
    from django.test import Client

    client = Client()
    urls = ["/api/v1/openapi.json", "/api/v1/popolo.json", reverse("robots_txt"),
            reverse("sitemap")]
    urls += [reverse("sitemap-section", args=[name]) for name in sitemaps()]
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    keys = _detail_keys(paths)
    for path in paths:
        if "{" in path:
            continue
        urls.append(path)
        if path in keys:
            for row in client.get(path, {"limit": 100}).json()["results"]:
                urls.append(f"{path}{row[keys[path]]}")
    return list(dict.fromkeys(urls))
