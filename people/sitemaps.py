"""Sitemap sections for people, organisations and their list pages."""

from icsportal.sitemaps import KeyedSitemap, StaticPages, newest
from people.models import Organisation, Person


class PersonSitemap(KeyedSitemap):
    def items(self):
        return Person.objects.only("slug", "updated_at")

    def lastmod(self, person):
        return person.updated_at

    def get_latest_lastmod(self):
        return newest(Person.objects.all(), "updated_at")


class OrganisationSitemap(KeyedSitemap):
    def items(self):
        return Organisation.objects.only("slug", "updated_at")

    def lastmod(self, organisation):
        return organisation.updated_at

    def get_latest_lastmod(self):
        return newest(Organisation.objects.all(), "updated_at")


SITEMAPS = {
    "people-pages": StaticPages(["people:person_list", "people:organisation_list"]),
    "people": PersonSitemap(),
    "organisations": OrganisationSitemap(),
}
