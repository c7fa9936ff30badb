"""The decisions register's filters, shared by its page, its CSV download and its feed."""

import datetime

DECISION_FILTERS = ("board", "outcome", "from", "to")


def decision_params(query):
    """{filter: value} from a request's GET parameters, every filter present."""
    return {key: query.get(key, "") for key in DECISION_FILTERS}


def filter_decisions(decisions, params):
    """(decisions narrowed by `params`, [an error for each date that could not be read]).

    A date that cannot be read is left out of the filter rather than failing the page.
    """
    if params["board"]:
        decisions = decisions.filter(item__meeting__board__slug=params["board"])
    if params["outcome"]:
        decisions = decisions.filter(outcome__word=params["outcome"])
    errors = []
    for key, lookup in (("from", "gte"), ("to", "lte")):
        if params[key]:
            try:
                day = datetime.date.fromisoformat(params[key])
            except ValueError:
                errors.append(f"Enter the '{key}' date as a date, for example 2022-02-22.")
            else:
                decisions = decisions.filter(**{f"item__meeting__date__{lookup}": day})
    return decisions, errors
