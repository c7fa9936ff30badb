"""Demo board meetings: the Rutland Health and Wellbeing Board's special meeting of
22 February 2022 and its next meeting of 5 April 2022.

The facts (names, roles, items, decisions, times) come from the published minutes; every
sentence is written for icsportal. The questioners' contact details are invented
placeholders. `load()` is idempotent: records are found by their natural keys.
"""

import datetime

from django.utils import timezone

from governance.models import (
    AgendaItem,
    Attendance,
    Board,
    Meeting,
    MeetingEvent,
    Outcome,
    PublicQuestion,
    Resolution,
    london,
)
from people.models import Organisation, Person

FEB = datetime.date(2022, 2, 22)
APR = datetime.date(2022, 4, 5)
C = Attendance.Category
K = AgendaItem.Kind

ATTENDANCE = [
    # category, person slug (None: vacant post), role as recorded, organisation slug, chair
    (C.PRESENT, "s-harvey", "Portfolio Holder for Health, Wellbeing and Adult Care",
     "rutland-county-council", True),
    (C.PRESENT, "fay-bayliss", "Deputy Director of Integration and Transformation, LLR CCGs",
     None, False),
    (C.PRESENT, "lindsey-booth", "NPA Commander Melton & Rutland", "leicestershire-police", False),
    (C.PRESENT, "hilary-fox", "Clinical Director", "rutland-health-pcn", False),
    (C.PRESENT, "janet-underwood", "Chair of Healthwatch Rutland", "healthwatch-rutland", False),
    (C.PRESENT, "john-edwards", "Associate Director for Transformation for Mental Health", "lpt",
     False),
    (C.PRESENT, "mike-sandys", "Director of Public Health for Leicestershire & Rutland",
     "leicestershire-county-council", False),
    (C.PRESENT, "sandra-taylor", "Health and Wellbeing Integration Lead",
     "rutland-county-council", False),
    (C.PRESENT, "vivienne-robbins", "Consultant in Public Health", "rutland-county-council",
     False),
    (C.APOLOGIES, "fiona-myers", "Interim Director of Mental Health Services", "lpt", False),
    (C.APOLOGIES, "louise-platt", "Executive Director of Care and Business Partnerships",
     "longhurst-group", False),
    (C.APOLOGIES, "mark-powell", "Deputy Chief Executive", "lpt", False),
    (C.APOLOGIES, "mel-thwaites", "Associate Director: Children and Families, LLR CCG", None,
     False),
    (C.APOLOGIES, "simon-down", "Acting Chief Executive/Monitoring Officer",
     "opcc-leicestershire", False),
    (C.ABSENT, None, "Head of Community Health Services", "lpt", False),
    (C.ABSENT, "sheila-fletcher", "Chief Operating Officer", "citizens-advice-rutland", False),
    (C.PORTFOLIO_HOLDER_PRESENT, "d-wilby",
     "Portfolio Holder for Education and Children's Services", "rutland-county-council", False),
    (C.OFFICERS_PRESENT, "john-morley", "Strategic Director for Adults and Health (DASS)", None,
     False),
    (C.OFFICERS_PRESENT, "dawn-godfrey", "Strategic Director of Children and Families (DCS)",
     None, False),
    (C.OFFICERS_PRESENT, "sarah-prema", "Executive Director of Strategy and Planning, LLR CCGs",
     None, False),
    (C.OFFICERS_PRESENT, "adhvait-sheth", "Strategic Planning Manager, LLR CCGs", None, False),
    (C.OFFICERS_PRESENT, "charlotte-summers",
     "Integration and Transformation Manager, LLR CCGs", None, False),
    (C.OFFICERS_PRESENT, "jane-narey", "Scrutiny Officer", None, False),
    (C.IN_ATTENDANCE, "p-ainsley", "Chair of the Primary Care Task and Finish Group", None,
     False),
    (C.IN_ATTENDANCE, "r-powell", "County Councillor", None, False),
]

