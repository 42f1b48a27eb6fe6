"""Write or check the committed OpenAPI document (docs/openapi.json).

``python scripts/openapi.py`` rewrites it; ``--check`` fails if the generated schema
differs from the committed one (the API contract changed without updating the file).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "openapi.json"


def generated() -> str:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rencai.settings")
    import django

    django.setup()
    from django.utils import translation

    from rencai.api import api

    with translation.override("en"):
        schema = api.get_openapi_schema()
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> int:
    text = generated()
    if "--check" in sys.argv:
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
            print(
                "docs/openapi.json is out of date: run `python scripts/openapi.py`", file=sys.stderr
            )
            return 1
        print("docs/openapi.json matches the API")
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
