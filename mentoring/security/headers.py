"""Security headers on every response: a strict Content-Security-Policy and friends.

Flask-Talisman leaves ``base-uri`` and ``frame-ancestors`` out by default, and we need
nothing else from it, so the few headers are set here.
"""

from __future__ import annotations

from flask import Flask, Response, request

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    )
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


#: Endpoints whose answers are the same for everyone: static files (the app's and any
#: blueprint's) and the favicon. They may be cached.
PUBLIC_ENDPOINTS = frozenset({"static", "home.favicon"})


def is_public(endpoint: str | None) -> bool:
    """Whether the endpoint's answers hold nothing personal."""
    return endpoint is not None and (endpoint in PUBLIC_ENDPOINTS or endpoint.endswith(".static"))


def add_security_headers(response: Response) -> Response:
    """Set each security header unless the view chose its own value."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if not is_public(request.endpoint):
        # Pages, the API, exports, calendar feeds and error answers may all hold personal
        # data: keep them out of shared caches, proxies and the back-button cache. A view's
        # own choice (``send_file`` says ``no-cache``, which still stores) is overruled.
        response.headers["Cache-Control"] = "no-store"
        response.headers.pop("Expires", None)
    return response


def init_app(app: Flask) -> None:
    """Add the headers to every response of ``app``."""
    app.after_request(add_security_headers)
    if app.config.get("APP_ENV") == "production":
        app.after_request(_add_strict_transport_security)


def _add_strict_transport_security(response: Response) -> Response:
    response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response