STRATEGY_MINUTES = """
<ul>
<li>Councillor Harvey explained that endorsing the Joint Health and Wellbeing Strategy (JHWS)
is a decision, and the board cannot lawfully decide while meeting online. The endorsement
therefore moves to the meeting of 5 April 2022, to be held in person in the Council Chamber
in Oakham.</li>
<li>The strategy and delivery plan are detailed but will keep changing, so that they can
follow the reconfiguration of University Hospitals of Leicester.</li>
<li>Appendix B sets out Rutland's vision and delivery plan; Appendix D lists key performance
indicators with today's values as baselines. Quantified targets will be agreed with partners
as the plan develops.</li>
<li>The board will receive a progress report every quarter, and members proposed a yearly
review of the JSNA and the JHWS: what worked, what changed and what that means for future
priorities.</li>
<li>Work is under way on how patients reach services, public transport included, so that
access is fair for everyone.</li>
<li>Members suggested adding a crisis plan for pandemics and other health emergencies, and
a focus on training, including for graduates and school leavers, given staff shortages.</li>
<li>Working across the county boundary remains difficult; neighbouring areas are working on
smooth transfers of patients in both directions.</li>
<li>The board's role is under review, and the groups reporting to it are widening, so that
each of the strategy's seven priorities has a clear owner.</li>
<li>The public should be kept informed of, and involved in, the board's development and the
integration work.</li>
</ul>
"""

MENTAL_HEALTH_MINUTES = """
<ul>
<li>The immediate priority areas will be shared once the LPT Board approves them at the end
of March 2022.</li>
<li>Mental health will be governed through place-based delivery groups covering children,
young people and adults; a draft will be circulated in March 2022.</li>
<li>Projects will be shaped around a place or the system to suit Rutland's population.</li>
<li>A £1m grant fund is available across Leicester, Leicestershire and Rutland; a panel will
decide its allocation in March 2022.</li>
<li>Rutland will have a Mental Health Neighbourhood Lead. Members agreed the lead should work
with the Family Hub development, whose feasibility study could consider space for mental
health groups; the Family Hub Programme Manager will take this up with Emma Jane Perkins,
Head of Community Care Services.</li>
<li>Leicestershire County Council has invested in adult social care posts covering LLR.</li>
<li>Rutland will be an innovation site for local partnership working, helping to give mental
health the same weight as physical health.</li>
<li>Members asked for the plan to cover mental health care for serving armed forces members
and veterans; the chair said talks were under way to have an armed forces representative on
the board.</li>
<li>Support should reach men, particularly those working in agriculture.</li>
</ul>
"""

PRIMARY_CARE_MINUTES = """
<ul>
<li>More than 900 people answered the patient survey, on paper, face to face, by telephone
and online; answers differed from practice to practice.</li>
<li>The group is still gathering evidence for its final report, which will set out
recommendations and actions before going to the board and to the Council.</li>
<li>The preliminary report has gone to the GP practices, the ICS and the LLR CCGs. Dr Fox and
Rachna Vyas, Executive Director of Integration &amp; Transformation at the LLR CCGs, had met the
group on 21 February 2022.</li>
<li>Councillor Ainsley thanked all who contributed and said the council wants to keep working
closely with partners so that residents are heard on community health care.</li>
<li>The group's recommendations must link to the Joint Health and Wellbeing Strategy, and
residents want to be involved in shaping it, not only told about it.</li>
<li>Members were concerned about housing growth and planned care homes; no firm numbers exist
without a Local Plan. The council's asset review and the strategy's estates plan will both
inform the group's work.</li>
<li>GP practices should communicate better with one another and share good practice.</li>
</ul>
"""

ITEMS = [
    # number, title, kind, report reference, presenter slug, presenter role, minutes
    (1, "Welcome and apologies received", K.WELCOME, "", None, "",
     "<p>The chair opened the special meeting. Apologies came from Mel Thwaites, Simon Down, "
     "Mark Powell, Louise Platt and Fiona Myers; John Edwards attended in Fiona Myers's "
     "place.</p>"),
    (2, "Declarations of interest", K.DECLARATIONS, "", None, "", ""),
    (3, "Petitions, deputations and questions", K.PUBLIC_QUESTIONS, "", None, "",
     "<p>The clerk reported one question with notice, from Mr Godfrey Jennings, about the Joint "
     "Health and Wellbeing Strategy. Mr Jennings put it to the board in person. Councillor "
     "Harvey replied verbally and undertook to send a full written answer, to be published "
     "with these minutes.</p>"),
    (4, "Questions submitted at short notice", K.SHORT_NOTICE_QUESTIONS, "", None, "",
     "<p>One question arrived at short notice, from Mrs Susan Pickwoad, who could not join "
     "because of the earlier IT problems. The clerk said the question and its answer would be "
     "sent to her and published with the minutes.</p>"),
    (5, "Questions with notice from members", K.MEMBER_QUESTIONS, "", None, "",
     "<p>No member had given notice of a question.</p>"),
    (6, "Joint Health and Wellbeing Strategy and Place Led Delivery Plan", K.REPORT,
     "Report No. 42/2022", "s-harvey", "Portfolio Holder for Health, Wellbeing and Adult Care",
     STRATEGY_MINUTES),
    (7, "Update on Step Up to Great Mental Health", K.VERBAL_UPDATE, "", "john-edwards",
     "Associate Director for Transformation for Mental Health, Leicestershire Partnership NHS "
     "Trust", MENTAL_HEALTH_MINUTES),
    (8, "Primary Care Task and Finish Group: preliminary report", K.REPORT, "", "p-ainsley",
     "Chair of the Primary Care Task and Finish Group", PRIMARY_CARE_MINUTES),
    (9, "Date of next meeting", K.NEXT_MEETING, "", None, "",
     "<p>The board next meets on Tuesday 5 April 2022 at 2.00 pm in the Council Chamber at "
     "Catmose, with the public able to follow on Zoom.</p>"),
]

