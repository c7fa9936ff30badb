"""Who may do what with bulletins: the press office drafts, editors publish."""

_MODELS = ["issue", "article", "pullquote", "keyfact"]

_VIEW = ["bulletins.view_publication"] + [f"bulletins.view_{m}" for m in _MODELS]
_DRAFT = [f"bulletins.{action}_{m}" for m in _MODELS for action in ("add", "change")] + [
    "bulletins.delete_article", "bulletins.delete_pullquote", "bulletins.delete_keyfact",
    "taggit.view_tag", "taggit.add_tag",
]

ROLE_PERMISSIONS = {
    "Press office": _VIEW + _DRAFT,
    "Editors": _VIEW + _DRAFT + [
        "bulletins.publish_issue", "bulletins.delete_issue",
        "bulletins.add_publication", "bulletins.change_publication",
        "taggit.change_tag", "taggit.delete_tag",
    ],
    "Site administrators": _VIEW,
}
