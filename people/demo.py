"""Demo organisations and people, written from the facts of the ICS's publications.

`load()` is idempotent: it updates records found by slug and creates the rest. Other
apps' demo loaders call `organisation()`, `person()` and `role()` to add the people
they need, so a person is defined once however many records name them.
"""

import datetime

from people.models import Organisation, Person, Role

D = datetime.date
K = Organisation.Kind
P = Organisation.Place

ORGANISATIONS = [
    # slug, name, short name, kind, place, partner, dissolved on, successor slug
    ("llr-icb", "Leicester, Leicestershire and Rutland Integrated Care Board", "LLR ICB",
     K.INTEGRATED_CARE_BOARD, P.SYSTEM, True, None, None),
    ("leicester-city-ccg", "Leicester City Clinical Commissioning Group", "LC CCG",
     K.CCG, P.LEICESTER, True, D(2022, 6, 30), "llr-icb"),
    ("west-leicestershire-ccg", "West Leicestershire Clinical Commissioning Group", "WL CCG",
     K.CCG, P.LEICESTERSHIRE, True, D(2022, 6, 30), "llr-icb"),
    ("east-leicestershire-and-rutland-ccg",
     "East Leicestershire and Rutland Clinical Commissioning Group", "ELR CCG",
     K.CCG, P.RUTLAND, True, D(2022, 6, 30), "llr-icb"),
    ("uhl", "University Hospitals of Leicester NHS Trust", "UHL",
     K.NHS_TRUST, P.SYSTEM, True, None, None),
    ("lpt", "Leicestershire Partnership NHS Trust", "LPT", K.NHS_TRUST, P.SYSTEM, True, None, None),
    ("emas", "East Midlands Ambulance Service NHS Trust", "EMAS",
     K.NHS_TRUST, P.SYSTEM, True, None, None),
    ("nhft", "Northamptonshire Healthcare NHS Foundation Trust", "NHFT",
     K.NHS_TRUST, P.OUTSIDE, False, None, None),
    ("leicester-city-council", "Leicester City Council", "", K.LOCAL_AUTHORITY, P.LEICESTER,
     True, None, None),
    ("leicestershire-county-council", "Leicestershire County Council", "LCC",
     K.LOCAL_AUTHORITY, P.LEICESTERSHIRE, True, None, None),
    ("rutland-county-council", "Rutland County Council", "RCC", K.LOCAL_AUTHORITY, P.RUTLAND,
     True, None, None),
    ("healthwatch-rutland", "Healthwatch Rutland", "", K.HEALTHWATCH, P.RUTLAND, True, None, None),
    ("healthwatch-leicester-and-leicestershire", "Healthwatch Leicester and Leicestershire", "",
     K.HEALTHWATCH, P.LEICESTERSHIRE, True, None, None),
    ("rutland-health-pcn", "Rutland Health Primary Care Network", "", K.PRIMARY_CARE_NETWORK,
     P.RUTLAND, True, None, None),
    ("leicestershire-police", "Leicestershire Police", "", K.POLICE, P.SYSTEM, False, None, None),
    ("opcc-leicestershire", "Office of the Police and Crime Commissioner for Leicestershire",
     "OPCC", K.POLICE, P.SYSTEM, False, None, None),
    ("citizens-advice-rutland", "Citizens Advice Rutland", "", K.VCSE, P.RUTLAND, True, None, None),
    ("longhurst-group", "Longhurst Group", "", K.VCSE, P.OUTSIDE, False, None, None),
    ("university-of-leicester", "University of Leicester", "", K.UNIVERSITY, P.LEICESTER, False,
     None, None),
    ("de-montfort-university", "De Montfort University", "DMU", K.UNIVERSITY, P.LEICESTER, False,
     None, None),
    ("loughborough-university", "Loughborough University", "", K.UNIVERSITY, P.LEICESTERSHIRE,
     False, None, None),
    ("spirit-health", "Spirit Health", "", K.COMPANY, P.OUTSIDE, False, None, None),
    ("skin-analytics", "Skin Analytics", "", K.COMPANY, P.OUTSIDE, False, None, None),
]

CCG_ERA = D(2022, 6, 30)

