"""Set Simplified Chinese translations for given msgids and clear their fuzzy flags.

Usage: ``python scripts/set_translations.py translations.json`` where the JSON maps English
msgids to Chinese. For use after ``make messages`` when a few new strings need translating.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

CATALOG = Path(__file__).resolve().parent.parent / "locale/zh_Hans/LC_MESSAGES/django.po"


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    wanted: dict[str, str] = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    blocks = CATALOG.read_text(encoding="utf-8").split("\n\n")
    done = set()
    for index, block in enumerate(blocks):
        lines = block.splitlines()
        msgid_lines = [i for i, line in enumerate(lines) if line.startswith("msgid ")]
        if not msgid_lines:
            continue
        start = msgid_lines[0]
        end = next(i for i, line in enumerate(lines) if line.startswith(("msgstr", "msgid_plural")))
        if lines[end].startswith("msgid_plural"):
            continue  # plural entries are translated by hand
        msgid = "".join(
            json.loads(line.split(" ", 1)[1] if line.startswith("msgid ") else line)
            for line in lines[start:end]
        )
        if msgid not in wanted:
            continue
        head = [
            line
            for line in lines[:start]
            if not line.startswith("#|")
            and line.strip() not in ("#, fuzzy", "#, fuzzy, python-format")
        ]
        if any(line.startswith("#, fuzzy, python-format") for line in lines[:start]):
            head.append("#, python-format")
        blocks[index] = "\n".join(
            [*head, f"msgid {quote(msgid)}", f"msgstr {quote(wanted[msgid])}"]
        )
        done.add(msgid)
    CATALOG.write_text("\n\n".join(blocks), encoding="utf-8")
    missing = set(wanted) - done
    for msgid in sorted(missing):
        print(f"not in catalog: {msgid}", file=sys.stderr)
    print(f"set {len(done)} translations")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
