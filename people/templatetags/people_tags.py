"""The name-and-role line as a template tag, for templates that show one person at a time,
and the people list's previous/next links."""

from django import template

from icsportal.templatetags.ics import PageLink, prev_next, query_href
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


@register.inclusion_tag("includes/prev_next.html")
def name_links(page, query=""):
    """Previous and next for a people.listing.NamePage, named by the people either side
    ("Names before Jones"), keeping `query`."""
    previous = next_ = None
    if page.previous_before:
        previous = PageLink(query_href(query, "before", page.previous_before),
                            f"Names before {page.people[0].name}")
    if page.next_from:
        next_ = PageLink(query_href(query, "from", page.next_from),
                         f"Names after {page.people[-1].name}")
    return prev_next(previous, next_)
