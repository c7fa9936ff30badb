"""Admin for governance officers: a meeting's page holds its attendance, items and timeline;
an item's page holds its resolutions and questions. Approved minutes change only with a
correction reason; questioners' contact details are shown only to those who may see them."""

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied, ValidationError
from simple_history.admin import SimpleHistoryAdmin

from governance import services
from governance.forms import CorrectionReasonMixin, MeetingEventForm
from governance.models import (
    AgendaItem,
    Attendance,
    BankHoliday,
    Board,
    Correction,
    DeclarationOfInterest,
    Meeting,
    MeetingEvent,
    Outcome,
    PublicQuestion,
    Resolution,
    SupportingDocument,
)
from icsportal.admin_autocomplete import ChosenOnce, KeyedAutocomplete
from icsportal.admin_lists import CountOnce, WithoutLongDocuments
from icsportal.admin_search import IndexedSearch

PRIVATE = PublicQuestion.PRIVATE_FIELDS


def sees_contacts(request):
    return request.user.has_perm("governance.view_question_contacts")


def _as_text(value):
    return "" if value is None else str(value)


class CorrectionAdminMixin:
    """On approved minutes: ask for a reason and record a Correction for each change."""

    def locked_meeting(self, obj):
        raise NotImplementedError

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The reason is a form field, not a model field: keep it out of the model form.
        if kwargs.get("fields") is not None:
            kwargs["fields"] = [f for f in kwargs["fields"] if f != "correction_reason"]
        elif "fields" not in kwargs:
            kwargs["fields"] = [
                f for f in flatten_fieldsets(self.get_fieldsets(request, obj))
                if f != "correction_reason"
            ]
        base = super().get_form(request, obj, change=change, **kwargs)
        locked = obj is not None and self.locked_meeting(obj)

        class Form(CorrectionReasonMixin, base):
            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                self.add_correction_reason(locked)

        return Form

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and self.locked_meeting(obj):
            fieldsets.insert(0, ("Correction to approved minutes",
                                 {"fields": ["correction_reason"]}))
        return fieldsets

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        reason = form.cleaned_data.get("correction_reason")
        if not reason:
            return
        changed = [f for f in form.changed_data if f != "correction_reason"]
        if changed:
            services.record_correction(form.instance, request.user, reason, {
                f: [_as_text(form.initial.get(f)), _as_text(form.cleaned_data.get(f))]
                for f in changed
            })
        for formset in formsets:
            initial = {form.instance.pk: form.initial for form in formset.forms}
            for obj, fields in formset.changed_objects:
                before = initial.get(obj.pk, {})
                services.record_correction(obj, request.user, reason, {
                    f: [_as_text(before.get(f)), _as_text(getattr(obj, f, ""))]
                    for f in fields if f not in PRIVATE
                })
            for obj in formset.new_objects:
                services.record_correction(obj, request.user, reason, {"added": ["", str(obj)]})
            for obj in formset.deleted_objects:
                services.record_correction(
                    obj, request.user, reason, {"removed": [str(obj), ""]}
                )


