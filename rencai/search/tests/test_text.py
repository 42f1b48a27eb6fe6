"""The normaliser, the segmenter, query analysis, the data files and snippets."""

from __future__ import annotations

import re

import pytest
from django.utils.safestring import SafeString

from rencai.search import text
from rencai.search.snippets import ELLIPSIS, highlight, match_spans, snippet
from rencai.search.text import (
    MAX_QUERY_TERMS,
    QueryTerm,
    analyse_query,
    dictionary_version,
    highlight_words,
    index_text,
    normalise,
    normalise_with_offsets,
    segment,
    user_words,
)

# --- normalise ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Ｊａｖａ　开发", "java 开发"),  # full-width letters and the ideographic space
        ("Ｃ＋＋／Ｃ＃", "c++/c#"),
        ("５年以上", "5年以上"),
        ("會計 護士 網絡銷售", "会计 护士 网络销售"),  # Traditional → Simplified
        ("PYTHON Django", "python django"),
        ("Spring Boot", "springboot"),  # phrases.txt
        ("spring-boot、Spring_Cloud", "springboot、springcloud"),
        ("Ｓｐｒｉｎｇ　Ｂｏｏｔ", "springboot"),  # full-width first, then the phrase
        ("SQL Server", "sqlserver"),
        ("nodejs 和 Vue JS", "node.js 和 vue.js"),
        ("C Sharp", "c#"),
        ("Machine Learning", "机器学习"),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_phrases_only_match_whole_words() -> None:
    assert normalise("MySQL Server") == "mysql server"
    assert normalise("big database") == "big database"


def test_normalise_with_offsets_points_back_to_the_original_characters() -> None:
    assert normalise_with_offsets("ＨＲ會計") == ("hr会计", [0, 1, 2, 3])
    # NFKC can turn one character into several: each keeps the index of its source.
    assert normalise_with_offsets("ﬁ會") == ("fi会", [0, 0, 1])


# --- segment -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "word"),
    [
        ("大数据", "大数据"),
        ("新媒体运营", "新媒体运营"),
        ("大客户销售", "大客户销售"),
        ("短视频运营", "短视频运营"),
        ("带货主播", "带货主播"),
        ("后端", "后端"),
        ("C++", "c++"),
        ("C#", "c#"),
        (".NET", ".net"),
        ("ASP.NET", "asp.net"),
        ("Spring Boot", "springboot"),
        ("Web前端", "web前端"),
        ("Go语言", "go语言"),
    ],
)
def test_dictionary_words_stay_whole_in_precise_mode(raw: str, word: str) -> None:
    assert segment(raw, mode="precise") == [word]


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("有大客户销售经验", ["有", "大客户销售", "经验"]),  # jieba alone: 有大/客户/销售
        ("招聘C++工程师", ["招聘", "c++", "工程师"]),
        ("C#/.NET开发", ["c#", ".net", "开发"]),
        ("熟悉Spring Boot后端开发", ["熟悉", "springboot", "后端开发"]),
        ("做后端的同学", ["做", "后端", "的", "同学"]),  # jieba alone: 做后/端的
        ("Java、Python；C++。", ["java", "python", "c++"]),  # punctuation dropped
    ],
)
def test_precise_mode_in_context(raw: str, words: list[str]) -> None:
    assert segment(raw, mode="precise") == words


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("测试工程师", {"测试工程师", "测试", "工程师", "工程"}),
        ("新媒体运营", {"新媒体运营", "新媒体", "媒体", "运营"}),
        ("大客户销售", {"大客户销售", "大客户", "客户", "销售"}),
        ("后端开发", {"后端开发", "后端", "开发"}),
    ],
)
def test_search_mode_adds_sub_words(raw: str, expected: set[str]) -> None:
    words = segment(raw)
    assert expected <= set(words)
    assert set(segment(raw, mode="precise")) <= set(words)


