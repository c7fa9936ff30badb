"""Demo bulletins: In Partnership issues 2, 4 and 6 and Health & Care Together issue 3.

Headlines, people, organisations, dates and figures are the facts of the real issues;
every standfirst and body is our own short summary of them. No quotations are
reproduced, so the demo has no pull quotes. `load()` is idempotent: records are found by
publication slug, edition and article slug, and updated.
"""

import datetime

from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from bulletins.models import Article, Issue, KeyFact, Publication
from people.demo import organisation, person, role
from people.models import Organisation, Person

D = datetime.date
K = Organisation.Kind
P = Organisation.Place
A = Article.Kind

PRESS_OFFICE_EMAIL = "PressOfficeLLRCCGs@leicestershire.nhs.uk"
COMMS_EMAIL = "llricb-llr.corporatecomms@nhs.net"

EXTRA_ORGANISATIONS = [
    # slug, name, kind, place
    ("loros", "LOROS Hospice", K.VCSE, P.LEICESTERSHIRE),
    ("turning-point", "Turning Point", K.VCSE, P.OUTSIDE),
    ("violence-reduction-network", "Violence Reduction Network", K.OTHER, P.SYSTEM),
    ("growing-points", "Growing Points", K.VCSE, P.OUTSIDE),
    ("brightsparks", "BrightSparks", K.VCSE, P.LEICESTER),
    ("leicestershire-and-rutland-community-foundation",
     "Leicestershire and Rutland Community Foundation", K.VCSE, P.LEICESTERSHIRE),
    ("care-quality-commission", "Care Quality Commission", K.OTHER, P.OUTSIDE),
]

EXTRA_PEOPLE = [
    # slug, honorific, given, family, post-nominals, title, organisation slug, qualifier
    ("ranjit-arnold", "Dr", "Ranjit", "Arnold", "", "Lead for the COSMIC study in Leicester",
     "uhl", ""),
    ("nil-sanganeer", "Dr", "Nil", "Sanganeer", "", "Director of Medicine", "llr-icb",
     "designate"),
    ("darren-hickman", "", "Darren", "Hickman", "", "Non-Executive Member (Audit Committee)",
     "llr-icb", "designate"),
    ("simone-jordan", "", "Simone", "Jordan", "",
     "Non-Executive Member (People and Remuneration Committee)", "llr-icb", "designate"),
    ("azhar-farooqi", "Professor", "Azhar", "Farooqi", "OBE",
     "Non-Executive Member (Health Inequalities, Public Engagement, Third Sector and Carers)",
     "llr-icb", "designate"),
    ("pauline-tagg", "", "Pauline", "Tagg", "MBE", "Chair", "emas", ""),
    ("saskya-falope", "", "Saskya", "Falope", "",
     "Deputy Head of Nursing for the Urgent Care Pathway", "lpt", ""),
    ("bharathy-kumaravel", "Dr", "Bharathy", "Kumaravel", "",
     "Project Lead, cancer screening inequalities", "leicestershire-county-council", ""),
    ("leslie-borrill", "Dr", "Leslie", "Borrill", "",
     "GP lead, Charnwood Integrated Neighbourhood Team", None, ""),
    ("anu-rao", "Dr", "Anu", "Rao", "", "Place Clinical Director for Primary Care", "llr-icb", ""),
    ("louise-richardson", "Councillor", "Louise", "Richardson", "",
     "Lead Member for Public Health", "leicestershire-county-council", ""),
    ("tracey-knight", "", "Tracey", "Knight", "", "Virtual Ward Programme Manager", None, ""),
    ("bethany-shakiba", "", "Bethany", "Shakiba", "",
     "Team Leader, Violence Intervention Project", "turning-point", ""),
    ("wendy-hope", "", "Wendy", "Hope", "", "Head of Quality and Safety", "llr-icb", ""),
    ("mark-williams", "", "Mark", "Williams", "", "Consultant, Emergency Department", "uhl", ""),
    ("pawan-randev", "Dr", "Pawan", "Randev", "", "Clinical Lead for Cancer", "llr-icb", ""),
    ("dan-mullarkey", "Dr", "Dan", "Mullarkey", "", "Clinical Director", "skin-analytics", ""),
    ("elizabeth-roberts", "Dr", "Elizabeth", "Roberts", "", "Dermatology Consultant", None, ""),
    ("leanne-marriot", "", "Leanne", "Marriot", "",
     "Deputy Sister, Outpatients, Loughborough Community Hospital", None, ""),
    ("ann-johnson", "", "Ann", "Johnson", "", "Director", "growing-points", ""),
    ("anna-kendrick", "", "Anna", "Kendrick", "", "Educational Lead", "uhl", ""),
    ("louise-young", "", "Louise", "Young", "",
     "Assistant Director of Strategic Workforce Partnerships and Programmes", "llr-icb", ""),
    ("nicci-briggs", "", "Nicci", "Briggs", "", "Finance Director, LLR ICS", None, "former"),
    ("tim-sayers", "", "Tim", "Sayers", "", "Arts in Mental Health Coordinator", "lpt", ""),
]