@admin.register(Board)
class BoardAdmin(CountOnce, KeyedAutocomplete, IndexedSearch, SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "host"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["host"]


class AttendanceInline(ChosenOnce, admin.TabularInline):
    model = Attendance
    extra = 3
    autocomplete_fields = ["person", "organisation", "representative"]
    fields = ["order", "category", "person", "name", "role", "organisation", "is_chair",
              "representative", "arrived_at", "left_at"]

    def get_queryset(self, request):
        # Each row is titled by its person's name.
        return super().get_queryset(request).select_related("person")


class AgendaItemInline(WithoutLongDocuments, ChosenOnce, admin.TabularInline):
    model = AgendaItem
    extra = 2
    show_change_link = True
    autocomplete_fields = ["presenter"]
    fields = ["number", "title", "kind", "report_reference", "presenter", "is_exempt"]


class MeetingEventInline(ChosenOnce, admin.TabularInline):
    model = MeetingEvent
    form = MeetingEventForm
    extra = 1
    autocomplete_fields = ["person"]
    fields = ["kind", "time", "person", "name", "note"]


class DeclarationInline(ChosenOnce, admin.TabularInline):
    model = DeclarationOfInterest
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "item", "kind", "description"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # An interest is declared on an item of this meeting. Offered every agenda item
        # of every meeting, each form (and the blank one kept for "Add another") listed
        # them all: 17 MB and 27 s for a meeting's page at corpus scale 50.
        items = AgendaItem.objects.filter(meeting=obj) if obj else AgendaItem.objects.none()
        formset.form.base_fields["item"].queryset = items.order_by("number")
        return formset


@admin.register(Meeting)
class MeetingAdmin(CountOnce, WithoutLongDocuments, KeyedAutocomplete, IndexedSearch,
                   CorrectionAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "board", "kind", "start", "mode", "status", "minutes_status"]
    list_filter = ["board", "minutes_status", "status", "mode"]
    date_hierarchy = "start"
    search_fields = ["board__name", "venue", "items__title"]
    autocomplete_fields = ["board"]
    list_select_related = ["board"]
    readonly_fields = ["minutes_status", "minutes_published_at", "minutes_approved_at",
                       "approved_at_meeting"]
    fieldsets = [
        (None, {"fields": ["board", "kind", "start", "status"]}),
        ("Where", {"fields": ["venue", "mode", "remote_link", "can_take_decisions"]}),
        ("Minutes", {"fields": readonly_fields}),
    ]
    inlines = [AttendanceInline, AgendaItemInline, MeetingEventInline, DeclarationInline]
    actions = ["publish_minutes", "approve_minutes"]

    def locked_meeting(self, obj):
        return obj.is_locked

    def save_model(self, request, obj, form, change):
        if not obj.venue and obj.mode != Meeting.Mode.VIRTUAL:
            obj.venue = obj.board.default_venue
        super().save_model(request, obj, form, change)

    def get_queryset(self, request):
        # A meeting is named by its board: the autocomplete lists twenty of them.
        return super().get_queryset(request).select_related("board")

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.minutes_status != Meeting.MinutesStatus.NONE:
            return False
        return super().has_delete_permission(request, obj)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        if formset.model is Attendance:
            # Lines keep the order they were typed in unless the officer numbered them.
            for index, line in enumerate(instances, start=1):
                if not line.order:
                    line.order = form.instance.attendances.count() + index
        for instance in instances:
            instance.save()
        formset.save_m2m()
        for obj in formset.deleted_objects:
            obj.delete()

    def _run(self, request, queryset, rule, done):
        for meeting in queryset:
            try:
                rule(meeting)
            except (PermissionDenied, ValidationError) as exc:
                message = "; ".join(getattr(exc, "messages", [str(exc)]))
                self.message_user(request, f"{meeting}: {message}", messages.ERROR)
            else:
                self.message_user(request, f"{meeting}: {done}", messages.SUCCESS)

    @admin.action(description="Publish the minutes", permissions=["publish"])
    def publish_minutes(self, request, queryset):
        self._run(request, queryset,
                  lambda m: services.publish_minutes(m, request.user), "minutes published.")

    @admin.action(description="Mark minutes approved at the board's next meeting",
                  permissions=["approve"])
    def approve_minutes(self, request, queryset):
        self._run(request, queryset,
                  lambda m: services.approve_minutes(m, request.user, m.next_meeting()),
                  "minutes approved.")

    def has_publish_permission(self, request):
        return request.user.has_perm("governance.publish_minutes")

    def has_approve_permission(self, request):
        return request.user.has_perm("governance.approve_minutes")


class SupportingDocumentInline(admin.TabularInline):
    model = SupportingDocument
    extra = 0
    fields = ["order", "title", "file"]


class ResolutionInline(admin.TabularInline):
    model = Resolution
    extra = 1
    fields = ["letter", "outcome", "text"]


class PublicQuestionInline(ChosenOnce, admin.StackedInline):
    model = PublicQuestion
    extra = 0
    autocomplete_fields = ["responder"]
    fields = ["number", "kind", "status", "speaker_name", "on_behalf_of", *PRIVATE,
              "speaker_attended", "question", "response", "responder", "responder_role",
              "response_published"]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if sees_contacts(request) else [f for f in fields if f not in PRIVATE]

    def get_exclude(self, request, obj=None):
        return None if sees_contacts(request) else PRIVATE


@admin.register(AgendaItem)
class AgendaItemAdmin(CountOnce, WithoutLongDocuments, KeyedAutocomplete, IndexedSearch,
                      CorrectionAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "meeting", "kind", "is_exempt"]
    list_filter = ["kind", "meeting__board"]
    search_fields = ["title", "report_reference", "meeting__board__name"]
    autocomplete_fields = ["meeting", "presenter"]
    list_select_related = ["meeting__board"]
    fields = ["meeting", "number", "title", "kind", "report_reference", "presenter",
              "presenter_role", "minutes", "is_exempt"]
    inlines = [SupportingDocumentInline, ResolutionInline, PublicQuestionInline]

    def locked_meeting(self, obj):
        return obj.meeting.is_locked

    def has_delete_permission(self, request, obj=None):
        # Removing part of approved minutes is a correction, made from the meeting's page.
        if obj is not None and obj.meeting.is_locked:
            return False
        return super().has_delete_permission(request, obj)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, PublicQuestion):
                instance.meeting = form.instance.meeting
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()


