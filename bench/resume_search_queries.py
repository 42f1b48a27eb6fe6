"""The fixed query set of the resume search benchmark (``bench/resume_search.py``).

``bench/resume_queries.json`` holds 1,000 realistic employer queries and 100 broad ones, each
a query-string dict for ``parse_resume_params`` (and ``/api/v1/employer/resume-search``) with
a ``kind`` label. They are generated once, deterministically, from the corpus generator's
vocabulary (titles and skills weighted like the corpus, see ``bench/search_queries.py``) and
stored so that every run measures the same queries. Regenerate after the vocabulary changes:

    .venv/bin/python bench/resume_search_queries.py --write

The list is shuffled, so any prefix is a fair sample of the mix:

=============  =====  ==============================================================
kind           count  what a recruiter types
=============  =====  ==============================================================
position       220    a position as resumes write it (Java后端开发工程师)
short          100    the first word(s) of a position (java 后端开发)
skill          150    a skill or certificate (Python, Excel, 叉车证, 会计证)
two_char       110    a two-character job word (销售, 会计, 护士)
position_city  150    a position or job word and a city or province
filters        170    words and one or two filters (experience range, education, updated)
multi          60     a position and a skill (java spring boot)
browse         40     no words: a city, maybe education or experience
=============  =====  ==============================================================

Broad queries are one very common word of resumes (负责, 沟通, 工作 …), no filters.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.search_queries import TWO_CHAR, Query, Vocabulary, _city, _dumps, _words  # noqa: E402

# Re-exported: bench/resume_search.py reads stored resume queries with it.
from bench.search_queries import as_query_params as as_query_params  # noqa: E402

QUERIES_FILE = Path(__file__).resolve().parent / "resume_queries.json"
EDUCATIONS = ("high_school", "associate", "associate", "bachelor", "bachelor", "master")
EXPERIENCE_RANGES = ((1, 3), (3, 5), (5, 10), (None, 1), (3, None), (5, None), (10, None))
UPDATED_WITHIN = (7, 30, 30, 90, 180)
BROAD = _words("负责 沟通 工作 经验 团队 熟悉 能力 项目 管理 客户 学习 认真 责任心 协作 独立")
REALISTIC_KINDS = (
    ("position", 220),
    ("short", 100),
    ("skill", 150),
    ("two_char", 110),
    ("position_city", 150),
    ("filters", 170),
    ("multi", 60),
    ("browse", 40),
)


def _experience(rng: random.Random) -> dict[str, Any]:
    low, high = rng.choice(EXPERIENCE_RANGES)
    chosen: dict[str, Any] = {}
    if low is not None:
        chosen["experience_min"] = low
    if high is not None:
        chosen["experience_max"] = high
    return chosen


def _filters(rng: random.Random) -> dict[str, Any]:
    makers: list[Callable[[], dict[str, Any]]] = [
        lambda: _experience(rng),
        lambda: {"education": rng.choice(EDUCATIONS)},
        lambda: {"updated_within": rng.choice(UPDATED_WITHIN)},
        lambda: {"city": _city(rng)},
        lambda: {"sort": "updated"},
    ]
    chosen: dict[str, Any] = {}
    for make in rng.sample(makers, rng.choice((1, 1, 2))):
        chosen.update(make())
    return chosen


def _position_and_skill(vocabulary: Vocabulary) -> str:
    """A short position and a skill of the same job family (java 后端开发 Spring Boot)."""
    family = vocabulary.family()
    return " ".join(dict.fromkeys([vocabulary.short(family), vocabulary.skill(family)]))


def realistic(count: int, rng: random.Random, vocabulary: Vocabulary) -> list[Query]:
    makers: dict[str, Callable[[], dict[str, Any]]] = {
        "position": lambda: {"q": vocabulary.title()},
        "short": lambda: {"q": vocabulary.short()},
        "skill": lambda: {"q": vocabulary.skill()},
        "two_char": lambda: {"q": rng.choice(TWO_CHAR)},
        "position_city": lambda: {
            "q": rng.choice((vocabulary.title(), vocabulary.short(), rng.choice(TWO_CHAR))),
            "city": _city(rng),
        },
        "filters": lambda: {
            "q": rng.choice((vocabulary.short(), rng.choice(TWO_CHAR), vocabulary.skill())),
            **_filters(rng),
        },
        "multi": lambda: {"q": _position_and_skill(vocabulary)},
        "browse": lambda: {
            "city": _city(rng),
            **({"education": rng.choice(EDUCATIONS)} if rng.random() < 0.4 else {}),
            **(_experience(rng) if rng.random() < 0.4 else {}),
        },
    }
    total = sum(share for _kind, share in REALISTIC_KINDS)
    queries: list[Query] = []
    for kind, share in REALISTIC_KINDS:
        for _ in range(round(count * share / total)):
            queries.append({"kind": kind, "params": makers[kind]()})
    rng.shuffle(queries)
    return queries[:count]


def generate(
    *, realistic_count: int = 1000, broad_count: int = 100, seed: int = 1
) -> dict[str, Any]:
    rng = random.Random(f"resumes:{seed}")
    vocabulary = Vocabulary(rng)
    broad = [{"kind": "broad", "params": {"q": word}} for word in BROAD]
    pairs = [
        {"kind": "broad", "params": {"q": f"{a} {b}"}}
        for i, a in enumerate(BROAD)
        for b in BROAD[i + 1 :]
    ]
    rng.shuffle(pairs)
    return {
        "seed": seed,
        "source": "rencai/search/data/corpus_titles.json",
        "realistic": realistic(realistic_count, rng, vocabulary),
        "broad": (broad + pairs)[:broad_count],
    }


def _check(data: dict[str, Any]) -> None:
    """Every stored query must parse (a bad value would measure an error)."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rencai.settings")
    import django

    django.setup()
    from rencai.search.resume_service import parse_resume_params

    for query in [*data["realistic"], *data["broad"]]:
        parse_resume_params(as_query_params(query), strict=True)


def load(realistic_count: int, broad_count: int) -> tuple[list[Query], list[Query]]:
    data = json.loads(QUERIES_FILE.read_text(encoding="utf-8"))
    stored_realistic: Sequence[Query] = data["realistic"]
    stored_broad: Sequence[Query] = data["broad"]
    return list(stored_realistic[:realistic_count]), list(stored_broad[:broad_count])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help=f"write {QUERIES_FILE.name}")
    parser.add_argument("--realistic", type=int, default=1000)
    parser.add_argument("--broad", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    data = generate(realistic_count=args.realistic, broad_count=args.broad, seed=args.seed)
    _check(data)
    text = _dumps(data)
    if args.write:
        QUERIES_FILE.write_text(text, encoding="utf-8")
        print(f"wrote {len(data['realistic'])} realistic and {len(data['broad'])} broad queries")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