CCGS = ["leicester-city-ccg", "west-leicestershire-ccg", "east-leicestershire-and-rutland-ccg"]
COUNCILS = ["leicester-city-council", "leicestershire-county-council", "rutland-county-council"]


# The names readers see for the demo's topics, by slug; any other topic's name is its
# slug in words ("health-inequalities": "Health inequalities").
TOPIC_NAMES = {
    "covid-19": "COVID-19", "cqc": "CQC", "crisis-cafes": "Crisis cafés",
    "equality-diversity-and-inclusion": "Equality, diversity and inclusion",
}


def _topics(slugs):
    """The Tag rows for `slugs`, found by slug and given their names: loading the demo
    again names the topics an earlier load named by their slugs, at the same addresses."""
    tags = []
    for slug in slugs:
        name = TOPIC_NAMES.get(slug, slug.replace("-", " ").capitalize())
        tags.append(Tag.objects.update_or_create(slug=slug, defaults={"name": name})[0])
    return tags


def _a(kind, headline, standfirst, body, people=(), organisations=(), tags=(), facts=(),
       page=None, label="", interviewee=None, series=""):
    return {
        "kind": kind, "headline": headline, "standfirst": standfirst, "body": body,
        "people": people, "organisations": organisations, "tags": tags, "facts": facts,
        "page": page, "label": label, "interviewee": interviewee, "series": series,
    }


