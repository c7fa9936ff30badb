"""The decisions register's filters, shared by its page, its CSV download and its feed."""

import datetime

from icsportal.compiled import given

DECISION_FILTERS = ("board", "outcome", "from", "to")


def decision_params(query):
    """{filter: value} from a request's GET parameters, every filter present."""
    return {key: query.get(key, "") for key in DECISION_FILTERS}


def decision_filters(params):
    """({argument of `narrow`: value} for the filters given, [an error for each date that
    could not be read]). A date that cannot be read is left out rather than failing the
    page."""
    filters = {key: params[key] for key in ("board", "outcome") if params[key]}
    errors = []
    for key, name in (("from", "since"), ("to", "until")):
        if params[key]:
            try:
                filters[name] = datetime.date.fromisoformat(params[key])
            except ValueError:
                errors.append(f"Enter the '{key}' date as a date, for example 2022-02-22.")
    return filters, errors


def narrow(decisions, board=None, outcome=None, since=None, until=None):
    """The decisions of a board (by slug), with an outcome word, in meetings between two
    days; each filter only when it is given."""
    return decisions.filter(**given(
        item__meeting__board__slug=board, outcome__word=outcome,
        item__meeting__date__gte=since, item__meeting__date__lte=until,
    ))


def filter_decisions(decisions, params):
    """(decisions narrowed by `params`, [an error for each date that could not be read])."""
    filters, errors = decision_filters(params)
    return narrow(decisions, **filters), errors
