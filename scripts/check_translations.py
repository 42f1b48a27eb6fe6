"""Fail when the Simplified Chinese catalog has untranslated or fuzzy entries.

Uses GNU gettext (``msgfmt --statistics``, ``msgattrib``). Also pins the catalog header's
POT-Creation-Date so refreshing the catalog without new strings leaves it unchanged;
``--normalise-only`` just pins the date.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

CATALOG = Path(__file__).resolve().parent.parent / "locale/zh_Hans/LC_MESSAGES/django.po"
PINNED = '"POT-Creation-Date: 2026-11-23 00:00+0800\\n"'


def main() -> int:
    text = CATALOG.read_text(encoding="utf-8")
    pinned = re.sub(r'"POT-Creation-Date: [^"]*\\n"', lambda _match: PINNED, text, count=1)
    if pinned != text:
        CATALOG.write_text(pinned, encoding="utf-8")
    if "--normalise-only" in sys.argv:
        return 0
    stats = subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(CATALOG)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    if stats.returncode != 0:
        print(stats.stderr, file=sys.stderr)
        return 1
    summary = stats.stderr.strip()
    if "fuzzy" in summary or "untranslated" in summary:
        listing = subprocess.run(  # noqa: S603
            ["msgattrib", "--untranslated", "--only-fuzzy", "--no-wrap", str(CATALOG)],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        missing = subprocess.run(  # noqa: S603
            ["msgattrib", "--untranslated", "--no-wrap", str(CATALOG)],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        ids = re.findall(r'^msgid "(.+)"$', listing + missing, flags=re.MULTILINE)
        print(f"{CATALOG.name}: {summary}", file=sys.stderr)
        for msgid in ids[:60]:
            print(f"  needs translation: {msgid[:90]}", file=sys.stderr)
        return 1
    print(f"zh_Hans catalog complete: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