IN_PARTNERSHIP_2 = [
    _a(A.FEATURE, "A focus on resilience this winter",
       "Partners across LLR are preparing together for a demanding winter.",
       "<p>Covid-19, the usual rise in winter respiratory illness and the need to catch up on "
       "planned operations all land at once this year. Partnership plans cover acute, "
       "non-acute, elective and residential care.</p><p>Andy Williams, who leads the ICS, "
       "asks every part of the system to work as one team and thanks staff for their "
       "effort.</p>",
       people=["andy-williams"], organisations=CCGS, tags=["winter", "covid-19"]),
    _a(A.FEATURE, "Everything in the right place – delivering health at all levels",
       "Health is being improved at system, place and neighbourhood level.",
       "<p>The NHS and councils plan together at three levels: the ICS partnership, the "
       "three places covered by health and wellbeing boards, and neighbourhoods.</p>"
       "<p>Each board is renewing its joint strategy for sign-off before April 2022, and "
       "Leicestershire is preparing eight community plans.</p>",
       organisations=COUNCILS, tags=["place", "health-and-wellbeing-strategy"],
       facts=[("8", "community health and wellbeing plans in preparation in Leicestershire")]),
    _a(A.NEWS, "Setting out the principles to tackle health inequalities",
       "A framework of principles and actions on health inequalities is close to agreement.",
       "<p>The framework treats reducing unfair differences in health as everybody's "
       "business across the ICS, with attention to prevention, parity between mental and "
       "physical health, and better use of data.</p>",
       tags=["health-inequalities"],
       facts=[("9 years", "the gap, nearly, in life expectancy for boys between the most and "
                          "least deprived areas")]),
    _a(A.NEWS, "Joining up health and care data",
       "A shared care record will let staff see the information they need across services.",
       "<p>The Shared Care Record programme connects clinical and care systems across LLR. "
       "It passed its technical go-live at the end of September 2021, with pilots in "
       "selected services to follow.</p>",
       organisations=["lpt"], tags=["shared-care-record", "digital"]),
    _a(A.NEWS, "Two projects shortlisted for HSJ Awards",
       "Virtual wards and the Building Better Hospitals consultation reach national finals.",
       "<p>The virtual wards run by LPT and UHL with Spirit Health are shortlisted for "
       "digitising patient services; the hospitals consultation run by the three CCGs is "
       "shortlisted for communications initiative of the year. The finals are on 18 "
       "November 2021.</p>",
       organisations=["lpt", "uhl", "spirit-health", *CCGS], tags=["awards", "virtual-wards"],
       facts=[("5,000+", "responses to the Building Better Hospitals consultation"),
              ("1.8 million", "people reached by the consultation"),
              ("£450 million", "investment in local hospitals consulted on")]),
    _a(A.INTERVIEW, "In their words – interview with Mike Sandys",
       "The Director of Public Health for Leicestershire and Rutland on public health's place "
       "in the ICS.",
       "<h2>Public health in the ICS</h2><p>Mike Sandys has worked in public health for three "
       "decades, in both the NHS and councils. He sees the ICS as a partnership of "
       "partnerships that must turn talk into action.</p><h2>After the pandemic</h2><p>He "
       "reflects on local lockdown, test and trace and support for care homes and schools, "
       "and on tackling inequalities, including in waiting lists.</p>",
       people=["mike-sandys", "ivan-browne"],
       organisations=["leicestershire-county-council", "rutland-county-council"],
       tags=["public-health", "health-inequalities"],
       interviewee="mike-sandys", series="What the ICS means to me"),
    _a(A.FEATURE, "Everything’s gone green – how we can tackle climate change",
       "An ICS Green Board will oversee a Green Plan for LLR.",
       "<p>The NHS aims for net zero for the emissions it controls by 2040. Locally a Green "
       "Board will bring council and NHS sustainability leads together, with UHL leading a "
       "Green Plan due by March 2022.</p>",
       organisations=["uhl"], tags=["climate-change", "net-zero"],
       facts=[("2040", "net zero target for emissions the NHS controls directly"),
              ("2045", "net zero target for emissions it can influence")]),
    _a(A.NEWS, "Promoting inclusive decision-making",
       "A new framework helps staff build equality into decisions.",
       "<p>The Inclusive Decision-Making Framework and its toolkit take decision makers "
       "through six steps, from setting the purpose to reviewing the outcome.</p>",
       tags=["equality-diversity-and-inclusion"],
       facts=[("6", "steps in the Inclusive Decision-Making Framework")]),
]

