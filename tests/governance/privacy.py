"""A reusable privacy crawl: fetch every public page reachable from a list of start
addresses and report any that contains a private value.

Other areas extend START_URLS (feeds, calendars, the API, sitemaps) or pass their own.
"""

import html
import re

START_URLS = [
    "/", "/meetings/", "/decisions/", "/people/", "/organisations/", "/about/", "/privacy/",
    "/boards/rutland-hwb/", "/meetings/rutland-hwb/2022-02-22/",
    "/meetings/rutland-hwb/2022-04-05/",
]
SKIP_PREFIXES = ("/admin/", "/static/", "/media/")
HREF = re.compile(r'href="([^"#]+)')


def crawl(client, start_urls=START_URLS, limit=500):
    """{url: body} for every internal page reachable from `start_urls` (anonymous GETs)."""
    queue, seen, pages = list(start_urls), set(), {}
    while queue and len(seen) < limit:
        url = queue.pop(0).replace("&amp;", "&")
        if url in seen or not url.startswith("/") or url.startswith(SKIP_PREFIXES):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200:
            continue
        body = response.getvalue().decode(errors="replace")
        pages[url] = body
        if "html" in response.get("Content-Type", ""):
            queue.extend(HREF.findall(body))
    return pages


def leaks(pages, secrets):
    """[(url, secret)] for every private value found in a crawled page."""
    found = []
    for url, body in pages.items():
        lowered = body.lower()
        for secret in secrets:
            variants = {secret.lower(), html.escape(secret).lower()} if secret else set()
            if any(variant in lowered for variant in variants):
                found.append((url, secret))
    return found
