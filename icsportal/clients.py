"""The address a request came from, for the limits counted per address: the login
throttle (django-axes, `AXES_CLIENT_IP_CALLABLE`) and the public question form."""

import ipaddress

from django.conf import settings


def client_address(request):
    """The client's IP address, or None when the request has none (a request built in
    code, or a server on a Unix socket): django-axes stores it in an `inet` column.

    Served straight by gunicorn it is REMOTE_ADDR. Behind ICSPORTAL_PROXY_COUNT reverse
    proxies, REMOTE_ADDR is the nearest proxy's, the same for every reader, and each
    proxy has appended the address it was reached from to X-Forwarded-For: the client's
    is the entry that many from the right. Entries further left are whatever the client
    sent, and are never read. A header with fewer entries, or one that is not an address
    there, gives REMOTE_ADDR.
    """
    remote = _address(request.META.get("REMOTE_ADDR"))
    count = settings.ICSPORTAL_PROXY_COUNT
    if count < 1:  # no proxy (a negative count would read the client's own entries)
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(forwarded) < count:
        return remote
    return _address(forwarded[-count]) or remote


def _address(value):
    """`value` as an IP address in its usual form, or None when it is not one."""
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None