IN_PARTNERSHIP_4 = [
    _a(A.NEWS, "July launch for the Integrated Care Board",
       "The statutory start of integrated care boards moves to 1 July 2022.",
       "<p>National planning guidance moved the target date from 1 April to 1 July 2022. The "
       "three CCGs remain statutory bodies until 30 June 2022, working closely with the "
       "designate ICB leaders.</p>",
       organisations=["llr-icb", *CCGS], tags=["integrated-care-board"],
       facts=[("1 July 2022", "new target date for integrated care boards")]),
    _a(A.NEWS, "More appointments made to integrated care board",
       "A Director of Medicine and four non-executive members are appointed.",
       "<p>Dr Nil Sanganeer becomes Director of Medicine. Darren Hickman, Simone Jordan, "
       "Professor Azhar Farooqi OBE and Pauline Tagg MBE join as non-executive members, "
       "subject to checks and legislation.</p>",
       people=["nil-sanganeer", "darren-hickman", "simone-jordan", "azhar-farooqi",
               "pauline-tagg"],
       organisations=["llr-icb", "emas"], tags=["integrated-care-board", "appointments"]),
    _a(A.FEATURE, "Responding to the Omicron Covid-19 peak",
       "Health and care partners met the Omicron wave with a winter plan built on six "
       "national priorities.",
       "<p>Measures included more primary care appointments, a retention payment for social "
       "care workers, vaccination sites open seven days a week, a Covid-19 medicine delivery "
       "unit and wider use of virtual wards.</p>",
       organisations=["uhl"], tags=["covid-19", "winter"],
       facts=[("6", "national priority areas shaping the response"),
              ("5,000+", "extra vaccination slots at the Leicester's Hospitals hub")]),
    _a(A.STRATEGY_SUMMARY,
       "How can we best improve people's health and wellbeing within the next decade?",
       "Each place in LLR has a health and wellbeing strategy; all three went out to "
       "consultation this winter.",
       "<p>Health and wellbeing boards bring councils, the NHS, Healthwatch, the police and "
       "voluntary groups together. Summaries of the three strategies follow.</p>",
       organisations=COUNCILS, tags=["health-and-wellbeing-strategy"]),
    _a(A.STRATEGY_SUMMARY, "Health, care and wellbeing delivery plan for Leicester",
       "Leicester's five-year plan has five priorities, from healthy places to healthy "
       "ageing.",
       "<p>The plan builds on the city's joint strategy and covers healthy places, start, "
       "lives, minds and ageing. The board reviews it in March 2022.</p>",
       organisations=["leicester-city-council"], tags=["health-and-wellbeing-strategy"],
       facts=[("23%", "of Leicester's children live in low-income families"),
              ("5", "priorities in the delivery plan")]),
    _a(A.STRATEGY_SUMMARY, "Joint health and wellbeing strategy for Leicestershire",
       "Leicestershire's ten-year strategy has four life-course priorities.",
       "<p>The priorities run from the best start for life to dying well, with mental "
       "health, inequalities and Covid-19 recovery across all of them.</p>",
       organisations=["leicestershire-county-council"], tags=["health-and-wellbeing-strategy"],
       facts=[("20%", "expected growth in Leicestershire's population by 2043")]),
    _a(A.STRATEGY_SUMMARY, "Health and wellbeing strategy for Rutland",
       "Rutland's strategy sets six priorities for the next three years.",
       "<p>Rutland enjoys good health overall but has pockets of inequality and an older "
       "population than England as a whole.</p>",
       organisations=["rutland-county-council"], tags=["health-and-wellbeing-strategy"],
       facts=[("42,277", "people expected to live in Rutland by 2025"),
              ("6", "priority areas in the strategy")]),
    _a(A.INTERVIEW, "In their words – interview with Angela Hillery",
       "The joint chief executive of LPT and NHFT on leading across two integrated care "
       "systems.",
       "<h2>A dual role</h2><p>Angela Hillery has led both trusts since 2019. She describes "
       "the group the two boards formed and the Step up to Great strategy at LPT.</p>"
       "<h2>Relationships first</h2><p>Working across LLR and Northamptonshire, she puts "
       "trust between partners, health inequalities and an inclusive culture at the centre "
       "of what the ICS should achieve.</p>",
       people=["angela-hillery"], organisations=["lpt", "nhft"],
       tags=["leadership", "health-inequalities"],
       interviewee="angela-hillery", series="In their words"),
]

