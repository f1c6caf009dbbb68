"""HTTPS settings (等保三级): cookies sent only over TLS, HSTS, and the proxy that says "https".

They apply when the server sits behind a TLS proxy and ``GRASSROOTS_HTTPS=1``, and when
``grassroots serve --certfile F --keyfile F`` speaks TLS itself (site/cli.py applies them then).
"""

from __future__ import annotations

from typing import Any

ONE_YEAR = 365 * 24 * 60 * 60


def https_settings() -> dict[str, Any]:
    """The settings that turn HTTPS on; the rest of the settings assume plain HTTP."""
    return {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        # Believed only from GRASSROOTS_TRUSTED_PROXIES: web/middleware.py drops the header
        # from any other peer before SecurityMiddleware reads it.
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
        "SECURE_HSTS_SECONDS": ONE_YEAR,
        # Other hosts of the same domain (an intranet's) may still speak plain HTTP.
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_SSL_REDIRECT": True,
        # Load balancers and monitoring probe the health check over plain HTTP.
        "SECURE_REDIRECT_EXEMPT": [r"^healthz/?$"],
    }
