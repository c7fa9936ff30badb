"""Forms: the admin's correction reason and timeline times, and the public question form."""

import datetime

from django import forms
from django.utils import timezone

from governance.models import MeetingEvent, PublicQuestion


class CorrectionReasonMixin:
    """Adds a required 'reason for correction' field when the minutes are approved."""

    def add_correction_reason(self, locked):
        if locked:
            self.fields["correction_reason"] = forms.CharField(
                label="Reason for correction",
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="These minutes are approved, a legal record. Say why they change; "
                "the reason is published with the minutes.",
            )


class MeetingEventForm(forms.ModelForm):
    """A timeline entry entered as a clock time on the meeting's own day."""

    time = forms.TimeField(
        help_text="London time, e.g. 14:32.", widget=forms.TimeInput(format="%H:%M")
    )

    class Meta:
        model = MeetingEvent
        fields = ["kind", "time", "person", "name", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.at:
            self.initial["time"] = timezone.localtime(self.instance.at).time()

    def clean(self):
        cleaned = super().clean()
        meeting = cleaned.get("meeting")
        if cleaned.get("time") and meeting is not None and meeting.start:
            day = meeting.local_date
            self.instance.at = timezone.make_aware(datetime.datetime.combine(day, cleaned["time"]))
        return cleaned


def _stored_length(name):
    """What PublicQuestion's column holds: a longer value would fail in the database
    (PostgreSQL) after the form had accepted it."""
    return PublicQuestion._meta.get_field(name).max_length


class PublicQuestionForm(forms.Form):
    """What a member of the public sends; the address, email and phone stay private."""

    speaker_name = forms.CharField(label="Your full name",
                                   max_length=_stored_length("speaker_name"))
    on_behalf_of = forms.CharField(
        label="Who are you asking on behalf of?", max_length=_stored_length("on_behalf_of"),
        required=False,
        help_text='For example an organisation, or "myself". This is published.',
    )
    contact_address = forms.CharField(
        label="Postal address", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    # Django's address check allows 320 characters; the column holds 254.
    contact_email = forms.EmailField(label="Email address", required=False,
                                     max_length=_stored_length("contact_email"))
    contact_phone = forms.CharField(label="Telephone number", required=False,
                                    max_length=_stored_length("contact_phone"))
    question = forms.CharField(
        label="Your question", widget=forms.Textarea(attrs={"rows": 8}), max_length=3000
    )
    # Hidden from people; form-filling robots complete it and are turned away.
    website = forms.CharField(required=False, label="Leave this field empty")

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("contact_address") or cleaned.get("contact_email")):
            raise forms.ValidationError(
                "Give a postal address or an email address so we can send you the response."
            )
        return cleaned