IN_PARTNERSHIP_6 = [
    _a(A.NEWS, "Legal basis for integrated care systems takes step forward",
       "The Health and Care Act 2022 received Royal Assent in April.",
       "<p>The Act puts integrated care systems on a statutory footing from 1 July 2022. "
       "David Sissling, ICB Chair Designate, welcomed it as support for joined-up care and "
       "for tackling health inequalities.</p>",
       people=["david-sissling"], organisations=["llr-icb"],
       tags=["legislation", "integrated-care-board"],
       facts=[("1 July 2022", "integrated care systems become statutory")]),
    _a(A.FEATURE, "Improving flow across the LLR health and care system",
       "Partners aim to cut ambulance handover times at the Royal Infirmary.",
       "<p>The LLR System Flow Partnership treats emergency department pressure as a sign of "
       "wider change needed, with more community care, reablement and seven-day "
       "discharge.</p>",
       organisations=["uhl", "emas"], tags=["urgent-and-emergency-care"],
       facts=[("65%", "targeted improvement in average clinical handover time in 2022-23"),
              ("57 minutes", "average handover time at the end of April 2022, down from "
                             "1 hour 17")]),
    _a(A.NEWS, "Funding scheme awards £1million to transform care",
       "The Project Launch Fund backs ideas from NHS and voluntary sector staff.",
       "<p>Within two months the fund approved 75 of nearly 200 bids, from radiotherapy "
       "privacy screens at UHL to vein finders for LPT's community phlebotomy service.</p>",
       organisations=["uhl", "lpt"], tags=["project-launch-fund"],
       facts=[("£1million", "awarded in under two months"),
              ("75", "bids approved so far")]),
    _a(A.NEWS, "Grants awarded to boost mental wellbeing",
       "Getting Help in Neighbourhoods announces its first grants.",
       "<p>28 local groups share the first round of a £3million scheme supporting mental "
       "health and wellbeing, administered by the community foundation.</p>",
       organisations=[*CCGS, "lpt", *COUNCILS, "leicestershire-and-rutland-community-foundation"],
       tags=["mental-health", "voluntary-sector"],
       facts=[("£800,000", "awarded to 28 groups in round one")]),
    _a(A.NEWS, "Local study to understand organ damage after Covid-19",
       "The COSMIC study compares MRI scans of people with and without past infection.",
       "<p>Led by the NIHR Leicester Biomedical Research Centre, the study will look at the "
       "heart, brain, liver and kidneys, with Dr Ranjit Arnold leading it in Leicester.</p>",
       people=["ranjit-arnold"],
       organisations=["uhl", "university-of-leicester", "loughborough-university"],
       tags=["research", "covid-19"]),
    _a(A.NEWS, "CQC recognises further improvements at Leicestershire Partnership",
       "Inspectors raised LPT's ratings for acute wards for working-age adults.",
       "<p>After an unannounced inspection in February 2022 the safe rating rose to requires "
       "improvement and the responsive rating to good.</p>",
       organisations=["lpt", "care-quality-commission"], tags=["cqc", "mental-health"]),
    _a(A.INTERVIEW, "In their words – interview with Professor Ivan Browne",
       "Leicester's Director of Public Health on the pandemic and the inverse care law.",
       "<h2>A Leicester life</h2><p>Professor Ivan Browne grew up in the city and has led "
       "its public health team since 2019, through the longest local lockdown in the "
       "country.</p><h2>What the ICS should keep</h2><p>He wants partners to keep the "
       "speed and shared purpose of the Covid response and to focus services on those who "
       "need them most.</p>",
       people=["ivan-browne"], organisations=["leicester-city-council"],
       tags=["public-health", "health-inequalities"],
       interviewee="ivan-browne", series="In their words"),
]

HEALTH_AND_CARE_TOGETHER_3 = [
    _a(A.NEWS, "Crisis cafés making the difference",
       "A growing network of cafés offers drop-in mental health support close to home.",
       "<p>Eleven cafés open this year and ten more in 2023. They are funded by LPT and run "
       "by voluntary groups such as the Marlene Reid Centre in Coalville, with no "
       "appointment needed.</p>",
       people=["saskya-falope"], organisations=["lpt"], tags=["mental-health", "crisis-cafes"],
       facts=[("11", "new crisis cafés opening this year"),
              ("10", "more due to open in 2023")],
       page=3, label="Expansion of crisis cafés"),
    _a(A.CASE_STUDY, "Tackling health inequalities in cancer screening",
       "Public health teams and Charnwood community groups look at why some people miss "
       "screening.",
       "<p>Focus groups with communities who attend less often have led GPs to add clinics, "
       "extend hours and offer information in other languages.</p>",
       people=["bharathy-kumaravel", "leslie-borrill", "anu-rao", "louise-richardson"],
       organisations=["leicestershire-county-council", "uhl"],
       tags=["cancer", "health-inequalities"], page=4, label="Tackling cancer inequality"),
    _a(A.FEATURE, "Virtual wards bringing care closer to home",
       "Nine new virtual wards will let patients be cared for at home.",
       "<p>Following a pilot, the wards combine remote monitoring by Spirit Health "
       "technology with home visits by UHL, LPT and LOROS staff.</p>",
       people=["tracey-knight"], organisations=["uhl", "lpt", "loros", "spirit-health"],
       tags=["virtual-wards", "digital"],
       facts=[("9", "new virtual wards"), ("287", "patients who can be cared for at once"),
              ("120", "staff working across the wards")],
       page=5, label="Virtual Wards"),
    _a(A.CASE_STUDY, "Supporting young victims of violent crime",
       "The Violence Intervention Project supports young people in hospital after violence.",
       "<p>Support workers based in the Royal Infirmary's emergency department, and since "
       "December 2021 in a custody suite, work with people aged 11 to 25.</p>",
       people=["bethany-shakiba", "wendy-hope", "mark-williams"],
       organisations=["uhl", "llr-icb", "turning-point", "violence-reduction-network"],
       tags=["violence-reduction", "young-people"],
       facts=[("400+", "young people helped in hospital"),
              ("300", "more helped at the custody suite")],
       page=6, label="Supporting young victims"),
    _a(A.NEWS, "Artificial intelligence speeding up skin cancer diagnosis",
       "AI from Skin Analytics triages suspected skin cancer in community hospitals.",
       "<p>Started at Loughborough Community Hospital in March and now at four sites, the "
       "service analyses photographs of skin lesions so that benign cases avoid a hospital "
       "visit.</p>",
       people=["pawan-randev", "dan-mullarkey", "elizabeth-roberts", "leanne-marriot"],
       organisations=["skin-analytics", "llr-icb"], tags=["cancer", "artificial-intelligence"],
       facts=[("36%", "of patients discharged without a hospital appointment"),
              ("421", "patients referred in the first three months")],
       page=7, label="AI speeds diagnosis"),
    _a(A.FEATURE, "Supporting refugees to explore their hidden talents",
       "A pilot helps refugees into health and care careers.",
       "<p>The ICB, UHL and Growing Points offer apprenticeships, support roles and work "
       "experience, with English language help. The first candidate now works at UHL.</p>",
       people=["ann-johnson", "anna-kendrick", "louise-young"],
       organisations=["llr-icb", "uhl", "growing-points"], tags=["workforce", "refugees"],
       facts=[("70+", "people placed by the original scheme in Leeds")],
       page=8, label="Hidden talents"),
    _a(A.CASE_STUDY, "Life-changing ideas made possible by Project Launch Fund",
       "More than 120 projects funded across NHS and voluntary organisations.",
       "<p>The fund received 250 applications and backed 122, among them a music project "
       "for mental health service users, vein finders for community phlebotomy and "
       "language resources for asylum seekers.</p>",
       people=["nicci-briggs", "tim-sayers"], organisations=["lpt", "brightsparks"],
       tags=["project-launch-fund"],
       facts=[("£1.5m", "given to NHS and voluntary sector projects"),
              ("122", "projects funded from 250 applications")],
       page=9, label="Project Launch Fund"),
]

