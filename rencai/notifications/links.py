"""Where a notification may send its reader: paths on this site only (no open redirects)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.utils.http import url_has_allowed_host_and_scheme

URL_MAX_LENGTH = 300


def is_site_path(url: str) -> bool:
    """Whether ``url`` is a path on this site: ``/…``, not ``//host``, no scheme or host,
    no backslashes, control characters or white space (which browsers may reinterpret)."""
    if not url or len(url) > URL_MAX_LENGTH or not url.startswith("/"):
        return False
    if url.startswith("//") or "\\" in url:
        return False
    if any(char.isspace() or ord(char) < 32 or ord(char) == 127 for char in url):
        return False
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return False
    return url_has_allowed_host_and_scheme(url, allowed_hosts=set())
