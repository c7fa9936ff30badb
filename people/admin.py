"""Admin for people, organisations and roles: searchable, with roles inline on the person."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from icsportal.admin_autocomplete import ChosenOnce, KeyedAutocomplete
from icsportal.admin_lists import CountOnce, IndexedValuesFilter
from icsportal.admin_search import IndexedSearch
from people.models import Organisation, Person, Role


class RoleInline(ChosenOnce, admin.TabularInline):
    model = Role
    extra = 1
    autocomplete_fields = ["organisation"]
    fields = ["title", "qualifier", "organisation", "start_date", "end_date"]

    def get_queryset(self, request):
        # A row's title is the role's name, which names its organisation.
        return super().get_queryset(request).select_related("organisation")


@admin.register(Person)
class PersonAdmin(CountOnce, IndexedSearch, SimpleHistoryAdmin):
    list_display = ["display_name", "slug", "updated_at"]
    search_fields = ["given_name", "family_name", "honorific", "roles__title"]
    list_filter = [("honorific", IndexedValuesFilter), "roles__organisation__kind"]
    prepopulated_fields = {"slug": ["given_name", "family_name"]}
    inlines = [RoleInline]
    fieldsets = [
        (None, {"fields": ["honorific", "given_name", "family_name", "post_nominals", "slug"]}),
        ("Profile", {"fields": ["biography", "photo", "photo_alt"]}),
    ]


@admin.register(Organisation)
class OrganisationAdmin(CountOnce, KeyedAutocomplete, IndexedSearch, SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "place", "is_partner", "dissolved_on"]
    list_filter = ["kind", "place", "is_partner"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["successor"]


@admin.register(Role)
class RoleAdmin(CountOnce, KeyedAutocomplete, IndexedSearch, SimpleHistoryAdmin):
    list_display = ["person", "title", "qualifier", "organisation", "start_date", "end_date"]
    list_filter = ["qualifier", "organisation__kind"]
    search_fields = ["title", "person__family_name", "person__given_name", "organisation__name"]
    autocomplete_fields = ["person", "organisation"]
    list_select_related = ["person", "organisation"]
