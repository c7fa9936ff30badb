"""sitemap.xml lists every public page with lastmod; robots.txt points to it."""

import re

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site

from tests.people.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def all_sitemap_entries(client):
    """{loc: lastmod or None} across every section the index lists."""
    index = client.get("/sitemap.xml").content.decode()
    entries = {}
    for section in re.findall(r"<loc>https?://[^/]+(/sitemap-[^<]+)</loc>", index):
        xml = client.get(section).content.decode()
        for url in re.findall(r"<url>(.*?)</url>", xml, re.S):
            loc = re.search(r"<loc>https?://[^/]+([^<]*)</loc>", url).group(1)
            lastmod = re.search(r"<lastmod>([^<]+)</lastmod>", url)
            entries[loc] = lastmod.group(1) if lastmod else None
    return entries


def test_every_person_and_organisation_is_listed_with_lastmod(client):
    people = PersonFactory.create_batch(3)
    organisations = OrganisationFactory.create_batch(2, is_partner=False)
    entries = all_sitemap_entries(client)
    for obj in people + organisations:
        assert entries[obj.get_absolute_url()] == obj.updated_at.date().isoformat()


def test_the_home_list_and_static_pages_are_listed(client):
    page = FlatPage.objects.create(url="/about/", title="About the ICS", content="<p>x</p>")
    page.sites.add(Site.objects.get_current())
    entries = all_sitemap_entries(client)
    assert {"/", "/people/", "/organisations/", "/about/"} <= set(entries)


def test_a_flatpage_needing_login_is_left_out(client):
    page = FlatPage.objects.create(url="/staff-only/", title="Staff", registration_required=True)
    page.sites.add(Site.objects.get_current())
    assert "/staff-only/" not in all_sitemap_entries(client)


def test_sitemap_query_count_does_not_grow_with_people(client, django_assert_max_num_queries):
    client.get("/sitemap-people.xml")  # the current Site is cached after the first request
    counts = []
    for total in (2, 20):
        PersonFactory.create_batch(total - len(counts) * 2)
        with django_assert_max_num_queries(4) as ctx:
            client.get("/sitemap-people.xml")
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /preview/" in lines
    assert "Disallow: /bench/" in lines  # the benchmark's ceiling and layout
