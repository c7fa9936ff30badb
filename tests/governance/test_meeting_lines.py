"""The meeting_lines tag: a list of meetings, a line each, as the meetings list, a board's
page and the home page show them."""

import datetime

from django.template import engines

from governance.models import Board, Meeting

UTC = datetime.UTC


def meeting_lines(meetings):
    """The tag's HTML, as a page that loads it renders it."""
    tag = "{% load governance_tags %}{% meeting_lines meetings %}"
    return engines["django"].from_string(tag).render({"meetings": meetings})


def meeting(**fields):
    board = Board(name="Children's Health & Wellbeing Board", slug="childrens-hwb")
    return Meeting(board=board, **{
        "start": datetime.datetime(2023, 7, 4, 13, 0, tzinfo=UTC), "venue": "",
        "mode": Meeting.Mode.IN_PERSON, "status": Meeting.Status.HELD,
        "minutes_status": Meeting.MinutesStatus.NONE, **fields,
    })


def line(html):
    assert html.startswith('<ul class="nhsuk-list nhsuk-list--border"><li>')
    assert html.endswith("</li>\n</ul>")
    return html.removeprefix('<ul class="nhsuk-list nhsuk-list--border">').removesuffix("</ul>")


def test_a_line_links_the_meeting_and_gives_its_london_time_venue_mode_and_minutes():
    held = meeting(kind=Meeting.Kind.SPECIAL, venue="Catmose <Chamber>",
                   mode=Meeting.Mode.HYBRID, minutes_status=Meeting.MinutesStatus.APPROVED)
    assert line(meeting_lines([held])) == (
        '<li><a href="/meetings/childrens-hwb/2023-07-04/">Special meeting of the '
        "Children&#x27;s Health &amp; Wellbeing Board</a><br><span class=\"ics-meta\">"
        "Tuesday 4 July 2023, 2.00 pm · Catmose &lt;Chamber&gt; · In person and online · "
        "minutes approved as a correct record</span></li>\n"
    )


def test_a_meeting_after_midnight_in_london_is_on_the_london_day():
    late = meeting(start=datetime.datetime(2023, 7, 4, 23, 30, tzinfo=UTC),
                   mode=Meeting.Mode.VIRTUAL)
    html = meeting_lines([late])
    assert 'href="/meetings/childrens-hwb/2023-07-05/"' in html
    assert "Wednesday 5 July 2023, 12.30 am · Virtual (online only)</span>" in html


def test_a_meeting_called_off_says_so_instead_of_its_minutes():
    for status, label in [(Meeting.Status.CANCELLED, "Cancelled"),
                          (Meeting.Status.POSTPONED, "Postponed")]:
        called_off = meeting(status=status, minutes_status=Meeting.MinutesStatus.PUBLISHED)
        assert line(meeting_lines([called_off])).endswith(
            f"2.00 pm · In person · {label}</span></li>\n")


def test_minutes_show_only_once_they_are_public():
    draft = meeting(minutes_status=Meeting.MinutesStatus.DRAFT)
    published = meeting(minutes_status=Meeting.MinutesStatus.PUBLISHED)
    assert line(meeting_lines([draft])).endswith("2.00 pm · In person</span></li>\n")
    assert line(meeting_lines([published])).endswith(
        "In person · minutes published, awaiting approval</span></li>\n")


def test_each_meeting_gets_its_own_line_and_none_gets_an_empty_list():
    meetings = [meeting(), meeting(start=datetime.datetime(2023, 9, 5, 13, 0, tzinfo=UTC))]
    assert meeting_lines(meetings).count("<li>") == 2
    assert meeting_lines([]) == '<ul class="nhsuk-list nhsuk-list--border"></ul>'
