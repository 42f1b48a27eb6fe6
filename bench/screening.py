"""Posting screening throughput: print postings/s over generated postings (target ≥ 500/s).

Usage: ``.venv/bin/python bench/screening.py [--postings N] [--seed S]``. Runs on one core, no
database; the first posting (rule compilation, OpenCC dictionaries) is timed separately.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TITLES = [
    "销售代表",
    "前台文员",
    "仓库管理员",
    "Java开发工程师",
    "餐厅服务员",
    "会计",
    "保安",
    "客服专员",
]
DUTIES = [
    "负责客户开发与维护，完成销售目标。",
    "负责日常接待、电话转接和文件整理。",
    "负责货物出入库登记与盘点，熟悉WMS系统。",
    "参与后端服务设计与开发，熟悉Spring Boot、MySQL和Redis。",
    "负责餐厅点餐、传菜和环境清洁，服务热情。",
    "负责账务处理、纳税申报和报表编制。",
]
REQUIREMENTS = [
    "本科及以上学历，3年以上相关工作经验，沟通能力强。",
    "大专及以上学历，男女不限，熟练使用办公软件。",
    "身体健康，能适应倒班，有C1驾照者优先。",
    "熟悉相关法规，持有会计从业资格。",
]
BENEFITS = [
    "五险一金，带薪年假，节日福利。",
    "包吃住，月休4天，加班另计。",
    "双休，年终奖，定期体检。",
]
# One posting in five carries something the engine must find.
PROBLEMS = [
    "限男性，35岁以下。",
    "僅限本地戶口，已婚已育優先。",
    "入职需交押金300元，身份证原件交公司保管。",
    "高薪日结，在家就能做，加V信 abc123 详谈。",
    "限定985、211，形象气质佳，身高165以上。",
    "柬埔寨客服 月薪3万 包机票 无需经验",
    "联系电话 138-1234-5678，详见 https://example.com",
]


def generate(count: int, rng: random.Random) -> list[dict[str, str]]:
    """``count`` postings of typical length (title, description, requirements, benefits)."""
    postings = []
    for _ in range(count):
        description = "".join(rng.sample(DUTIES, 3))
        requirements = "".join(rng.sample(REQUIREMENTS, 2))
        if rng.random() < 0.2:
            requirements += rng.choice(PROBLEMS)
        postings.append(
            {
                "title": rng.choice(TITLES),
                "description": description,
                "requirements": requirements,
                "benefits": rng.choice(BENEFITS),
            }
        )
    return postings


def main() -> None:
    """Generate postings, screen them all and print the throughput."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postings", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=44)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rencai.settings")
    import django

    django.setup()
    from rencai.jobs.screening.engine import screen

    postings = generate(args.postings, random.Random(args.seed))
    start = time.perf_counter()
    screen(postings[0])
    warm_up = time.perf_counter() - start

    verdicts: dict[str, int] = {}
    start = time.perf_counter()
    for posting in postings:
        verdict = screen(posting).verdict
        verdicts[verdict] = verdicts.get(verdict, 0) + 1
    elapsed = time.perf_counter() - start
    characters = sum(len(text) for posting in postings for text in posting.values())
    print(f"first posting (compile rules, load OpenCC): {warm_up * 1000:.0f} ms")
    print(
        f"screened {len(postings)} postings ({characters / len(postings):.0f} characters each) "
        f"in {elapsed:.2f} s: {len(postings) / elapsed:,.0f} postings/s "
        f"({elapsed * 1000 / len(postings):.2f} ms each)"
    )
    print("verdicts:", ", ".join(f"{key} {value}" for key, value in sorted(verdicts.items())))


if __name__ == "__main__":
    main()
