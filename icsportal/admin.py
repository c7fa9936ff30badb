"""Admin for the static pages (flat pages): edited in CKEditor 5, sanitised on save."""

from django.contrib import admin
from django.contrib.flatpages.admin import FlatPageAdmin as DjangoFlatPageAdmin
from django.contrib.flatpages.forms import FlatpageForm
from django.contrib.flatpages.models import FlatPage
from django_ckeditor_5.widgets import CKEditor5Widget

from icsportal.admin_lists import CountOnce
from icsportal.richtext import refuse_pictures_from_elsewhere, sanitize_html


class SanitisedFlatpageForm(FlatpageForm):
    """The flat page form with the rich-text editor and the site's one sanitiser."""

    class Meta(FlatpageForm.Meta):
        widgets = {"content": CKEditor5Widget(config_name="default")}
        help_texts = {
            "content": "Headings, lists, links, tables and images only; anything else "
            "is removed when the page is saved.",
        }

    def clean_content(self):
        refuse_pictures_from_elsewhere(self.cleaned_data["content"])
        return sanitize_html(self.cleaned_data["content"])


admin.site.unregister(FlatPage)


@admin.register(FlatPage)
class FlatPageAdmin(CountOnce, DjangoFlatPageAdmin):
    form = SanitisedFlatpageForm
