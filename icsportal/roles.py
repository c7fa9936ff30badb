"""The staff groups and what each may do.

Each app declares its part in `<app>/roles.py` as ROLE_PERMISSIONS, a mapping from
group name to permission codenames ("app_label.codename"). After every migrate the
groups are brought in line with those declarations, so a new model's permissions
reach the right people without a hand-written data migration per change.
"""

from importlib import import_module

PRESS_OFFICE = "Press office"
EDITORS = "Editors"
GOVERNANCE_OFFICERS = "Governance officers"
SITE_ADMINISTRATORS = "Site administrators"
GROUPS = [PRESS_OFFICE, EDITORS, GOVERNANCE_OFFICERS, SITE_ADMINISTRATORS]

ROLE_APPS = ["icsportal", "people", "bulletins", "governance"]

# Site-wide permissions: static pages and user management for administrators.
ROLE_PERMISSIONS = {
    SITE_ADMINISTRATORS: [
        "flatpages.view_flatpage", "flatpages.add_flatpage",
        "flatpages.change_flatpage", "flatpages.delete_flatpage",
        "auth.view_user", "auth.add_user", "auth.change_user", "auth.delete_user",
        "auth.view_group", "auth.change_group",
        "sites.view_site",
    ],
}


def declared_permissions():
    """{group name: set of "app_label.codename"} gathered from every app."""
    merged = {group: set() for group in GROUPS}
    for app in ROLE_APPS:
        try:
            module = import_module(f"{app}.roles")
        except ModuleNotFoundError:
            continue
        for group, perms in getattr(module, "ROLE_PERMISSIONS", {}).items():
            merged[group].update(perms)
    return merged


def sync_group_permissions(sender=None, using="default", **kwargs):
    from django.contrib.auth.models import Group, Permission

    for group_name, perms in declared_permissions().items():
        group, _ = Group.objects.using(using).get_or_create(name=group_name)
        wanted = []
        for perm in sorted(perms):
            app_label, codename = perm.split(".", 1)
            found = Permission.objects.using(using).filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if found is not None:  # the model may not be migrated yet
                wanted.append(found)
        group.permissions.set(wanted)
