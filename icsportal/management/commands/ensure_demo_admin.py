"""Create (or reset) the demo staff accounts and print how to log in.

The password comes from ICSPORTAL_DEMO_PASSWORD, or is generated and printed.
One account per staff group, so each role's view of the admin can be tried.
"""

import os
import secrets

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand

from icsportal import roles

ACCOUNTS = [
    ("admin", None, True),
    ("press", roles.PRESS_OFFICE, False),
    ("editor", roles.EDITORS, False),
    ("governance", roles.GOVERNANCE_OFFICERS, False),
    ("siteadmin", roles.SITE_ADMINISTRATORS, False),
]


class Command(BaseCommand):
    help = "Create or reset the demo administrator and one user per staff group."

    def handle(self, *args, **options):
        password = os.environ.get("ICSPORTAL_DEMO_PASSWORD") or secrets.token_urlsafe(12)
        for username, group_name, superuser in ACCOUNTS:
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff = True
            user.is_superuser = superuser
            user.email = f"{username}@example.org"
            user.set_password(password)
            user.save()
            if group_name:
                user.groups.set([Group.objects.get(name=group_name)])
        names = ", ".join(username for username, *_ in ACCOUNTS)
        self.stdout.write(self.style.SUCCESS(
            f"Demo staff accounts ({names}) log in at /admin/ on the server below "
            f"with the password: {password}"
        ))
