"""The name-and-role line as a template tag, for templates that show one person at a time."""

from django import template

from people.lines import line_html

register = template.Library()


@register.simple_tag
def person_line(person=None, role=None, role_text="", name=""):
    """A Person's linked name, or `name` when there is no record, with a Role's label or
    `role_text` (free text as recorded) after it."""
    if person:
        name, url = person.display_name, person.get_absolute_url()
    else:
        url = None
    return line_html(name, url, role.label if role else role_text)
