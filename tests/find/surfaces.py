"""The machine-readable public URLs, for privacy crawls to fetch alongside the pages."""

from django.urls import reverse

from icsportal.sitemaps import sitemaps


def public_machine_urls():
    """Every API list, detail and export URL for the current data, the sitemaps and robots.

    Detail URLs are taken from each list's first page, so a crawl covers real records.
    """
    from django.test import Client

    client = Client()
    urls = ["/api/v1/openapi.json", "/api/v1/popolo.json", reverse("robots_txt"),
            reverse("sitemap")]
    urls += [reverse("sitemap-section", args=[name]) for name in sitemaps()]
    for path in client.get("/api/v1/openapi.json").json()["paths"]:
        if "{" in path:
            continue
        urls.append(path)
        if path.endswith("/"):
            for row in client.get(path, {"limit": 100}).json()["results"]:
                urls.append(f"{path}{row['slug'] if 'slug' in row else row['id']}")
    return list(dict.fromkeys(urls))
