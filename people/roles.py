"""Who may change people and organisations: everyone who writes about them."""

_VIEW = ["people.view_person", "people.view_organisation", "people.view_role"]
_EDIT = [
    "people.add_person", "people.change_person",
    "people.add_organisation", "people.change_organisation",
    "people.add_role", "people.change_role",
]

ROLE_PERMISSIONS = {
    "Press office": _VIEW + _EDIT,
    "Editors": _VIEW + _EDIT + ["people.delete_role"],
    "Governance officers": _VIEW + _EDIT,
    "Site administrators": _VIEW + _EDIT + [
        "people.delete_person", "people.delete_organisation", "people.delete_role",
    ],
}
