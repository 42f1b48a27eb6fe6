"""Fixed-window rate limits kept in the cache (database cache by default, Redis at scale)."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.utils.functional import Promise

from rencai.core.errors import RateLimited


def hit(scope: str, subject: str, *, limit: int, window: int, code: str, message: Promise) -> None:
    """Count one use of ``scope`` by ``subject`` (e.g. an IP address) in the current window
    of ``window`` seconds; the use beyond ``limit`` raises ``RateLimited``."""
    bucket = int(time.time()) // window
    key = f"rl:{scope}:{subject}:{bucket}"
    cache.add(key, 0, timeout=window + 5)
    try:
        used = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window + 5)
        used = 1
    if used > limit:
        retry_after = window - int(time.time()) % window
        raise RateLimited(code, message, retry_after=retry_after)
