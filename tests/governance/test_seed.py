"""The demo meeting keeps the seed minutes' decisions: same items, letters and outcomes."""

import re

import pytest

from governance.models import Attendance, Meeting, Resolution
from icsportal.templatetags.ics import minutes_time

pytestmark = pytest.mark.django_db

SEED = "002_1b7bcabb6b88be16.txt"
ITEM_HEADING = re.compile(r"^(\d+) [A-Z][A-Z ,:&'-]+$")
RESOLUTION = re.compile(r"^(?:- )?([a-z])\) \*\*([A-Z ]+)\*\*")


def seed_resolutions(seeds_dir):
    found, item = [], None
    for line in (seeds_dir / SEED).read_text().splitlines():
        heading = ITEM_HEADING.match(line.strip())
        if heading:
            item = int(heading.group(1))
        decision = RESOLUTION.match(line.strip())
        if decision and item:
            found.append((item, decision.group(1), decision.group(2).strip()))
    return found


def test_demo_resolutions_match_the_seed(seeds_dir, demo):
    expected = seed_resolutions(seeds_dir)
    assert len(expected) == 6
    demo_decisions = [
        (r.item.number, r.letter, r.outcome.word)
        for r in Resolution.objects.filter(item__meeting__date="2022-02-22")
        .select_related("item", "outcome").order_by("item__number", "letter")
    ]
    assert demo_decisions == expected


def test_demo_meeting_has_the_seed_attendance_and_timeline(demo):
    meeting = Meeting.objects.get(board__slug="rutland-hwb", date="2022-02-22")
    lines = list(meeting.attendances.all())
    assert len(lines) == 25
    assert [line.is_chair for line in lines].count(True) == 1
    assert sum(line.is_vacant for line in lines) == 1
    fiona = next(line for line in lines if line.person and line.person.slug == "fiona-myers")
    assert fiona.category == Attendance.Category.APOLOGIES
    assert fiona.representative.slug == "john-edwards"
    assert meeting.items.count() == 9
    assert not meeting.takes_decisions
    times = [minutes_time(event.at) for event in meeting.events.all()]
    assert times == ["2.32 pm", "2.38 pm", "3.00 pm", "3.10 pm", "4.37 pm"]
    next_meeting = meeting.next_meeting()
    assert next_meeting.date.isoformat() == "2022-04-05"
    assert next_meeting.items.count() == 4