@pytest.mark.parametrize(
    ("title", "word"),
    [
        ("客房清洁员", "清洁员"),
        ("超市收银员", "收银员"),
        ("外贸跟单员", "跟单员"),
        ("同城配送员", "配送员"),
        ("电话销售员", "销售员"),
        ("交互设计师", "设计师"),
        ("土木工程师", "工程师"),
        ("装卸搬运工", "搬运工"),
    ],
)
def test_compound_words_leave_the_title_word_of_a_longer_title(title: str, word: str) -> None:
    # A dictionary compound (客房清洁, 外贸跟单 …) must not take the 员/师/工 away from the
    # title word, or a search for the title word misses the posting.
    assert word in segment(title)


def test_search_mode_adds_the_latin_and_chinese_pieces_of_mixed_words() -> None:
    assert set(segment("Web前端")) == {"web前端", "web", "前端"}
    assert set(segment("Go语言")) == {"go语言", "go", "语言"}
    assert segment("java开发", mode="precise") == ["java", "开发"]  # not a dictionary word
    assert set(segment("java开发")) == {"java", "开发"}


def test_symbols_keep_their_words_apart() -> None:
    words = segment("熟悉C/C++和C#")
    assert {"c", "c++", "c#"} <= set(words)
    assert segment("C语言", mode="precise") == ["c", "语言"]


@pytest.mark.parametrize(
    "word", ["javascript", "typescript", "mysql", "redisson", "google", "build", "vuex"]
)
def test_longer_latin_words_are_not_cut_by_dictionary_words(word: str) -> None:
    # A plain Latin word in the dictionary ("java", "ui", "redis") would cut these.
    assert segment(word) == [word]


def test_segment_refuses_an_unknown_mode() -> None:
    with pytest.raises(ValueError, match="unknown segmentation mode"):
        segment("会计", mode="fast")


def test_index_text_joins_the_search_words_of_every_text() -> None:
    assert index_text("Java开发", "", "會計") == "java 开发 会计"


# --- analyse_query -----------------------------------------------------------------------


def test_synonyms_come_with_the_word() -> None:
    assert analyse_query("前端") == [QueryTerm("前端", ("web前端", "前端开发"))]
    assert analyse_query("会计") == [QueryTerm("会计", ("总账会计", "财务会计"))]
    assert analyse_query("财务会计") == [
        QueryTerm("财务会计", ("会计", "总账会计"), ("财务", "会计"))
    ]
    assert analyse_query("會計") == analyse_query("会计")
    assert analyse_query("Ｊａｖａ") == [QueryTerm("java")]


@pytest.mark.parametrize(
    ("query", "parts"),
    [
        ("测试工程师", ("测试", "工程师")),  # never the overlapping 试工
        ("大客户销售", ("大客户", "销售")),
        ("新媒体运营", ("新媒体", "运营")),
        ("人力资源专员", ("人力", "资源", "专员")),  # index sub-words are 2 or 3 characters
        ("会计", ()),  # two characters: nothing shorter
        ("叉车工", ()),  # 工 is no word: no exact cover
    ],
)
def test_parts_cover_the_word_exactly(query: str, parts: tuple[str, ...]) -> None:
    (term,) = analyse_query(query)
    assert term.parts == parts
    assert "".join(parts) in ("", term.word)


def test_stop_words_and_duplicates_are_dropped() -> None:
    assert [t.word for t in analyse_query("找 会计 和 出纳 的 工作")] == ["会计", "出纳", "工作"]
    assert [t.word for t in analyse_query("会计  会计 會計 出纳")] == ["会计", "出纳"]
    assert analyse_query("的 和 找") == []
    assert analyse_query("  ") == []


def test_a_query_keeps_at_most_max_query_terms() -> None:
    query = "java python c++ c# golang php ruby rust swift kotlin scala perl lua dart"
    words = query.split()
    assert len(words) > MAX_QUERY_TERMS
    assert [t.word for t in analyse_query(query)] == words[:MAX_QUERY_TERMS]


def test_highlight_words_are_every_alternative_and_part_longest_first() -> None:
    words = highlight_words(analyse_query("前端 测试工程师"))
    assert set(words) == {"前端", "web前端", "前端开发", "测试工程师", "测试", "工程师"}
    assert [len(w) for w in words] == sorted((len(w) for w in words), reverse=True)