IN_PARTNERSHIP_CALL = ("Have an item for the next issue, or an example of integration in "
                       "practice to share? Send it, with any feedback, to the press office.")

def _welcome(ordinal, extra=""):
    """The editorial that opens each In Partnership issue, in our words."""
    return (
        f"<p>This is the {ordinal} issue of In Partnership, our update on how the integrated "
        "care system for Leicester, Leicestershire and Rutland is coming together.</p>"
        "<p>The system joins local NHS organisations, the councils and voluntary partners "
        "to plan joined-up services and improve the health and wellbeing of everyone who "
        f"lives and works here. Each issue brings news and views from those partners. {extra}"
        "</p>"
    )


ISSUES = [
    # publication slug, edition, date, period label, cover headline, articles, extra fields
    ("in-partnership", 2, D(2021, 10, 1), "", "A focus on resilience this winter",
     IN_PARTNERSHIP_2, {"welcome": _welcome(
         "second",
         "It is meant to appear about once a month.",
     )}),
    ("in-partnership", 4, D(2022, 2, 1), "", "July launch for the Integrated Care Board",
     IN_PARTNERSHIP_4, {"welcome": _welcome("fourth")}),
    ("in-partnership", 6, D(2022, 5, 1), "",
     "Legal basis for integrated care systems takes step forward", IN_PARTNERSHIP_6,
     {"welcome": _welcome("sixth")}),
    ("health-and-care-together", 3, D(2022, 9, 1), "Autumn 2022",
     "Virtual wards bringing care closer to home", HEALTH_AND_CARE_TOGETHER_3, {
         "welcome": "<p>Since the last issue the law has put integrated care systems on a "
                    "statutory footing. This edition shows partners working together in "
                    "practice.</p><p>With the cost of living rising, the Integrated Care "
                    "Partnership has made tackling it together an immediate priority.</p>",
         "welcome_signed_by": "david-sissling",
         "call_for_stories": "Does your team have a story about partnership working across "
                             "Leicester, Leicestershire and Rutland? Tell us.",
         "support_heading": "Free mental health and wellbeing support for all staff",
         "support_text": "The LLR Staff Mental Health and Wellbeing Hub offers confidential "
                         "support at no cost to health, emergency services and social care "
                         "staff.",
         "support_phone": "0116 2544388",
         "support_email": "mhwb.hub@nhs.net",
         "support_website": "https://www.llrstaffwellbeing.org",
     }),
]


