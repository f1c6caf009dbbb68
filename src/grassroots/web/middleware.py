"""Middleware of the frame: the language, the proxy headers to believe, and the security
headers every response carries (Content-Security-Policy, Cache-Control for personal data)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from grassroots.kernel.proxies import is_trusted_proxy, untrusted_forwarded_headers


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but only the language switch (its cookie) changes the
    language; the browser's Accept-Language is ignored.

    Officials' browsers are often set to English by default; the platform's working language
    is Chinese, and English is there for those who ask for it.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class TrustedProxyMiddleware:
    """Forgets the X-Forwarded-* (and Forwarded) headers of a peer that is no trusted proxy.

    Django's SECURE_PROXY_SSL_HEADER believes X-Forwarded-Proto from whoever sends it; a client
    reaching the server past the proxy could then pass for HTTPS. Only the proxies named in
    GRASSROOTS_TRUSTED_PROXIES (``settings.TRUSTED_PROXIES``) may set these headers. It runs
    first, so that SecurityMiddleware and everything after it sees only believable headers.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_trusted_proxy(request.META.get("REMOTE_ADDR", "")):
            for key in untrusted_forwarded_headers(list(request.META)):
                del request.META[key]
        return self.get_response(request)


# Scripts and styles come from this server's own files only: no inline script, no event
# handler attribute, no eval, and no <style> block or style attribute (data-driven sizes are
# classes, see web/templatetags). Images may be data:/blob: URLs (photos resized on a phone).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """Sends the Content-Security-Policy on every response that does not set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on whatever a signed-in user is sent: pages and exports
    hold personal data, which no browser cache or proxy on the way should keep (等保三级,
    剩余信息保护). A response that says how it may be cached keeps its own word; static files
    never get here (WhiteNoise answers them earlier) and keep being cached.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response
