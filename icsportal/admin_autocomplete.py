"""The admin's autocomplete fields: keys checked before they are read, and inline rows
that name their chosen records in one query a field.

Django's autocomplete widget shows the record already chosen as its one option, and
reads it by its own query when the field is drawn. Two things follow:

- a form sent back with a value that is not a key (`not-a-key`) made that query raise
  `ValueError` while the form was drawn with its errors. `KeyedAutocomplete` gives an
  admin's autocomplete fields widgets that leave such a value out (and a field of
  several records that refuses one before its query), so the form shows the field's
  error and keeps the rest of what was typed;
- in an inline, that is a query per row and field: a meeting's page read its
  attendance lines' people, organisations and representatives, its items' presenters
  and its events' people one at a time, and took 63 queries for a meeting of 16 lines
  and 8 items (12 now, whatever its size). `ChosenOnce` gives an inline's autocomplete
  fields a widget that takes its chosen record from the formset, which reads every
  row's choice for a field in one query when the first row is drawn.
"""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.forms import ModelMultipleChoiceField
from django.utils.functional import cached_property


def _key(field, value):
    """The key a field has chosen, as text, or None: a form sent back with a value that
    is not a key shows that error, and chooses nothing."""
    if value in field.empty_values:
        return None
    pk = field.queryset.model._meta.pk
    try:
        pk.run_validators(pk.to_python(value))  # a number, in the column's range
    except ValidationError:
        return None
    return str(value)


def _keys(widget, value):
    return [key for key in (_key(widget.choices.field, each) for each in value) if key]


class KeysOnly:
    """Draws only the values that are keys (module docstring)."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, _keys(self, value), attr)


class KeyedAutocompleteSelect(KeysOnly, AutocompleteSelect):
    pass


class KeyedAutocompleteSelectMultiple(KeysOnly, AutocompleteSelectMultiple):
    pass


class KeyedMultipleChoiceField(ModelMultipleChoiceField):
    """Django's field of several records, refusing a value that is not a key before its
    query reads them: SQLite cannot take a number wider than 64 bits, and Django's own
    check let one through to raise `OverflowError`."""

    def _check_values(self, value):
        if self.to_field_name is None and isinstance(value, (list, tuple)):
            for each in value:
                if _key(self, each) is None:
                    raise ValidationError(self.error_messages["invalid_pk_value"],
                                          code="invalid_pk_value", params={"pk": each})
        return super()._check_values(value)


class ChosenAutocompleteSelect(KeyedAutocompleteSelect):
    """The admin's autocomplete, drawn from its formset's `Chosen` records when it has
    one; by its own query otherwise."""

    chosen = None

    def optgroups(self, name, value, attr=None):
        if self.chosen is None:
            return super().optgroups(name, value, attr)
        records = self.chosen.records
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        label = self.choices.field.label_from_instance
        for key in value:
            record = records.get(str(key))
            if record is not None:
                options.append(self.create_option(name, record.pk, label(record), True,
                                                  len(options)))
        return [(None, options, 0)]


def _select(widget):
    """The autocomplete inside the admin's wrapper (the add and change links)."""
    widget = getattr(widget, "widget", widget)
    return widget if isinstance(widget, ChosenAutocompleteSelect) else None


class Chosen:
    """The records a formset's rows have chosen in one field, read in one query when
    the first of them is drawn (a form that is saved and not drawn again reads none)."""

    def __init__(self, formset, name, related=()):
        self.formset, self.name, self.related = formset, name, related

    @cached_property
    def records(self):
        keys = set()
        for form in self.formset.forms:
            field = form.fields.get(self.name)
            if field is not None:
                keys.add(_key(field, form[self.name].value()))
        keys.discard(None)
        if not keys:
            return {}
        queryset = self.formset.form.base_fields[self.name].queryset
        if self.related:
            queryset = queryset.select_related(*self.related)
        return {str(record.pk): record for record in queryset.filter(pk__in=keys)}


class ChosenOnceFormSet:
    """Gives each row's autocomplete the formset's `Chosen` records for its field.
    `chosen_related`: {field: relations its records' names read (`select_related`)}."""

    chosen_related = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._chosen = {}

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        for name, field in form.fields.items():
            widget = _select(field.widget)
            if widget is not None:
                if name not in self._chosen:
                    self._chosen[name] = Chosen(self, name, self.chosen_related.get(name, ()))
                widget.chosen = self._chosen[name]
        return form


class KeyedAutocomplete:
    """ModelAdmin and InlineModelAdmin mixin: its autocomplete fields (foreign keys and
    many-to-many fields to primary keys) draw only values that are keys (module
    docstring)."""

    autocomplete_widget = KeyedAutocompleteSelect

    def _keyed(self, db_field, request, kwargs):
        """Django would give this field its autocomplete, and its keys are primary keys."""
        return ("widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request)
                and db_field.target_field.primary_key)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if self._keyed(db_field, request, kwargs):
            kwargs["widget"] = self.autocomplete_widget(db_field, self.admin_site,
                                                        using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if self._keyed(db_field, request, kwargs):
            kwargs["widget"] = KeyedAutocompleteSelectMultiple(db_field, self.admin_site,
                                                               using=kwargs.get("using"))
            kwargs.setdefault("form_class", KeyedMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ChosenOnce(KeyedAutocomplete):
    """InlineModelAdmin mixin: its autocomplete fields (foreign keys to primary keys)
    read their chosen records once for all the rows (module docstring).
    `chosen_related` names what a field's records need for their names, as
    `{"role": ["organisation"]}`."""

    autocomplete_widget = ChosenAutocompleteSelect
    chosen_related = {}

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (ChosenOnceFormSet, formset),
                    {"chosen_related": self.chosen_related})
