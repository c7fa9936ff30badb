"""Security middleware and the login throttling backend that settings.py switches on."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.core.exceptions import BadRequest
from django.urls import reverse


class NullCharacterMiddleware:
    """Answers 400 Bad Request to an address with a null character (`%00`) in its path or
    query string.

    PostgreSQL text cannot hold one, so a view that looked a slug or a filter up with it
    failed with a server error; no address of ours has one. What is posted is the forms'
    to refuse (Django's ProhibitNullCharactersValidator on every CharField), and the API
    checks its own parameters, answering 422 with the one at fault, as its OpenAPI
    document says.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.api = None

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            if self.api is None:
                self.api = reverse("api-v1:api-root")
            if not request.path.startswith(self.api):
                raise BadRequest("The address contains a null character.")
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header built from settings.PERMISSIONS_POLICY."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}={allow}" for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


class AdminContentSecurityPolicyMiddleware:
    """Gives admin pages settings.ADMIN_CSP instead of the public SECURE_CSP.

    Listed after Django's ContentSecurityPolicyMiddleware so that its response hook runs
    first and leaves the policy for Django's middleware to write (with the nonce).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = None

    def __call__(self, request):
        response = self.get_response(request)
        if self.prefix is None:
            self.prefix = reverse("admin:index")
        if request.path.startswith(self.prefix) and not hasattr(response, "_csp_config"):
            response._csp_config = settings.ADMIN_CSP
        return response


class LoginRateLimitBackend(AxesStandaloneBackend):
    """django-axes' lockout check, skipped when there is no HTTP request.

    Brute force comes over HTTP; logins made in code (the test client, the shell) have no
    request and are not throttled rather than refused.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