PEOPLE = [
    # slug, honorific, given, family, post-nominals, [(title, org slug, qualifier, start, end)]
    ("s-harvey", "Councillor", "S", "Harvey", "", [
        ("Portfolio Holder for Health, Wellbeing and Adult Care", "rutland-county-council", "",
         None, None)]),
    ("fay-bayliss", "", "Fay", "Bayliss", "", [
        ("Deputy Director of Integration and Transformation",
         "east-leicestershire-and-rutland-ccg", "", None, CCG_ERA)]),
    ("lindsey-booth", "Insp", "Lindsey", "Booth", "", [
        ("NPA Commander Melton & Rutland", "leicestershire-police", "", None, None)]),
    ("hilary-fox", "Dr", "Hilary", "Fox", "", [
        ("Clinical Director", "rutland-health-pcn", "", None, None)]),
    ("janet-underwood", "Dr", "Janet", "Underwood", "", [
        ("Chair", "healthwatch-rutland", "", None, None)]),
    ("john-edwards", "", "John", "Edwards", "", [
        ("Associate Director for Transformation for Mental Health", "lpt", "", None, None)]),
    ("mike-sandys", "", "Mike", "Sandys", "", [
        ("Director of Public Health for Leicestershire & Rutland",
         "leicestershire-county-council", "", None, None)]),
    ("sandra-taylor", "", "Sandra", "Taylor", "", [
        ("Health and Wellbeing Integration Lead", "rutland-county-council", "", None, None)]),
    ("vivienne-robbins", "", "Vivienne", "Robbins", "", [
        ("Consultant in Public Health", "rutland-county-council", "", None, None)]),
    ("fiona-myers", "", "Fiona", "Myers", "", [
        ("Director of Mental Health Services", "lpt", "interim", None, None)]),
    ("louise-platt", "", "Louise", "Platt", "", [
        ("Executive Director of Care and Business Partnerships", "longhurst-group", "", None,
         None)]),
    ("mark-powell", "", "Mark", "Powell", "", [
        ("Deputy Chief Executive", "lpt", "", None, None)]),
    ("mel-thwaites", "", "Mel", "Thwaites", "", [
        ("Associate Director: Children and Families", "east-leicestershire-and-rutland-ccg", "",
         None, CCG_ERA)]),
    ("simon-down", "", "Simon", "Down", "", [
        ("Chief Executive/Monitoring Officer", "opcc-leicestershire", "acting", None, None)]),
    ("sheila-fletcher", "", "Sheila", "Fletcher", "", [
        ("Chief Operating Officer", "citizens-advice-rutland", "", None, None)]),
    ("d-wilby", "Councillor", "D", "Wilby", "", [
        ("Portfolio Holder for Education and Children's Services", "rutland-county-council", "",
         None, None)]),
    ("john-morley", "", "John", "Morley", "", [
        ("Strategic Director for Adults and Health (DASS)", "rutland-county-council", "", None,
         None)]),
    ("dawn-godfrey", "", "Dawn", "Godfrey", "", [
        ("Strategic Director of Children and Families (DCS)", "rutland-county-council", "", None,
         None)]),
    ("sarah-prema", "", "Sarah", "Prema", "", [
        ("Executive Director of Strategy and Planning", "east-leicestershire-and-rutland-ccg", "",
         None, CCG_ERA)]),
    ("adhvait-sheth", "", "Adhvait", "Sheth", "", [
        ("Strategic Planning Manager", "east-leicestershire-and-rutland-ccg", "", None, CCG_ERA)]),
    ("charlotte-summers", "", "Charlotte", "Summers", "", [
        ("Integration and Transformation Manager", "east-leicestershire-and-rutland-ccg", "",
         None, CCG_ERA)]),
    ("jane-narey", "", "Jane", "Narey", "", [
        ("Scrutiny Officer", "rutland-county-council", "", None, None)]),
    ("p-ainsley", "Councillor", "P", "Ainsley", "", [
        ("Chair of the Primary Care Task and Finish Group", "rutland-county-council", "", None,
         None)]),
    ("r-powell", "Councillor", "R", "Powell", "", [
        ("County Councillor", "rutland-county-council", "", None, None)]),
    ("emma-jane-perkins", "", "Emma Jane", "Perkins", "", [
        ("Head of Community Care Services", "lpt", "", None, None)]),
    ("rachna-vyas", "", "Rachna", "Vyas", "", [
        ("Executive Director of Integration & Transformation",
         "east-leicestershire-and-rutland-ccg", "", None, CCG_ERA)]),
    ("andy-williams", "", "Andy", "Williams", "", [
        ("Joint Chief Executive of the three CCGs and ICS lead",
         "east-leicestershire-and-rutland-ccg", "", None, CCG_ERA),
        ("Chief Executive", "llr-icb", "designate", None, CCG_ERA),
        ("Chief Executive", "llr-icb", "", D(2022, 7, 1), None)]),
    ("david-sissling", "", "David", "Sissling", "", [
        ("Chair", "llr-icb", "designate", None, CCG_ERA),
        ("Independent Chair", "llr-icb", "", D(2022, 7, 1), None)]),
    ("angela-hillery", "", "Angela", "Hillery", "", [
        ("Chief Executive", "lpt", "", None, None),
        ("Chief Executive", "nhft", "", None, None)]),
    ("ivan-browne", "Professor", "Ivan", "Browne", "", [
        ("Director of Public Health", "leicester-city-council", "", None, None)]),
]


def organisation(slug, **fields):
    obj, _ = Organisation.objects.update_or_create(slug=slug, defaults=fields)
    return obj


def person(slug, **fields):
    obj, _ = Person.objects.update_or_create(slug=slug, defaults=fields)
    return obj


def role(person_obj, title, organisation_slug=None, qualifier="", start=None, end=None):
    org = Organisation.objects.get(slug=organisation_slug) if organisation_slug else None
    obj, _ = Role.objects.update_or_create(
        person=person_obj,
        title=title,
        organisation=org,
        qualifier=qualifier,
        defaults={"start_date": start, "end_date": end},
    )
    return obj


def load():
    for slug, name, short, kind, place, partner, dissolved, _successor in ORGANISATIONS:
        organisation(
            slug, name=name, short_name=short, kind=kind, place=place, is_partner=partner,
            dissolved_on=dissolved,
        )
    for slug, *_rest, successor in ORGANISATIONS:
        if successor:
            Organisation.objects.filter(slug=slug).update(
                successor=Organisation.objects.get(slug=successor)
            )
    for slug, honorific, given, family, post_nominals, roles in PEOPLE:
        who = person(
            slug, honorific=honorific, given_name=given, family_name=family,
            post_nominals=post_nominals,
        )
        for title, org_slug, qualifier, start, end in roles:
            role(who, title, org_slug, qualifier, start, end)
