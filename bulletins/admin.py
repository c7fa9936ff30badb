"""Admin for bulletins: the press office drafts issues and articles, editors publish them.

Status never changes through a form field for the press office; every change of status
goes through bulletins.services, which checks the permission.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Value, When
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin
from taggit.admin import TagAdmin
from taggit.forms import TagField
from taggit.managers import TaggableManager
from taggit.models import Tag

from bulletins import services
from bulletins.models import Article, Issue, KeyFact, Publication, PullQuote
from icsportal.admin_autocomplete import ChosenOnce, KeyedAutocomplete
from icsportal.admin_lists import CountOnce, WithoutLongDocuments
from icsportal.admin_search import IndexedSearch
from icsportal.dates import day_words


def _preview_link(obj):
    if not obj or not obj.pk:
        return "Save first to preview."
    return format_html('<a href="{}" target="_blank" rel="noopener">Preview</a>',
                       obj.get_preview_url())


def _issues_for(user, issues):
    """The issues a user may put an article in: the press office adds articles only to
    issues that are not yet published."""
    if not services.can_publish(user):
        issues = issues.exclude(status=Issue.Status.PUBLISHED)
    return issues


def _locked_for(user, issue):
    """A published or scheduled issue is the editors' to correct; the press office reads it."""
    return (
        issue is not None
        and issue.status == Issue.Status.PUBLISHED
        and not services.can_publish(user)
    )


@admin.register(Publication)
class PublicationAdmin(CountOnce, SimpleHistoryAdmin):
    list_display = ["name", "audience", "frequency", "submissions_email"]
    prepopulated_fields = {"slug": ["name"]}


