"""A person's name-and-role line: the one place its markup is written.

Built in Python rather than a template because lists render it hundreds of times, and
a template include per line cost more than the rest of such a page together.
"""

import html
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.safestring import SafeString

from icsportal.compiled import Compiled
from icsportal.paths import path_maker
from people.models import Organisation, display_name, role_label


def escape(text):
    """Django's conditional_escape without its lazy-string wrapper, which costs more than
    the escaping on a line's three short strings."""
    return text.__html__() if hasattr(text, "__html__") else html.escape(str(text))


def line_html(name, url=None, role=""):
    """'<a href=url>name</a>, role' in the site's markup; no link without a url."""
    who = f'<a href="{escape(url)}">{escape(name)}</a>' if url else escape(name)
    what = f', <span class="ics-person-line__role">{escape(role)}</span>' if role else ""
    return SafeString(f'<span class="ics-person-line">{who}{what}</span>')  # nosec B703: parts escaped above


@dataclass(slots=True)
class PersonLine:
    """A person as a list shows them: renders as their name-and-role line."""

    slug: str
    name: str
    url: str
    role: str = ""

    def __html__(self):
        return line_html(self.name, self.url, self.role)

    def __str__(self):
        return self.__html__()


def member_lines(rows, until=False):
    """'<a>Name</a>, Title' for an organisation's (slug, honorific, given name, family
    name, post-nominals, title, qualifier, end date) role rows; with `until`, the title
    alone and the month the role ended, as past roles are listed."""
    person_path = path_maker("people:person")
    months = {}  # formatting a date is slow next to the rest of a line, and months repeat
    lines = []
    for slug, honorific, given, family, post, title, qualifier, end_date in rows:
        name = display_name(honorific, given, family, post)
        if until:
            month = end_date.replace(day=1)
            if month not in months:
                months[month] = date_format(month, "F Y")
            what = f"{escape(title)} (until {months[month]})"
        else:
            what = escape(role_label(title, qualifier))
        line = f'<a href="{escape(person_path(slug))}">{escape(name)}</a>, {what}'
        lines.append(SafeString(line))  # nosec B703: every part escaped
    return lines


def _predecessors(organisation):
    return (Organisation.objects.filter(successor_id=organisation).order_by("name")
            .values_list("slug", "name", "dissolved_on"))


PREDECESSORS = Compiled(_predecessors, organisation=int)  # compiled once (icsportal.compiled)


def predecessor_lines(organisation):
    """'<a>Name</a> (closed 30 June 2022)' for each body whose functions `organisation`
    took over, by name: the ICB took over dozens."""
    organisation_path, lines = path_maker("people:organisation"), []
    for slug, name, dissolved_on in PREDECESSORS.run(organisation=organisation.pk):
        closed = f" (closed {date_format(dissolved_on, 'j F Y')})" if dissolved_on else ""
        line = f'<a href="{escape(organisation_path(slug))}">{escape(name)}</a>{closed}'
        lines.append(SafeString(line))  # nosec B703: every part escaped; the date is ours
    return lines
