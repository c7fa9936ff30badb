"""Factories for people, organisations and roles."""

import factory

from people.models import Organisation, Person, Role


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Partner Organisation {n}")
    slug = factory.Sequence(lambda n: f"partner-organisation-{n}")
    kind = Organisation.Kind.NHS_TRUST
    place = Organisation.Place.SYSTEM
    is_partner = True


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_name = factory.Sequence(lambda n: f"Alex{n}")
    family_name = factory.Sequence(lambda n: f"Morgan{n}")
    slug = factory.Sequence(lambda n: f"alex-morgan-{n}")


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    title = "Director of Strategy"