RESOLUTIONS = [
    # item number, letter, outcome word, text
    (6, "a", "NOTED", "the background to the Joint Health and Wellbeing Strategy and what it "
     "is for."),
    (6, "b", "NOTED", "the findings of the consultation on the strategy."),
    (6, "c", "AGREED TO DEFER", "endorsing the strategy and its initial delivery plan "
     "(Appendices A and B), including lengthening the strategy from three to five years "
     "(2022-27) and restructuring the plan's priorities."),
    (6, "d", "AUTHORISED", "the Directors for Adult Social Care and for Public Health, "
     "consulting the portfolio holder for Health, Wellbeing and Adult Care, to refine the "
     "delivery plan with local stakeholders before the strategy is launched."),
    (6, "e", "APPROVED", "changes to how the board works: a 'do, sponsor, watch' way of ranking "
     "actions, a review of the terms of reference of the board and its subgroups, and an "
     "engagement strategy with a participation group."),
    (8, "a", "REPEATED", "the patient survey to be run again within 12 months, once services "
     "are closer to normal, since practices made their changes recently and under heavy "
     "pressure from the Covid pandemic."),
]

RESPONSE = """
<p>This written answer covers both questions.</p>
<p>The council looked at plans from around the country. Leicester City Council revised its
existing strategy while Rutland wrote a new one; Leicester's 16-page delivery plan does not
set firm timescales or measurable outcomes either.</p>
<p>Rutland's delivery plan runs to 41 pages and names lead funding and indicative
timescales. It is still developing, so some details are not yet known.</p>
<p>The Rutland Strategic Health Group will set out the plans and services for Rutland Memorial
Hospital as part of the Joint Health and Wellbeing Strategy, and the board will receive
regular reports on them. Sections 4.2.2 and 4.2.3 of the initial delivery plan deal with the
hospital and with services in the community.</p>
<p>Within the Integrated Care System, Rutland is a place in its own right and will be given
the same consideration as the other two places, a view the board's partners share.</p>
"""

QUESTIONS = [
    # number, item number, kind, speaker, attended, address, email, phone, question, response
    (1, 3, PublicQuestion.Kind.WITH_NOTICE, "Mr Godfrey Jennings", True,
     "1 Example Street, Oakham, LE15 0AA", "godfrey.jennings@example.org", "01572 000001",
     "(Summary.) The implementation plan shown to the Adults and Health Scrutiny Committee on "
     "17 February 2022 lists aims rather than actions: it says nothing about the future of "
     "Rutland Memorial Hospital, and its outputs have no clear timescales, budgets or owners, "
     "so nobody can measure progress. Leicester's and Leicestershire's submissions are far "
     "more detailed. Why should Rutland residents trust that the ICS will weigh Rutland's "
     "plan as carefully as theirs?", RESPONSE),
    (2, 4, PublicQuestion.Kind.SHORT_NOTICE, "Mrs Susan Pickwoad", False,
     "2 Example Road, Uppingham, LE15 0AB", "susan.pickwoad@example.org", "01572 000002",
     "(Summary.) What is planned for Rutland Memorial Hospital, which services will it offer, "
     "and will they include more diagnostic tests and outpatient appointments?",
     "<p>Answered together with question 1: see the written response above.</p>"),
]

EVENTS = [
    # kind, hour, minute, name, note
    (MeetingEvent.Kind.JOINED, 14, 32, "Mr Godfrey Jennings", ""),
    (MeetingEvent.Kind.LEFT, 14, 38, "Mr Godfrey Jennings", ""),
    (MeetingEvent.Kind.ADJOURNED, 15, 0, "", "break"),
    (MeetingEvent.Kind.RESUMED, 15, 10, "", ""),
    (MeetingEvent.Kind.CLOSED, 16, 37, "", ""),
]