# --- the data files ----------------------------------------------------------------------


def test_the_dictionary_has_one_version_line() -> None:
    lines = text.USER_DICTIONARY.read_text(encoding="utf-8").splitlines()
    versions = [line for line in lines if re.match(r"#\s*version:", line)]
    assert len(versions) == 1
    assert dictionary_version() == versions[0].split(":", 1)[1].strip()
    assert re.fullmatch(r"\d{4}\.\d+\.\d+", dictionary_version())


def test_dictionary_words_are_normalised_unique_and_effective() -> None:
    words = user_words()
    assert len(words) >= 300
    assert len(set(words)) == len(words)
    for word in words:
        assert normalise(word) == word, word  # lower case, half-width, Simplified
        assert segment(word, mode="precise") == [word], word  # the dictionary takes effect


def test_plain_latin_dictionary_words_are_phrase_targets_or_symbols() -> None:
    """A word of plain letters and digits would cut longer Latin words (java → javascript);
    the only ones allowed are the words phrases.txt produces."""
    targets = set(text._phrases()[1].values())
    plain = {word for word in user_words() if re.fullmatch(r"[0-9a-z]+", word)}
    assert plain <= targets
    assert {"c++", "c#", ".net", "asp.net", "springboot"} <= set(user_words())


def test_every_synonym_is_one_search_word_on_one_line() -> None:
    seen: set[str] = set()
    for line in text._data_lines(text.SYNONYMS):
        words = line.split()
        assert len(words) >= 2, line
        for word in words:
            assert segment(word, mode="precise") == [word], word
            assert word not in seen, word
            seen.add(word)


# --- snippets ----------------------------------------------------------------------------


def test_highlight_marks_matches_in_the_text_as_written() -> None:
    assert highlight("招聘會計助理", ["会计"]) == "招聘<mark>會計</mark>助理"
    assert highlight("熟悉Ｊａｖａ开发", ["java"]) == "熟悉<mark>Ｊａｖａ</mark>开发"
    assert highlight("C#/.NET开发", [".net", "c#"]) == "<mark>C#</mark>/<mark>.NET</mark>开发"
    assert isinstance(highlight("会计", ["会计"]), SafeString)


def test_highlight_escapes_the_posting_text() -> None:
    marked = highlight('<b onclick="x()">会计</b> & 出纳', ["会计"])
    assert marked == "&lt;b onclick=&quot;x()&quot;&gt;<mark>会计</mark>&lt;/b&gt; &amp; 出纳"
    assert highlight("<script>", []) == "&lt;script&gt;"


def test_longer_words_win_and_marks_never_overlap() -> None:
    assert match_spans("大客户销售经理", ["销售", "大客户销售"]) == [(0, 5)]
    assert match_spans("销售 大客户销售", ["销售", "大客户销售"]) == [(0, 2), (3, 8)]
    assert highlight("会计会计", ["会计"]) == "<mark>会计</mark><mark>会计</mark>"


def test_snippet_shows_the_text_around_the_first_match() -> None:
    body = "公司介绍。" * 30 + "负责会计核算和报税。" + "福利待遇。" * 30
    shown = snippet(body, ["会计"], length=40)
    assert shown.startswith(ELLIPSIS)
    assert shown.endswith(ELLIPSIS)
    assert "<mark>会计</mark>" in shown
    assert len(shown.replace("<mark>", "").replace("</mark>", "")) == 40 + 2


def test_snippet_without_a_match_starts_at_the_beginning() -> None:
    assert snippet("负责仓库\n收发货 <b>", ["会计"]) == "负责仓库 收发货 &lt;b&gt;"
    long = "仓库管理" * 40
    assert snippet(long, ["会计"], length=20) == "仓库管理" * 5 + ELLIPSIS


def test_snippet_near_the_end_has_no_trailing_ellipsis() -> None:
    body = "岗位职责说明。" * 20 + "持有護士執業證書"
    shown = snippet(body, ["护士"], length=30)
    assert shown.startswith(ELLIPSIS)
    assert shown.endswith("<mark>護士</mark>執業證書")
