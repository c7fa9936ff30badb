"""Sitemap sections for people, organisations and their list pages."""

from django.contrib.sitemaps import Sitemap

from icsportal.sitemaps import StaticPages
from people.models import Organisation, Person


class PersonSitemap(Sitemap):
    def items(self):
        return Person.objects.order_by("pk").only("slug", "updated_at")

    def lastmod(self, person):
        return person.updated_at


class OrganisationSitemap(Sitemap):
    def items(self):
        return Organisation.objects.order_by("pk").only("slug", "updated_at")

    def lastmod(self, organisation):
        return organisation.updated_at


SITEMAPS = {
    "people-pages": StaticPages(["people:person_list", "people:organisation_list"]),
    "people": PersonSitemap(),
    "organisations": OrganisationSitemap(),
}