NEXT_ITEMS = [
    "New terms of reference",
    "Rutland Joint Health and Wellbeing Strategy (Place Led Plan)",
    "Changes to transport for reaching health care, including the new Bus Service "
    "Improvement Plan",
    "Primary Care Task and Finish Group: final report",
]


def _person(slug):
    return Person.objects.get(slug=slug) if slug else None


def _organisation(slug):
    return Organisation.objects.get(slug=slug) if slug else None


def board():
    obj, _ = Board.objects.update_or_create(slug="rutland-hwb", defaults={
        "name": "Rutland Health and Wellbeing Board",
        "short_name": "Rutland HWB",
        "host": Organisation.objects.get(slug="rutland-county-council"),
        "kind": Board.Kind.HEALTH_AND_WELLBEING_BOARD,
        "description": "<p>Rutland's statutory health and wellbeing board. The county "
        "council, the NHS, Healthwatch, the police and the voluntary sector meet here to "
        "improve the health of Rutland's residents and reduce inequalities, through the "
        "Joint Health and Wellbeing Strategy.</p>",
        "default_venue": "Council Chamber, Catmose, Oakham",
    })
    return obj


def meeting(the_board, day, **fields):
    obj, _ = Meeting.objects.update_or_create(
        board=the_board, date=day, defaults={"start": london(day, 14, 0), **fields}
    )
    return obj


def special_meeting(the_board):
    obj = meeting(
        the_board, FEB, kind=Meeting.Kind.SPECIAL, venue="Zoom", mode=Meeting.Mode.VIRTUAL,
        status=Meeting.Status.HELD, minutes_status=Meeting.MinutesStatus.PUBLISHED,
        minutes_published_at=london(datetime.date(2022, 3, 1), 9, 0),
    )
    for order, (category, slug, role, org, chair) in enumerate(ATTENDANCE, start=1):
        Attendance.objects.update_or_create(meeting=obj, order=order, defaults={
            "category": category, "person": _person(slug), "role": role,
            "organisation": _organisation(org), "is_chair": chair,
            "representative": _person("john-edwards") if slug == "fiona-myers" else None,
        })
    items = {}
    for number, title, kind, reference, presenter, presenter_role, minutes in ITEMS:
        items[number], _ = AgendaItem.objects.update_or_create(
            meeting=obj, number=number, defaults={
                "title": title, "kind": kind, "report_reference": reference,
                "presenter": _person(presenter), "presenter_role": presenter_role,
                "minutes": minutes.strip(),
            })
    for number, letter, word, text in RESOLUTIONS:
        outcome, _ = Outcome.objects.get_or_create(word=word)
        Resolution.objects.update_or_create(
            item=items[number], letter=letter, defaults={"outcome": outcome, "text": text}
        )
    for number, item, kind, speaker, attended, address, email, phone, text, answer in QUESTIONS:
        PublicQuestion.objects.update_or_create(meeting=obj, number=number, defaults={
            "item": items[item], "kind": kind, "status": PublicQuestion.Status.ACCEPTED,
            "speaker_name": speaker, "speaker_attended": attended,
            "contact_address": address, "contact_email": email, "contact_phone": phone,
            "question": text, "response": answer.strip(), "responder": _person("s-harvey"),
            "responder_role": "Portfolio Holder for Health, Wellbeing and Adult Care",
            "response_published": True,
            "received_at": london(FEB, 9, 0) - datetime.timedelta(days=7 if attended else 1),
        })
    for kind, hour, minute, name, note in EVENTS:
        MeetingEvent.objects.update_or_create(
            meeting=obj, kind=kind, at=london(FEB, hour, minute),
            defaults={"name": name, "note": note},
        )
    return obj


def next_meeting(the_board):
    obj = meeting(
        the_board, APR, kind=Meeting.Kind.ORDINARY, venue="Council Chamber, Catmose, Oakham",
        mode=Meeting.Mode.HYBRID, remote_link="https://zoom.us/",
        status=Meeting.Status.HELD if timezone.localdate() > APR else Meeting.Status.SCHEDULED,
    )
    for number, title in enumerate(NEXT_ITEMS, start=1):
        AgendaItem.objects.update_or_create(
            meeting=obj, number=number, defaults={"title": title, "kind": AgendaItem.Kind.REPORT}
        )
    return obj


def load():
    the_board = board()
    special_meeting(the_board)
    next_meeting(the_board)
