"""The attendance_lines tag: an attendance list as the minutes write it, from rows of
ATTENDANCE_LINE's values, as the meeting page and a board's page show it."""

import datetime

from django.template import engines

from governance.models import ATTENDANCE_LINE


def attendance_lines(rows):
    """The tag's HTML, as a page that loads it renders it."""
    tag = "{% load governance_tags %}{% attendance_lines rows %}"
    return engines["django"].from_string(tag).render({"rows": rows})


def row(**values):
    """A row as the attendance query gives it: every value empty unless given."""
    empty = dict.fromkeys(ATTENDANCE_LINE, None) | {"name": "", "role": "", "is_chair": False}
    return empty | values


def person(prefix, slug, given, family, honorific="", post_nominals=""):
    return {f"{prefix}__slug": slug, f"{prefix}__honorific": honorific,
            f"{prefix}__given_name": given, f"{prefix}__family_name": family,
            f"{prefix}__post_nominals": post_nominals}


def test_a_person_is_linked_with_their_role_and_organisation():
    html = attendance_lines([row(
        role="Clinical Director", organisation__name="Rutland Health PCN", is_chair=True,
        **person("person", "s-harvey", "Sarah", "Harvey", honorific="Dr", post_nominals="MBE"),
    )])
    assert html == (
        '<li><span class="ics-person-line"><a href="/people/s-harvey/">Dr Sarah Harvey MBE</a>, '
        '<span class="ics-person-line__role">Clinical Director, Rutland Health PCN</span>'
        '</span> <strong class="ics-chair">(Chair)</strong></li>'
    )


def test_an_organisation_the_role_already_names_is_not_repeated():
    html = attendance_lines([row(role="Chair of Healthwatch Rutland",
                                 organisation__name="Healthwatch Rutland",
                                 **person("person", "j-a", "Jan", "Ash"))])
    assert '<span class="ics-person-line__role">Chair of Healthwatch Rutland</span>' in html


def test_a_name_without_a_record_is_given_as_recorded_unlinked_and_escaped():
    html = attendance_lines([row(name="A <b>Guest</b>", role="Observer")])
    assert html == (
        '<li><span class="ics-person-line">A &lt;b&gt;Guest&lt;/b&gt;, '
        '<span class="ics-person-line__role">Observer</span></span></li>'
    )


def test_a_vacant_post_is_named_by_its_role():
    html = attendance_lines([row(role="Head of <Services>", organisation__name="The Council")])
    assert html == (
        '<li><span class="ics-person-line">Vacant post, <span class="ics-person-line__role">'
        "Head of &lt;Services&gt;, The Council</span></span></li>"
    )


def test_a_stand_in_and_a_late_arrival_and_early_departure_are_noted():
    html = attendance_lines([row(
        role="Director", arrived_at=datetime.time(14, 5), left_at=datetime.time(11, 30),
        **person("person", "m-b", "Mo", "Bell"),
        **person("representative", "k-c", "Kim", "Cole", post_nominals="OBE"),
    )])
    assert html.endswith(
        ' – represented by <a href="/people/k-c/">Kim Cole OBE</a>'
        ' <span class="ics-meta">(arrived 2.05 pm)</span>'
        ' <span class="ics-meta">(left 11.30 am)</span></li>'
    )


def test_one_line_per_row_in_the_order_given():
    rows = [row(**person("person", f"p-{n}", "Given", f"Family{n}")) for n in range(3)]
    html = attendance_lines(rows)
    assert html.count("<li>") == 3
    assert html.index("Family0") < html.index("Family1") < html.index("Family2")