# The next In Partnership issue, in preparation: the press office's to fill and send for
# review. Its welcome is written; it has no articles yet and is not public.
DRAFT_ISSUE = ("in-partnership", 7, D(2022, 7, 1), _welcome("seventh"))


def _people_and_organisations():
    for slug, name, kind, place in EXTRA_ORGANISATIONS:
        organisation(slug, name=name, kind=kind, place=place)
    for slug, honorific, given, family, post_nominals, title, org, qualifier in EXTRA_PEOPLE:
        who = person(slug, honorific=honorific, given_name=given, family_name=family,
                     post_nominals=post_nominals)
        role(who, title, org, qualifier)


def _publications():
    in_partnership, _ = Publication.objects.update_or_create(slug="in-partnership", defaults={
        "name": "In Partnership",
        "strapline": "The stakeholder bulletin for the Leicester, Leicestershire and Rutland ICS",
        "audience": Publication.Audience.STAKEHOLDERS,
        "frequency": Publication.Frequency.MONTHLY,
        "submissions_email": PRESS_OFFICE_EMAIL,
        "description": "<p>News and updates on partners working together to integrate care "
                       "in LLR.</p>",
    })
    together, _ = Publication.objects.update_or_create(
        slug="health-and-care-together", defaults={
            "name": "Health & Care Together",
            "strapline": "The quarterly e-zine for everyone working in the LLR Integrated "
                         "Care System",
            "audience": Publication.Audience.STAFF,
            "frequency": Publication.Frequency.QUARTERLY,
            "submissions_email": COMMS_EMAIL,
            "description": "<p>Stories of health and social care staff across LLR working "
                           "together.</p>",
        })
    return {p.slug: p for p in (in_partnership, together)}


def _article(issue, position, spec):
    people = {p.slug: p for p in Person.objects.filter(slug__in=spec["people"])}
    interviewee = people.get(spec["interviewee"]) or (
        Person.objects.get(slug=spec["interviewee"]) if spec["interviewee"] else None
    )
    article, _ = Article.objects.update_or_create(
        issue=issue, slug=slugify(spec["headline"])[:250], defaults={
            "position": position, "kind": spec["kind"], "headline": spec["headline"],
            "contents_label": spec["label"], "standfirst": spec["standfirst"],
            "body": spec["body"], "page_number": spec["page"], "interviewee": interviewee,
            "interviewee_role": None, "series": spec["series"],
        })
    article.people.set(people.values())
    article.organisations.set(Organisation.objects.filter(slug__in=spec["organisations"]))
    article.tags.set(_topics(spec["tags"]))
    article.key_facts.all().delete()
    KeyFact.objects.bulk_create(
        KeyFact(article=article, position=i, figure=figure, label=label)
        for i, (figure, label) in enumerate(spec["facts"], start=1)
    )
    return article


def load():
    _people_and_organisations()
    publications = _publications()
    for pub_slug, edition, date, period, cover, articles, extra in ISSUES:
        extra = dict(extra)
        if "welcome_signed_by" in extra:
            extra["welcome_signed_by"] = Person.objects.get(slug=extra["welcome_signed_by"])
        extra.setdefault("call_for_stories", IN_PARTNERSHIP_CALL)
        published = timezone.make_aware(datetime.datetime.combine(date, datetime.time(9)))
        issue, _ = Issue.objects.update_or_create(
            publication=publications[pub_slug], edition=edition, defaults={
                "issue_date": date, "period_label": period, "cover_headline": cover,
                "status": Issue.Status.PUBLISHED, "publish_at": published,
                "first_published_at": published, "welcome_signer_role": None, **extra,
            })
        kept = [_article(issue, position, spec).pk
                for position, spec in enumerate(articles, start=1)]
        issue.articles.exclude(pk__in=kept).delete()
    pub_slug, edition, date, welcome = DRAFT_ISSUE
    # Its articles are whatever the demo's users have written: they are kept.
    Issue.objects.update_or_create(publication=publications[pub_slug], edition=edition, defaults={
        "issue_date": date, "period_label": "", "cover_headline": "",
        "status": Issue.Status.DRAFT, "publish_at": None, "first_published_at": None,
        "welcome": welcome, "call_for_stories": IN_PARTNERSHIP_CALL,
    })