class ArticleInline(WithoutLongDocuments, admin.TabularInline):
    model = Article
    extra = 0
    fields = ["position", "headline", "contents_label", "slug", "kind", "page_number"]
    prepopulated_fields = {"slug": ["headline"]}
    ordering = ["position", "pk"]
    show_change_link = True

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _locked_for(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not _locked_for(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _locked_for(request.user, obj)


def _run(modeladmin, request, queryset, operation, done):
    changed = 0
    for issue in queryset:
        try:
            operation(issue, request.user)
        except (PermissionDenied, ValidationError) as exc:
            message = exc.messages[0] if hasattr(exc, "messages") else str(exc)
            modeladmin.message_user(request, f"{issue}: {message}", messages.ERROR)
        else:
            changed += 1
    if changed:
        modeladmin.message_user(request, f"{changed} issue(s) {done}.", messages.SUCCESS)


@admin.action(description="Submit selected issues for review")
def submit_for_review(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.submit_for_review, "submitted for review")


@admin.action(description="Publish selected issues (at their publish time, or now)",
              permissions=["publish"])
def publish(modeladmin, request, queryset):
    def operation(issue, user):
        services.publish(issue, user, at=issue.publish_at)

    _run(modeladmin, request, queryset, operation, "published or scheduled")


@admin.action(description="Unpublish selected issues", permissions=["publish"])
def unpublish(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.unpublish, "unpublished")


@admin.register(Issue)
class IssueAdmin(CountOnce, KeyedAutocomplete, IndexedSearch, SimpleHistoryAdmin):
    list_display = ["__str__", "issue_date", "cover_headline", "status", "publish_at",
                    "preview"]
    list_filter = ["publication", "status", ("issue_date", admin.DateFieldListFilter)]
    search_fields = ["publication__name", "edition", "period_label", "cover_headline", "welcome",
                     "articles__headline", "articles__body"]
    # An article's issue is chosen by its name; searching articles' text is the list's.
    choice_search_fields = ["publication__name", "edition", "period_label", "cover_headline"]
    list_select_related = ["publication"]
    date_hierarchy = "issue_date"
    autocomplete_fields = ["welcome_signed_by"]
    inlines = [ArticleInline]
    actions = [submit_for_review, publish, unpublish]
    readonly_fields = ["preview", "first_published_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["publication", "edition", "issue_date", "period_label", "preview"]}),
        ("Publishing", {"fields": ["status", "publish_at", "first_published_at", "updated_at"]}),
        ("Cover", {"fields": ["cover_headline", "cover_image", "cover_image_alt"]}),
        ("Welcome", {"fields": ["welcome", "welcome_signed_by"]}),
        ("Closing boxes", {"fields": [
            "call_for_stories", "support_heading", "support_text", "support_phone",
            "support_email", "support_website",
        ]}),
    ]

    @admin.display(description="Preview")
    def preview(self, obj):
        return _preview_link(obj)

    def has_publish_permission(self, request):
        return services.can_publish(request.user)

    def get_queryset(self, request):
        # An issue is named with its publication: the autocomplete lists twenty of them.
        return super().get_queryset(request).select_related("publication")

    def _choosing_an_articles_issue(self, request):
        """The request is the article form's autocomplete for its issue."""
        return self.is_autocomplete(request) and (
            request.GET.get("app_label") == Article._meta.app_label
            and request.GET.get("model_name") == Article._meta.model_name
            and request.GET.get("field_name") == "issue"
        )

    def get_search_fields(self, request):
        if self._choosing_an_articles_issue(request):
            return self.choice_search_fields
        return super().get_search_fields(request)

    def get_search_words(self, request, search_term):
        found = super().get_search_words(request, search_term)
        if self._choosing_an_articles_issue(request):
            # "issue" is in every issue's name ("In Partnership issue 6"), so in every row.
            found = [word for word in found if word.lower() != "issue"]
        return found

    def get_search_results(self, request, queryset, search_term):
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        if self._choosing_an_articles_issue(request):
            # Offered as the article form would accept them, an edition typed first.
            queryset = _issues_for(request.user, queryset)
            editions = [int(word) for word in self.get_search_words(request, search_term)
                        if word.isdigit() and len(word) < 10]
            if editions:
                typed = Case(When(edition__in=editions, then=Value(0)), default=Value(1))
                queryset = queryset.order_by(typed, *Issue._meta.ordering)
        return queryset, duplicates

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _locked_for(request.user, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not services.can_publish(request.user):
            # The press office never sets a status or a publish time by editing a field.
            fields += ["status", "publish_at"]
        return fields

    def save_model(self, request, obj, form, change):
        """Saves the content; a status change an editor made in the form goes through the
        same services as the buttons, so the rules and history are the same."""
        wanted = obj.status
        if "status" in form.changed_data:
            obj.status = form.initial.get("status", Issue.Status.DRAFT)
        super().save_model(request, obj, form, change)
        if wanted == obj.status:
            return
        if wanted == Issue.Status.PUBLISHED:
            services.publish(obj, request.user, at=form.cleaned_data.get("publish_at"))
        elif obj.status == Issue.Status.PUBLISHED:
            services.unpublish(obj, request.user)
            if wanted == Issue.Status.IN_REVIEW:
                services.submit_for_review(obj, request.user)
        elif wanted == Issue.Status.IN_REVIEW:
            services.submit_for_review(obj, request.user)
        else:
            obj.status = wanted
            obj.save()

    def response_change(self, request, obj):
        operations = {
            "_submit_for_review": (services.submit_for_review, "submitted for review"),
            "_publish": (lambda issue, user: services.publish(issue, user, at=issue.publish_at),
                         "published"),
            "_unpublish": (services.unpublish, "unpublished"),
        }
        for name, (operation, done) in operations.items():
            if name in request.POST:
                try:
                    operation(obj, request.user)
                except (PermissionDenied, ValidationError) as exc:
                    self.message_user(request, " ".join(getattr(exc, "messages", [str(exc)])),
                                      messages.ERROR)
                else:
                    if obj.publish_at and obj.publish_at > timezone.now() and name == "_publish":
                        when = timezone.localtime(obj.publish_at)
                        done = f"scheduled for {day_words(when)}, {when:%H:%M}"
                    self.message_user(request, f"{obj} {done}.", messages.SUCCESS)
                return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="",
                           obj=None):
        context["can_publish"] = services.can_publish(request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)


class PullQuoteInline(ChosenOnce, admin.StackedInline):
    model = PullQuote
    extra = 0
    fields = ["position", "text", "person", "attribution", "role", "role_text"]
    autocomplete_fields = ["person", "role"]
    chosen_related = {"role": ["organisation"]}  # a role is named with its organisation


class KeyFactInline(admin.TabularInline):
    model = KeyFact
    extra = 0
    fields = ["position", "figure", "label"]


class TopicsField(TagField):
    """taggit's field for an article's topics, which refuses a topic longer than its table
    holds. taggit checks no length: PostgreSQL refused the row on save, a server error
    that lost the form; SQLite stored it whole."""

    def clean(self, value):
        names = super().clean(value)
        limit = Tag._meta.get_field("name").max_length
        # The slug may grow ("㎏" is "kg") and takes "_2" when another topic has it.
        too_long = [name for name in names
                    if len(name) > limit or len(Tag().slugify(name)) > limit - 4]
        if too_long:
            name = too_long[0] if len(too_long[0]) <= 60 else f"{too_long[0][:59]}…"
            raise ValidationError(f"A topic can be at most {limit} characters long; "
                                  f"this one is longer: “{name}”.")
        return names


@admin.register(Article)
class ArticleAdmin(CountOnce, WithoutLongDocuments, KeyedAutocomplete, IndexedSearch,
                   SimpleHistoryAdmin):
    list_display = ["headline", "issue", "kind", "position", "page_number", "preview"]
    list_filter = ["issue__publication", "kind", "issue__status",
                   ("issue__issue_date", admin.DateFieldListFilter)]
    search_fields = ["headline", "standfirst", "body"]
    list_select_related = ["issue__publication"]
    # The issue too: a select of every issue was 5,000 options (356 KB) at corpus scale 50.
    autocomplete_fields = ["issue", "people", "organisations", "interviewee"]
    prepopulated_fields = {"slug": ["headline"]}
    inlines = [PullQuoteInline, KeyFactInline]
    formfield_overrides = {TaggableManager: {"form_class": TopicsField}}
    readonly_fields = ["preview", "interviewee_role", "updated_at"]
    fieldsets = [
        (None, {"fields": ["issue", "position", "kind", "headline", "contents_label", "slug",
                           "page_number", "preview"]}),
        ("Text", {"fields": ["standfirst", "body"]}),
        ("Image", {"fields": ["image", "image_alt", "image_caption", "image_credit"]}),
        ("Topics and links", {"fields": ["tags", "people", "organisations"]}),
        ("Interview", {"fields": ["interviewee", "interviewee_role", "series"],
                       "description": "For interviews only."}),
    ]

    @admin.display(description="Preview")
    def preview(self, obj):
        return _preview_link(obj)

    def has_change_permission(self, request, obj=None):
        locked = obj is not None and _locked_for(request.user, obj.issue)
        return super().has_change_permission(request, obj) and not locked

    def has_delete_permission(self, request, obj=None):
        locked = obj is not None and _locked_for(request.user, obj.issue)
        return super().has_delete_permission(request, obj) and not locked

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "issue":
            # The issues the form accepts; the one chosen is named with its publication.
            kwargs["queryset"] = _issues_for(request.user,
                                             Issue.objects.select_related("publication"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class TopicAdmin(CountOnce, TagAdmin):
    """Topics (taggit's tags), renamed and merged as taggit's admin does, without its
    inline of every tagging: a row per article, by content type and object id, which
    nobody edits there, and for a common topic thousands of forms (41 MB and a minute
    for one topic's page at corpus scale 50). Articles are tagged on their own form."""

    inlines = []


admin.site.unregister(Tag)
admin.site.register(Tag, TopicAdmin)
