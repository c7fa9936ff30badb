"""Who may do what with board records: governance officers and site administrators keep
them; the press office and editors may read them, without questioners' contact details."""

MODELS = [
    "board", "meeting", "attendance", "agendaitem", "supportingdocument", "outcome",
    "resolution", "declarationofinterest", "publicquestion", "meetingevent", "correction",
    "bankholiday",
]
_VIEW = [f"governance.view_{model}" for model in MODELS]
_FULL = _VIEW + [
    f"governance.{action}_{model}"
    for model in MODELS
    for action in ("add", "change", "delete")
    # Corrections are written by the correction rule only, never by hand.
    if model != "correction"
] + [
    "governance.publish_minutes",
    "governance.approve_minutes",
    "governance.view_question_contacts",
]

ROLE_PERMISSIONS = {
    "Governance officers": _FULL,
    "Site administrators": _FULL,
    "Press office": _VIEW,
    "Editors": _VIEW,
}
