"""The fixed query set of the search benchmarks (``bench/search.py``, ``bench/http.py``).

``bench/queries.json`` holds 1,000 realistic queries and 200 broad-term queries, each a
query-string dict for ``parse_params`` (and ``/api/v1/jobs/search``) with a ``kind`` label.
They are generated once, deterministically (``--seed``), from the corpus generator's own
vocabulary (``rencai/search/data/corpus_titles.json``: titles and skills, weighted like the
corpus) and a list of common place, filter and job words, then stored so that every run
measures the same queries. Regenerate after the corpus vocabulary changes:

    .venv/bin/python bench/search_queries.py --write

The realistic list is shuffled, so any prefix (``--queries 40``) is a fair sample of the mix:

=============  =====  ==========================================================
kind           count  what
=============  =====  ==========================================================
title          200    a job title as the corpus writes it (Java后端开发工程师)
short          80     the first word(s) of a title (java 后端开发)
skill          130    a skill (Python, Excel, 叉车证)
two_char       120    a two-character job word (销售, 会计, 出纳, 护士)
title_city     120    a title or job word and a city or province filter
filters        150    words and one or two filters (type, pay, band, education, …)
sorted         80     words sorted by newest or highest pay (some with a city)
multi          80     two or three words (java 微服务, 销售 提成 底薪)
browse         30     no words: a city or category, newest first
page2          10     a title, second page
=============  =====  ==========================================================

Broad queries are one or two very common words (工作, 负责, 经验 …) with no filters: the
worst case for any engine, since nearly every posting matches.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
QUERIES_FILE = Path(__file__).resolve().parent / "queries.json"
CORPUS_TITLES = ROOT / "rencai" / "search" / "data" / "corpus_titles.json"

Query = dict[str, Any]  # {"kind": ..., "params": {name: value}}


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Big cities and a few provinces (codes checked against rencai.core.divisions on --write).
CITIES = (
    ("110000", 8),  # 北京市
    ("310000", 8),  # 上海市
    ("440300", 7),  # 深圳市
    ("440100", 7),  # 广州市
    ("330100", 5),  # 杭州市
    ("510100", 5),  # 成都市
    ("420100", 4),  # 武汉市
    ("320100", 4),  # 南京市
    ("610100", 3),  # 西安市
    ("500000", 3),  # 重庆市
    ("320500", 3),  # 苏州市
    ("120000", 2),  # 天津市
    ("430100", 2),  # 长沙市
    ("410100", 2),  # 郑州市
    ("441900", 2),  # 东莞市
    ("370200", 1),  # 青岛市
    ("340100", 1),  # 合肥市
    ("440600", 1),  # 佛山市
    ("330200", 1),  # 宁波市
    ("350200", 1),  # 厦门市
    ("440000", 2),  # 广东省
    ("320000", 1),  # 江苏省
    ("330000", 1),  # 浙江省
)
# Two-character words people type into a job site's search box.
TWO_CHAR = _words(
    "销售 会计 出纳 护士 教师 司机 保安 厨师 前台 文员 客服 普工 电工 保洁 焊工 店长 导购 "
    "收银 仓管 快递 骑手 美工 设计 运营 编辑 主播 翻译 律师 医生 药师 采购 行政 人事 财务 "
    "助理 主管 经理 技工 钳工 车工 叉车 理货 分拣 搬运 配送 服务 迎宾 传菜 后厨 面点 烘焙 "
    "保姆 月嫂 育婴 护工 保育 家教 幼师 助教 讲师 质检 仓储 物流 跟单 外贸 电商 网店 客户 "
    "测试 开发 前端 后端 算法 运维 产品 数据 安全 实施 施工 造价 监理 预算 土建 机电 暖通"
)
# Very common words of postings (duties, requirements, company names): broad queries.
BROAD = _words(
    "工作 负责 经验 公司 销售 开发 管理 客户 能力 团队 相关 优先 熟悉 以上 学历 沟通 服务 "
    "完成 岗位 要求 责任心 良好 专业 具备 业务 合作 工程师 有限公司 技术 日常"
)
SALARY_WORDS = ("提成", "底薪", "五险一金", "双休", "包吃住", "年终奖", "周末双休", "加班费")
EMPLOYMENT_TYPES = ("full_time", "part_time", "internship", "dispatch", "flexible")
EDUCATIONS = ("any", "high_school", "associate", "bachelor", "master")
PAY_BANDS = ("3-5k", "5-8k", "8-12k", "12-20k", "20-30k", "30k+")
PAY_MINS = (3000, 4000, 5000, 6000, 8000, 10000, 15000, 20000)
POSTED_WITHIN = (1, 3, 7, 14, 30)
REALISTIC_KINDS = (
    ("title", 200),
    ("short", 80),
    ("skill", 130),
    ("two_char", 120),
    ("title_city", 120),
    ("filters", 150),
    ("sorted", 80),
    ("multi", 80),
    ("browse", 30),
    ("page2", 10),
)
_BRACKETS = re.compile(r"[（(][^）)]*[）)]")
_SPLIT = re.compile(r"[\s/、，,]+")


class Vocabulary:
    """The corpus generator's titles and skills, drawn with the corpus's family weights."""

    def __init__(self, rng: random.Random) -> None:
        data = json.loads(CORPUS_TITLES.read_text(encoding="utf-8"))
        self.rng = rng
        self.families: list[dict[str, Any]] = list(data["families"])
        self.weights = [float(family["weight"]) for family in self.families]
        self.categories = sorted({str(family["category"]) for family in self.families})
        self.industries = sorted(
            {
                code
                for family in self.families
                if isinstance(family["industries"], list)
                for code in family["industries"]
            }
        )

    def family(self) -> dict[str, Any]:
        return self.rng.choices(self.families, weights=self.weights)[0]

    def title(self, family: dict[str, Any] | None = None) -> str:
        return str(self.rng.choice((family or self.family())["titles"]))

    def skill(self, family: dict[str, Any] | None = None) -> str:
        return str(self.rng.choice((family or self.family())["skills"]))

    def short(self, family: dict[str, Any] | None = None) -> str:
        """A title as people shorten it: no brackets, no 工程师/专员/… at the end."""
        title = _BRACKETS.sub("", self.title(family)).strip()
        parts = [part for part in _SPLIT.split(title) if part]
        if len(parts) > 1:
            return " ".join(parts[:2])
        for suffix in ("工程师", "专员", "经理", "主管", "助理", "人员"):
            if title.endswith(suffix) and len(title) > len(suffix) + 1:
                return title[: -len(suffix)]
        return title

    def words(self) -> str:
        """Two or three words of one family: a short title and a skill, maybe a pay word."""
        family = self.family()
        words = [self.short(family), self.skill(family)]
        if self.rng.random() < 0.3:
            words.append(self.rng.choice(SALARY_WORDS))
        return " ".join(dict.fromkeys(words))


def _city(rng: random.Random) -> str:
    return rng.choices([code for code, _w in CITIES], weights=[w for _c, w in CITIES])[0]


def _filters(rng: random.Random, vocabulary: Vocabulary) -> dict[str, Any]:
    """One or two of the filters the search page offers."""
    makers: list[Callable[[], dict[str, Any]]] = [
        lambda: {"employment_type": rng.choice(EMPLOYMENT_TYPES)},
        lambda: {"pay_min": rng.choice(PAY_MINS)},
        lambda: {"pay_band": rng.choice(PAY_BANDS)},
        lambda: {"education": rng.choice(EDUCATIONS)},
        lambda: {"experience_max": rng.choice((0, 1, 3, 5))},
        lambda: {"posted_within": rng.choice(POSTED_WITHIN)},
        lambda: {"industry": rng.choice(vocabulary.industries)},
        lambda: {"verified_only": "1"},
        lambda: {"division": _city(rng)},
    ]
    chosen: dict[str, Any] = {}
    for make in rng.sample(makers, rng.choice((1, 1, 2))):
        chosen.update(make())
    return chosen


def realistic(count: int, rng: random.Random, vocabulary: Vocabulary) -> list[Query]:
    makers: dict[str, Callable[[], dict[str, Any]]] = {
        "title": lambda: {"q": vocabulary.title()},
        "short": lambda: {"q": vocabulary.short()},
        "skill": lambda: {"q": vocabulary.skill()},
        "two_char": lambda: {"q": rng.choice(TWO_CHAR)},
        "title_city": lambda: {
            "q": rng.choice((vocabulary.title(), vocabulary.short(), rng.choice(TWO_CHAR))),
            "division": _city(rng),
        },
        "filters": lambda: {
            "q": rng.choice((vocabulary.short(), rng.choice(TWO_CHAR), vocabulary.skill())),
            **_filters(rng, vocabulary),
        },
        "sorted": lambda: {
            "q": rng.choice((vocabulary.short(), rng.choice(TWO_CHAR))),
            "sort": rng.choice(("newest", "newest", "pay")),
            **({"division": _city(rng)} if rng.random() < 0.4 else {}),
        },
        "multi": lambda: {"q": vocabulary.words()},
        "browse": lambda: {
            "sort": "newest",
            **(
                {"division": _city(rng)}
                if rng.random() < 0.7
                else {"category": rng.choice(vocabulary.categories)}
            ),
        },
        "page2": lambda: {"q": rng.choice((vocabulary.title(), rng.choice(TWO_CHAR))), "page": 2},
    }
    total = sum(share for _kind, share in REALISTIC_KINDS)
    queries: list[Query] = []
    for kind, share in REALISTIC_KINDS:
        for _ in range(round(count * share / total)):
            queries.append({"kind": kind, "params": makers[kind]()})
    rng.shuffle(queries)
    return queries[:count]


def broad(count: int, rng: random.Random) -> list[Query]:
    """Single common words, then pairs of them, in a fixed shuffled order."""
    singles = [[word] for word in BROAD]
    pairs = [[a, b] for i, a in enumerate(BROAD) for b in BROAD[i + 1 :]]
    rng.shuffle(pairs)
    chosen = (singles + pairs)[:count]
    rng.shuffle(chosen)
    return [{"kind": "broad", "params": {"q": " ".join(words)}} for words in chosen]


def generate(
    *, realistic_count: int = 1000, broad_count: int = 200, seed: int = 1
) -> dict[str, Any]:
    rng = random.Random(seed)
    vocabulary = Vocabulary(rng)
    return {
        "seed": seed,
        "source": "rencai/search/data/corpus_titles.json",
        "realistic": realistic(realistic_count, rng, vocabulary),
        "broad": broad(broad_count, rng),
    }


def _check(data: dict[str, Any]) -> None:
    """Every stored query must parse (a bad filter value would measure an error page)."""
    import os

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rencai.settings")
    import django

    django.setup()
    from rencai.search.params import parse_params

    for query in [*data["realistic"], *data["broad"]]:
        parse_params({name: str(value) for name, value in query["params"].items()}, strict=True)


def load(realistic_count: int, broad_count: int) -> tuple[list[Query], list[Query]]:
    """The first ``realistic_count`` realistic and ``broad_count`` broad stored queries."""
    data = json.loads(QUERIES_FILE.read_text(encoding="utf-8"))
    stored_realistic: Sequence[Query] = data["realistic"]
    stored_broad: Sequence[Query] = data["broad"]
    if realistic_count > len(stored_realistic) or broad_count > len(stored_broad):
        raise SystemExit(
            f"{QUERIES_FILE.name} holds {len(stored_realistic)} realistic and "
            f"{len(stored_broad)} broad queries; regenerate with more "
            "(bench/search_queries.py --write --realistic N --broad M)"
        )
    return list(stored_realistic[:realistic_count]), list(stored_broad[:broad_count])


def as_query_params(query: Query) -> dict[str, str]:
    """A stored query as query-string values."""
    return {name: str(value) for name, value in query["params"].items()}


def _dumps(data: dict[str, Any]) -> str:
    """JSON with one query per line (reviewable diffs)."""

    def rows(queries: list[Query]) -> str:
        return ",\n".join("  " + json.dumps(query, ensure_ascii=False) for query in queries)

    head = {key: value for key, value in data.items() if key not in ("realistic", "broad")}
    return (
        json.dumps(head, ensure_ascii=False)[:-1]
        + ',\n "realistic": [\n'
        + rows(data["realistic"])
        + '\n ],\n "broad": [\n'
        + rows(data["broad"])
        + "\n ]\n}\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help=f"write {QUERIES_FILE.name}")
    parser.add_argument("--realistic", type=int, default=1000)
    parser.add_argument("--broad", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    data = generate(realistic_count=args.realistic, broad_count=args.broad, seed=args.seed)
    _check(data)
    text = _dumps(data)
    if args.write:
        QUERIES_FILE.write_text(text, encoding="utf-8")
        print(
            f"wrote {len(data['realistic'])} realistic and {len(data['broad'])} broad "
            f"queries to {QUERIES_FILE}"
        )
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
