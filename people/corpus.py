"""Synthetic organisations, people and roles for the benchmark archive.

Per scale unit: 300 organisations, 3,000 people and about 6,000 roles. The partnership
itself stays 40 organisations at any scale (an ICS does not grow partners with its
archive), and half of all roles are at those partners, so their pages grow with the
archive as the real ICB's would.
"""

import datetime

from django.db import connection
from django.utils.text import slugify

from icsportal.corpus import insert
from people.models import Organisation, Person, Role

PARTNERS = 40
GIVEN = [
    "Aisha", "Ben", "Chloe", "Dev", "Elaine", "Farid", "Grace", "Harj", "Imogen", "Jas",
    "Kate", "Leon", "Mina", "Nadeem", "Olivia", "Priya", "Quentin", "Ruth", "Sunil", "Tom",
    "Uma", "Victor", "Wendy", "Yusuf", "Zara", "S", "J", "M",
]
FAMILY = [
    "Adams", "Begum", "Clarke", "Dhillon", "Evans", "Fraser", "Green", "Hussain", "Ingram",
    "Johal", "Khan", "Lewis", "Mistry", "Norris", "Okafor", "Patel", "Quinn", "Rahman",
    "Shah", "Taylor", "Underwood", "Vaughan", "Walker", "Young", "Zaman",
]
HONORIFICS = ["Dr", "Councillor", "Professor", "Mrs", "Mr", "Ms", "Insp"]
POST_NOMINALS = ["OBE", "MBE", "CBE"]
PLACES = ["Leicester", "Charnwood", "Melton", "Oadby", "Hinckley", "Oakham", "Blaby", "Wigston"]
KINDS = [
    (Organisation.Kind.NHS_TRUST, "Health NHS Trust"),
    (Organisation.Kind.LOCAL_AUTHORITY, "Borough Council"),
    (Organisation.Kind.PRIMARY_CARE_NETWORK, "Primary Care Network"),
    (Organisation.Kind.VCSE, "Community Trust"),
    (Organisation.Kind.CCG, "Clinical Commissioning Group"),
    (Organisation.Kind.COMPANY, "Care Ltd"),
    (Organisation.Kind.UNIVERSITY, "Institute"),
]
TITLES = [
    "Chief Executive", "Chair", "Director of Finance", "Director of Nursing",
    "Medical Director", "Non-Executive Director", "Director of Public Health",
    "Head of Communications", "Clinical Lead", "Programme Director", "Cabinet Member",
]
BIOGRAPHY = "<p>{name} has worked in health and care in {place} for {years} years.</p>"


def _date(rng, first_year=2012, last_year=2025):
    start = datetime.date(first_year, 1, 1).toordinal()
    end = datetime.date(last_year, 12, 31).toordinal()
    return datetime.date.fromordinal(rng.randint(start, end))


def _organisations(count, rng):
    for i in range(count):
        kind, suffix = rng.choice(KINDS)
        name = f"{rng.choice(PLACES)} {suffix} {i + 1}"
        dissolved = kind == Organisation.Kind.CCG and rng.random() < 0.5
        yield Organisation(
            name=name,
            short_name=f"O{i + 1}",
            slug=slugify(name),
            kind=kind,
            place=rng.choice(Organisation.Place.values),
            is_partner=i < PARTNERS,
            dissolved_on=datetime.date(2022, 6, 30) if dissolved else None,
            description=f"<p>{name} serves people in {rng.choice(PLACES)}.</p>",
        )


def _people(count, rng):
    for i in range(count):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        yield Person(
            honorific=rng.choice(HONORIFICS) if rng.random() < 0.3 else "",
            given_name=given,
            family_name=family,
            post_nominals=rng.choice(POST_NOMINALS) if rng.random() < 0.03 else "",
            slug=slugify(f"{given} {family} {i + 1}"),
            biography=BIOGRAPHY.format(
                name=f"{given} {family}", place=rng.choice(PLACES), years=rng.randint(2, 30)
            ) if rng.random() < 0.5 else "",
        )


def _roles(person_ids, organisation_ids, rng):
    partners = organisation_ids[:PARTNERS]
    for person_id in person_ids:
        for _ in range(rng.choice((1, 2, 2, 3))):
            start = _date(rng)
            ended = rng.random() < 0.4
            yield Role(
                person_id=person_id,
                organisation_id=rng.choice(partners if rng.random() < 0.5 else organisation_ids),
                title=rng.choice(TITLES),
                qualifier=rng.choice(Role.Qualifier.values) if rng.random() < 0.1 else "",
                start_date=start,
                end_date=start + datetime.timedelta(days=rng.randint(30, 1500)) if ended else None,
            )


def generate(scale, rng, progress):
    organisation_count = max(PARTNERS, round(300 * scale))
    person_count = round(3000 * scale)
    organisations = insert(
        Organisation, _organisations(organisation_count, rng), progress, "organisations",
        organisation_count,
    )
    organisation_ids = [o.pk for o in organisations]
    # The closed CCGs passed their functions to the first partner, as the real ones did.
    Organisation.objects.filter(dissolved_on__isnull=False).update(successor=organisations[0])
    people = insert(Person, _people(person_count, rng), progress, "people", person_count)
    person_ids = [p.pk for p in people]
    roles = insert(Role, _roles(person_ids, organisation_ids, rng), progress, "roles")
    return {"organisations": organisation_count, "people": person_count, "roles": len(roles)}


def clear():
    """Empty the people tables with plain DELETEs: the ORM would load every row first."""
    models = [Role, Role.history.model, Person, Person.history.model,
              Organisation, Organisation.history.model]
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608  # nosec B608: a quoted table name of our own model
