"""The posting screening engine against COMPLIANCE.md §9 (DIS-01, DIS-02, DIS-10, JOB-07)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.utils import translation

from rencai.jobs.screening import engine
from rencai.jobs.screening.engine import (
    RISK_REVIEW_THRESHOLD,
    RuleFileError,
    compiled_rules,
    load_rules,
    risk_score,
    screen,
)
from rencai.jobs.screening.normalise import chinese_number, normalise

SCREENING_DIR = Path(engine.__file__).resolve().parent

# COMPLIANCE.md §9.1 and §9.2, ILLEGAL rows (and DIS-10's examples): each must block.
ILLEGAL = [
    # gender
    "限男性",
    "仅限男生",
    "只招男",
    "男性优先",
    "男士优先",
    "限女性",
    "女性优先",
    "仅招女生",
    "女士勿扰",
    "不招女",
    "男生女生比例3:1",
    "适合男性",
    "年轻女性",
    # marital / childbearing / pregnancy
    "已婚已育优先",
    "已婚已育",
    "限未婚",
    "未婚优先",
    "单身",
    "三年内不得生育",
    "入职两年内不能怀孕",
    "需签不生育承诺书",
    "孕妇勿扰",
    "二胎妈妈勿扰",
    "有无生育计划",
    "需提供婚育证明",
    "入职体检含妊娠检查",
    "入职体检含孕检",
    # ethnicity / race
    "限汉族",
    "仅招汉族",
    "少数民族勿扰",
    "不招维吾尔族",
    "不招藏族",
    "黑人勿扰",
    # religion
    "不招穆斯林",
    "有宗教信仰者勿扰",
    "信教者勿扰",
    "需信仰基督教",
    # hukou / region / origin
    "仅限本地户口",
    "限本市户籍",
    "需北京户口",
    "本地人优先",
    "外地人勿扰",
    "不要河南人",
    "东北人勿扰",
    "新疆/西藏籍勿扰",
    "限湖南籍",
    "非本省人员不考虑",
    # identity
    "农民工勿扰",
    "限城镇户口",
    "不招农村户口",
    "限非农业户口",
    # disability
    "无残疾",
    "肢体健全",
    "身体无残疾",
    "残疾人勿扰",
    "五官端正无缺陷",
    # HBV
    "乙肝勿扰",
    "乙肝携带者免谈",
    "乙肝病毒携带者不要",
    "需提供乙肝五项/两对半",
    "体检含乙肝检测",
    "无传染病携带",
    # fees and deposits
    "需交押金",
    "入职押金",
    "保证金",
    "岗位稳定金",
    "诚意金",
    "服装费",
    "工装费",
    "先交服装费",
    "培训费",
    "报名费",
    "资料费",
    "资料审核费",
    "体检费由公司代收",
    "办证费",
    "住宿押金",
    "保密费",
    "内推费",
    "介绍费",
    "入职需交押金300元",
    # a 0 inside an amount is not "zero" (it once excused these)
    "先交300元服装费",
    "交500保证金",
    "需交2000元培训费",
    # ID and certificate seizure
    "扣押身份证",
    "身份证原件交公司保管",
    "押毕业证",
    "证件原件入职时上交",
    "护照统一保管",
    # order brushing and task scams
    "刷单",
    "刷信誉",
    "点赞返佣",
    "做任务返利",
    "垫付",
    "连单",
    "卡单",
    "解冻费",
    "充值做单",
    # loans, 招转培
    "培训贷",
    "先学后付",
    "分期付学费",
    "招转培",
    "考证包就业",
    "网络贷款",
    # paid referrals, guaranteed hiring
    "保录取",
    "保过",
    "包入编",
    "付费内推",
    # transfer requests
    "先转账",
    "先付款",
    "扫码支付",
    "刷流水",
    "出借银行卡",
    "跑分",
    "收U",
    # off-platform diversion
    "加微信",
    "加VX",
    "加V信",
    "加wx",
    "加薇",
    "加QQ",
    "加扣扣",
    "加Q群",
    "私聊",
    "加群",
    "下载某某APP",
    "扫二维码",
    "点击链接",
    "电话13812345678",
    # pyramid selling
    "发展下线",
    "拉人头",
    "购买产品入职",
    # minors
    "14岁以上即可",
    "初中生可",
]

# §9 CONTESTED rows and the overseas/bait high-risk rows: each needs a manual review.
CONTESTED = [
    "35岁以下",
    "年龄18-35周岁",
    "限30岁以内",
    "90后",
    "95后优先",
    "00后",
    "仅限985/211",
    "限双一流",
    "第一学历985",
    "非985勿扰",
    "限定985、211",
    "身高165以上",
    "男175女160以上",
    "形象气质佳",
    "颜值高",
    "五官端正",
    "体重100斤以下",
    "无纹身",
    "高薪日结",
    "日结500+",
    "日赚300",
    "月入过万轻松",
    "一部手机就能赚钱",
    "无需经验 高薪",
    "兼职打字员",
    "打字录入",
    "手工抄写",
    "在线录入 日结",
    "包就业",
    "直签",
    "内推",
    "柬埔寨客服 月薪3万 包机票 无需经验",
    "东南亚高薪",
    "包机票包食宿",
    "出国务工 无需护照",
]

# §9 ALLOW row and the lawful examples: none may be flagged at all.
ALLOW = [
    "男女不限",
    "性别不限",
    "年龄不限",
    "不限户籍",
    "欢迎残疾人",
    "残疾人优先",
    "退役军人优先",
    "少数民族优先",
    "欢迎应届生",
    "本科及以上学历",
    "持有C1驾照",
    "需无犯罪记录证明",
    "五险一金",
    "不收取任何费用",
    "0元服装费",
    "服装费0元，公司统一发放",
    "身体健康",
    "16岁以上",
    "18岁以上",
    "年满十八周岁",
    "男装导购",
    "妇产科护士",
    "民族乐器",
    "押运员",
    "公司提供免费培训",
    "无押金",
    "体检费由公司承担",
    "单身公寓",
    "熟悉微信公众号运营",
    "熟悉ASP.NET开发",
    "工作地点：上海市浦东新区",
    "负责客户维护与开发，每周双休，五险一金，带薪年假。",
    "负责收取客户押金并登记",
    "负责3-6岁幼儿教学",
    "面向12岁以上青少年的编程课程助教",
    "负责投标保证金管理",
    "负责收取物业管理费",
    "入职需携带身份证原件及复印件",
    "提供员工宿舍（单身宿舍）",
    "负责公司微信公众号和抖音账号运营",
    "公司地址：北京市朝阳区建国路88号",
    "薪资8000-12000元/月，13薪，工作时间9:00-18:00",
]

# Evasions of ILLEGAL examples (DIS-02): each must still block.
EVASIONS = [
    "限 男 性",
    "限-男-性",
    "限*男*性",
    "限　男　性",
    "限\u200b男性",
    "僅限男生",
    "只招男",
    "nan性优先",
    "女xing勿扰",
    "ｎａｎ性优先",
    "限本地戶口",
    "已婚已育優先",
    "入職兩年內不能懷孕",
    "三年内不得生育",
    "乙 肝 勿 扰",
    "扣押身份證",
    "需交押·金",
    "加 V 信",
    "加ｖｘ",
    "薇信 abc123",
    "扣扣 12345678",
    "一三八一二三四五六七八",
    "138-1234-5678",
    "１３８１２３４５６７８",
    "十四岁以上即可",
]


@pytest.mark.parametrize("text", ILLEGAL)
def test_illegal_examples_block(text: str) -> None:
    result = screen({"description": text})
    assert result.verdict == "block", result.findings


@pytest.mark.parametrize("text", CONTESTED)
def test_contested_examples_review(text: str) -> None:
    result = screen({"description": text})
    assert result.verdict == "review", result.findings


@pytest.mark.parametrize("text", ALLOW)
def test_allowed_examples_pass_without_findings(text: str) -> None:
    result = screen({"requirements": text})
    assert result.verdict == "pass"
    assert result.findings == ()


@pytest.mark.parametrize("text", EVASIONS)
def test_evasions_still_block(text: str) -> None:
    assert screen({"title": text}).verdict == "block", normalise(text).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("三十五岁", "35岁"),
        ("十八", "18"),
        ("一百零五元", "105元"),
        ("ＡＢＣ１２３", "abc123"),
        ("限 男 性", "限男性"),
        ("限-男", "限男"),
        ("18-35岁", "18-35岁"),
        ("wx abc123", "微信 abc123"),
        ("nan性", "男性"),
        ("V信", "微信"),
        ("女xing", "女性"),
        ("扣扣", "qq"),
        ("僅限男生", "仅限男生"),
        ("五险一金", "五险一金"),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text).text == expected


def test_chinese_number() -> None:
    assert chinese_number("三十五") == 35
    assert chinese_number("十八") == 18
    assert chinese_number("零一零") == "010"


def test_span_covers_original_characters_including_separators() -> None:
    text = "岗位要求：限 男 性，35岁以下"
    findings = screen({"requirements": text}).findings
    gender = next(f for f in findings if f.category == "gender")
    assert text[gender.start : gender.end] == "限 男 性"
    assert gender.text == "限 男 性"
    assert gender.field == "requirements"
    age = next(f for f in findings if f.category == "age")
    assert text[age.start : age.end] == "35岁以下"


@pytest.mark.parametrize(
    ("text", "covered"),
    [
        ("年龄要求三十五岁以下", "年龄要求三十五岁以下"),
        ("招聘：nan性优先。", "nan性优先"),
        ("要求：僅限男生", "僅限男生"),
        ("ｎａｎ性优先", "ｎａｎ性优先"),
        ("欢迎加V信 abc123 详谈", "加V信 abc123"),
    ],
)
def test_spans_of_rewritten_text(text: str, covered: str) -> None:
    finding = screen({"description": text}).findings[0]
    assert text[finding.start : finding.end] == covered


@pytest.mark.parametrize(
    "text",
    [
        "联系电话 13812345678",
        "手机：+86 138 1234 5678",
        "座机 010-12345678",
        "加V信 abc123",
        "微信号：hr_zhang88",
        "QQ：12345678",
        "详情见 https://example.com/jobs",
        "www.example.cn",
        "简历发送至 hr@example.com",
    ],
)
def test_diversion_blocks(text: str) -> None:
    result = screen({"description": text})
    assert result.verdict == "block"
    assert {f.category for f in result.findings} == {"diversion"}
    assert all(f.rule == "JOB-07" for f in result.findings)


def test_dis10_examples_block_with_rule_id() -> None:
    result = screen({"description": "入职需交押金300元", "benefits": "身份证原件交公司保管"})
    assert result.verdict == "block"
    assert [(f.field, f.category, f.rule) for f in result.findings] == [
        ("description", "fee_deposit", "DIS-10"),
        ("benefits", "id_seizure", "DIS-10"),
    ]


def test_education_tier_and_age_review() -> None:
    assert screen({"requirements": "限定985、211"}).verdict == "review"
    assert screen({"requirements": "35岁以下"}).verdict == "review"
    assert {f.category for f in screen({"requirements": "35岁以下"}).findings} == {"age"}


def test_overseas_bait_reviews_frd06() -> None:
    result = screen({"title": "柬埔寨客服 月薪3万 包机票 无需经验"})
    assert result.verdict == "review"
    assert "FRD-06" in {f.rule for f in result.findings}


def test_warn_only_passes() -> None:
    result = screen({"description": "党员优先"})
    assert result.verdict == "pass"
    assert [f.severity for f in result.findings] == ["warn"]


def test_verdict_is_the_worst_severity_over_fields() -> None:
    result = screen({"title": "销售代表", "requirements": "35岁以下", "description": "限男性"})
    assert result.verdict == "block"
    assert {f.field for f in result.findings} == {"requirements", "description"}


def test_empty_fields_pass() -> None:
    assert screen({"title": "", "description": "  "}).verdict == "pass"


def test_explanations_are_translated() -> None:
    finding = screen({"title": "限男性"}).findings[0]
    rule = next(rule for rule in compiled_rules() if rule.code == finding.code)
    with translation.override("en"):
        assert str(finding.explanation) == rule.explanation_msgid
        assert str(finding.suggestion) == rule.suggestion_msgid


def test_every_msgid_has_a_chinese_translation() -> None:
    catalogue = json.loads((SCREENING_DIR / "zh_hans.json").read_text(encoding="utf-8"))
    msgids = {rule.explanation_msgid for rule in compiled_rules()}
    msgids |= {rule.suggestion_msgid for rule in compiled_rules()}
    assert msgids <= catalogue.keys()
    assert all(catalogue[msgid] for msgid in msgids)
    assert set(catalogue) <= msgids, "zh_hans.json has msgids no rule uses"


def test_rule_ids_and_categories_are_valid() -> None:
    rules = compiled_rules()
    assert len({rule.code for rule in rules}) == len(rules)
    assert {rule.category for rule in rules} <= engine.CATEGORIES
    assert {rule.category for rule in rules} == engine.CATEGORIES


def test_bad_rule_file_names_file_and_rule(tmp_path: Path) -> None:
    (tmp_path / "x.toml").write_text(
        "[[rules]]\nid = 'X-1'\nrule = 'DIS-01'\ncategory = 'gender'\nseverity = 'block'\n"
        "patterns = ['限(男']\nexplanation = 'e'\nsuggestion = 's'\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleFileError, match=r"x\.toml rule X-1: bad pattern"):
        load_rules(tmp_path)


def test_unknown_category_and_placeholder_rejected(tmp_path: Path) -> None:
    (tmp_path / "x.toml").write_text(
        "[[rules]]\nid = 'X-1'\nrule = 'DIS-01'\ncategory = 'height'\nseverity = 'block'\n"
        "patterns = ['a']\nexplanation = 'e'\nsuggestion = 's'\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleFileError, match="unknown category"):
        load_rules(tmp_path)
    (tmp_path / "x.toml").write_text(
        "[[rules]]\nid = 'X-1'\nrule = 'DIS-01'\ncategory = 'gender'\nseverity = 'block'\n"
        "patterns = ['{{NOPE}}']\nexplanation = 'e'\nsuggestion = 's'\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleFileError, match="undefined placeholder"):
        load_rules(tmp_path)


def test_operator_rule_file_with_defines_and_unless(tmp_path: Path) -> None:
    (tmp_path / "local.toml").write_text(
        "[defines]\nWHO = '(?:猫|狗)'\n"
        "[[rules]]\nid = 'X-1'\nrule = 'DIS-01'\ncategory = 'appearance'\nseverity = 'review'\n"
        "patterns = ['{{WHO}}勿扰']\nunless = ['不是{{WHO}}勿扰']\n"
        "explanation = 'e'\nsuggestion = 's'\n",
        encoding="utf-8",
    )
    rules = load_rules(tmp_path)
    assert [f.text for f in engine.screen_text("t", "猫 勿扰，不是狗勿扰", rules)] == ["猫 勿扰"]


def test_risk_score() -> None:
    bait = {"title": "在家兼职 日结 轻松 无需经验"}
    assert risk_score(bait, pay_max_monthly=30_000) >= RISK_REVIEW_THRESHOLD
    clean = {"title": "会计", "description": "负责账务处理，五险一金"}
    assert risk_score(clean, pay_max_monthly=9_000) < RISK_REVIEW_THRESHOLD
    assert risk_score(clean, pay_max_monthly=None) == 0
    assert risk_score({"title": "刷单"}, pay_max_monthly=None) >= RISK_REVIEW_THRESHOLD
    assert risk_score(clean, pay_max_monthly=20_000) < RISK_REVIEW_THRESHOLD
