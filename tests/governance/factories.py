"""Factories for boards, meetings and what their minutes record."""

import datetime

import factory
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
)
from tests.people.factories import OrganisationFactory, PersonFactory


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board

    name = factory.Sequence(lambda n: f"Health and Wellbeing Board {n}")
    slug = factory.Sequence(lambda n: f"hwb-{n}")
    host = factory.SubFactory(OrganisationFactory)
    kind = Board.Kind.HEALTH_AND_WELLBEING_BOARD


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    board = factory.SubFactory(BoardFactory)
    # A held meeting with published minutes took place: a day apart from January 2022,
    # the suite's meetings stay in the past (a week apart, a few hundred did not).
    start = factory.Sequence(
        lambda n: timezone.make_aware(datetime.datetime(2022, 1, 4, 14, 0))
        + datetime.timedelta(days=n)
    )
    venue = "Council Chamber"
    status = Meeting.Status.HELD
    minutes_status = Meeting.MinutesStatus.PUBLISHED


def upcoming_meeting(**kwargs):
    """A meeting a month from now, scheduled, with no minutes: open for questions."""
    return MeetingFactory(
        start=timezone.now() + datetime.timedelta(days=30), status=Meeting.Status.SCHEDULED,
        minutes_status=Meeting.MinutesStatus.NONE, **kwargs,
    )


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    role = "Member"
    organisation = factory.SubFactory(OrganisationFactory)
    order = factory.Sequence(lambda n: n + 1)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Report on item {n}")
    minutes = "<p>The board discussed the report.</p>"
    presenter = factory.SubFactory(PersonFactory)


class ResolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resolution

    item = factory.SubFactory(AgendaItemFactory)
    letter = "a"
    outcome = factory.LazyFunction(lambda: Outcome.objects.get(word="NOTED"))
    text = "the report."


class PublicQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicQuestion

    meeting = factory.SubFactory(MeetingFactory)
    status = PublicQuestion.Status.ACCEPTED
    speaker_name = "Mrs Ada Example"
    on_behalf_of = "herself"
    contact_address = factory.Sequence(lambda n: f"{n} Private Lane, Oakham")
    contact_email = factory.Sequence(lambda n: f"private{n}@example.org")
    contact_phone = factory.Sequence(lambda n: f"07700 900{n:03d}")
    question = "When will the new clinic open?"
    response = "<p>In the spring.</p>"
    response_published = True
    responder = factory.SubFactory(PersonFactory)


class MeetingEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingEvent

    meeting = factory.SubFactory(MeetingFactory)
    kind = MeetingEvent.Kind.CLOSED
    at = factory.LazyAttribute(lambda o: o.meeting.start + datetime.timedelta(hours=2))
