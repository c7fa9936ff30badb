"""Security middleware and the login throttling backend that settings.py switches on."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.urls import reverse


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