@admin.register(PublicQuestion)
class PublicQuestionAdmin(CountOnce, WithoutLongDocuments, KeyedAutocomplete, IndexedSearch,
                          CorrectionAdminMixin, SimpleHistoryAdmin):
    """Questions as they arrive from the public form, to accept and answer."""

    list_display = ["speaker_name", "meeting", "kind", "status", "received_at",
                    "response_published"]
    list_filter = ["status", "kind", "meeting__board"]
    list_select_related = ["meeting__board"]
    autocomplete_fields = ["meeting", "item", "responder"]
    fields = PublicQuestionInline.fields[:]
    fields.insert(0, "meeting")
    fields.insert(1, "item")

    def locked_meeting(self, obj):
        return obj.meeting.is_locked

    def has_delete_permission(self, request, obj=None):
        # Removing part of approved minutes is a correction, made from the meeting's page.
        if obj is not None and obj.meeting.is_locked:
            return False
        return super().has_delete_permission(request, obj)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if sees_contacts(request) else [f for f in fields if f not in PRIVATE]

    def get_exclude(self, request, obj=None):
        return None if sees_contacts(request) else PRIVATE

    def get_search_fields(self, request):
        base = ["speaker_name", "on_behalf_of", "question"]
        return base + (["contact_email"] if sees_contacts(request) else [])

    def get_readonly_fields(self, request, obj=None):
        return ["received_at"] if obj else []


@admin.register(Outcome)
class OutcomeAdmin(CountOnce, IndexedSearch, SimpleHistoryAdmin):
    list_display = ["word", "order"]
    list_editable = ["order"]
    search_fields = ["word"]


@admin.register(BankHoliday)
class BankHolidayAdmin(CountOnce, SimpleHistoryAdmin):
    list_display = ["date", "name"]
    date_hierarchy = "date"


@admin.register(Correction)
class CorrectionAdmin(CountOnce, WithoutLongDocuments, SimpleHistoryAdmin):
    """Corrections are written by the correction rule; here they are only read."""

    list_display = ["meeting", "what", "made_by", "made_at"]
    list_select_related = ["meeting__board", "made_by"]
    readonly_fields = ["meeting", "what", "reason", "changes", "made_by", "made_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
