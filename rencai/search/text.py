"""Chinese text for search: one normaliser and one segmenter for index and query time.

Everything that goes into the index or comes from a search box passes through
:func:`normalise` (NFKC, Traditional → Simplified per character, lower case) and then
:func:`segment` (rjieba with our user dictionary). Index time uses jieba's search mode, which
adds the sub-words of long words (工程师 → 工程, 工程师); query time uses precise mode and
expands a word into its sub-words only as an alternative (see :func:`analyse_query`). Using
the same function on both sides is what keeps recall (PERFORMANCE.md §1.4 item 5).

The user dictionary and the phrase list are data (``data/``) with a version; an index records
the :data:`DICTIONARY_VERSION` it was built with and is rebuilt when it differs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import rjieba
from opencc import OpenCC  # type: ignore[import-untyped]

DATA_DIR = Path(__file__).resolve().parent / "data"
USER_DICTIONARY = DATA_DIR / "userdict.txt"
PHRASES = DATA_DIR / "phrases.txt"
SYNONYMS = DATA_DIR / "synonyms.txt"
USER_WORD_FREQUENCY = 20000

MAX_QUERY_TERMS = 12
# Function words that carry no meaning in a job search; dropped from queries only (the index
# keeps them; a query of nothing but these is a blank search).
QUERY_STOPWORDS = frozenset(
    {"的", "了", "和", "与", "及", "或", "在", "是", "有", "等", "也", "就", "都", "而", "并"}
    | {"及其", "以及", "我", "你", "他", "她", "们", "找", "招"}
)
# A token is a search word if it has a letter, a digit or a CJK character (punctuation and
# whitespace are dropped). "c++" and "c#" keep their symbols; a lone "+" does not count.
_WORDISH = re.compile(r"[0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[a-z]")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SCRIPTS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[^\u3400-\u9fff\uf900-\ufaff]+")
_VERSION = re.compile(r"^#\s*version:\s*(\S+)")
_SPACES = re.compile(r"\s+")
_SEPARATORS = re.compile(r"[\s\-_]+")


def _data_lines(path: Path) -> list[str]:
    return [
        line.rstrip("\n")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


@cache
def dictionary_version() -> str:
    """The version line of the user dictionary (also covers the phrase list)."""
    for line in USER_DICTIONARY.read_text(encoding="utf-8").splitlines():
        match = _VERSION.match(line)
        if match:
            return match.group(1)
    raise RuntimeError(f"{USER_DICTIONARY} has no '# version:' line")


@cache
def _jieba() -> rjieba.Jieba:
    jieba = rjieba.Jieba()
    for word in user_words():
        jieba.add_word(word, USER_WORD_FREQUENCY, None)
    return jieba


@cache
def user_words() -> tuple[str, ...]:
    return tuple(line.split()[0] for line in _data_lines(USER_DICTIONARY))


@cache
def _phrases() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern matching every phrase (longest first) and what each becomes."""
    words: dict[str, str] = {}
    alternatives: list[tuple[int, str]] = []
    for line in _data_lines(PHRASES):
        phrase, _tab, word = line.partition("\t")
        parts = phrase.split()
        words["".join(parts)] = word.strip()
        alternatives.append((len(phrase), r"[\s\-_]*".join(map(re.escape, parts))))
    body = "|".join(pattern for _length, pattern in sorted(alternatives, reverse=True))
    return re.compile(rf"(?<![0-9a-z])(?:{body})(?![0-9a-z])"), words


def _phrase_word(match: re.Match[str]) -> str:
    key = _SEPARATORS.sub("", match.group(0))
    return _phrases()[1].get(key, match.group(0))


@cache
def _synonyms() -> dict[str, tuple[str, ...]]:
    table: dict[str, set[str]] = {}
    for line in _data_lines(SYNONYMS):
        words = [normalise(word) for word in line.split()]
        for word in words:
            table.setdefault(word, set()).update(w for w in words if w != word)
    return {word: tuple(sorted(others)) for word, others in table.items()}


@cache
def _t2s() -> OpenCC:
    return OpenCC("t2s")


@cache
def _char(char: str) -> str:
    """One character normalised: NFKC, Traditional → Simplified, lower case."""
    folded = unicodedata.normalize("NFKC", char)
    if len(folded) == 1 and "\u3400" <= folded <= "\ufaff":
        folded = _t2s().convert(folded)
    return folded.lower()


class _Folding(dict[int, str]):
    """``str.translate`` table filled on first use of each character (one C-level pass
    per text instead of a Python call per character)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _char(chr(code))
        if len(folded) != 1:
            _RESIZING.add(chr(code))
        return folded


_FOLDING = _Folding()
_RESIZING: set[str] = set()  # characters whose normal form has another length (㈠ → (一))


def normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, the index of the original
    character it came from (so a match can be highlighted in the text as written)."""
    folded = text.translate(_FOLDING)
    if len(folded) == len(text) and _RESIZING.isdisjoint(text):
        return folded, list(range(len(text)))
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        piece = _char(char)
        out.append(piece)
        origin.extend([index] * len(piece))
    return "".join(out), origin


def normalise(text: str) -> str:
    """Full-width → half-width, Traditional → Simplified, lower case, phrases joined."""
    folded = text.translate(_FOLDING)
    if _LATIN.search(folded):
        folded = _phrases()[0].sub(_phrase_word, folded)
    return folded


class _WordCheck(dict[str, bool]):
    """Whether a token is a search word, remembered per token (a rebuild checks each of a
    few hundred thousand distinct tokens millions of times)."""

    def __missing__(self, token: str) -> bool:
        if len(self) > 1_000_000:
            self.clear()
        is_word = self[token] = bool(_WORDISH.search(token))
        return is_word


_IS_WORD = _WordCheck()


def _words(tokens: Iterable[str]) -> list[str]:
    return [token for token in tokens if _IS_WORD[token]]


def _script_pieces(word: str) -> list[str]:
    """The Latin and the Chinese part of a mixed dictionary word (java开发 → java, 开发), so a
    search for either part finds it."""
    if not (_LATIN.search(word) and _HAN.search(word)):
        return []
    return [piece for piece in _SCRIPTS.findall(word) if _WORDISH.search(piece)]


@lru_cache(maxsize=200_000)
def _sub_words(word: str) -> tuple[str, ...]:
    """What search mode adds for one word: its dictionary sub-words that lie within one
    piece of the word's exact cover (测试工程师 = 测试 + 工程师 → 测试, 工程, 工程师, but
    not 试工, which straddles the two; 土木工程师 never yields 木工; 大客户销售 keeps 客户),
    and the Latin and Chinese parts of a mixed word."""
    pieces = _script_pieces(word)
    if pieces:
        return tuple(pieces)
    tokens = [
        (token, begin, stop)
        for token, begin, stop in _jieba().tokenize(word, "search", True)
        if (begin, stop) != (0, len(word)) and _WORDISH.search(token)
    ]
    inner = {begin for begin, _stop in _cover(word, tokens)} - {0}
    return tuple(
        dict.fromkeys(
            token
            for token, begin, stop in tokens
            if not any(begin < boundary < stop for boundary in inner)
        )
    )


def _cover(word: str, tokens: list[tuple[str, int, int]]) -> list[tuple[int, int]]:
    """The word as consecutive shorter tokens, the longest at each position; empty if
    some position starts no token."""
    longest: dict[int, int] = {}
    for _token, begin, stop in tokens:
        if (begin, stop) != (0, len(word)) and stop > longest.get(begin, begin):
            longest[begin] = stop
    spans: list[tuple[int, int]] = []
    position = 0
    while position < len(word):
        if position not in longest:
            return []
        spans.append((position, longest[position]))
        position = longest[position]
    return spans


def segment(text: str, *, mode: str = "search") -> list[str]:
    """The search words of ``text``: normalised, segmented, punctuation dropped.

    ``mode="search"`` (index time) adds sub-words of long words; ``mode="precise"`` (query
    time) gives each word once."""
    folded = normalise(text)
    if mode == "search":
        words: list[str] = []
        for word in _words(_jieba().cut(folded, True)):
            words.append(word)
            if len(word) > 2:
                words.extend(_sub_words(word))
        return words
    if mode == "precise":
        return _words(_jieba().cut(folded, True))
    raise ValueError(f"unknown segmentation mode {mode!r}")


class _IndexWords(dict[str, str]):
    """What one token contributes to an index text field, remembered per token: nothing for
    punctuation, the word itself, or the word and its sub-words (search mode), space-joined.
    A rebuild segments millions of texts made of a few hundred thousand distinct tokens, so
    one dictionary lookup per token replaces the checks of :func:`segment`."""

    def __missing__(self, token: str) -> str:
        if len(self) > 1_000_000:
            self.clear()
        words = [token] if _IS_WORD[token] else []
        if words and len(token) > 2:
            words.extend(_sub_words(token))
        joined = self[token] = " ".join(words)
        return joined


_INDEX_WORDS = _IndexWords()


def index_text(*texts: str) -> str:
    """Texts segmented in search mode, space-joined: what an index's text field holds (the
    words of :func:`segment` in search mode, in the same order)."""
    cut = _jieba().cut
    lookup = _INDEX_WORDS.__getitem__
    return " ".join(
        filter(
            None,
            (word for text in texts if text for word in map(lookup, cut(normalise(text), True))),
        )
    )


@dataclass(frozen=True)
class QueryTerm:
    """One word of a query and what may stand for it in a document.

    A document matches the term if it contains ``word``, or one of ``synonyms``, or all of
    ``parts`` (the word's own sub-words, so 软件测试工程师 still finds 软件测试 … 工程师)."""

    word: str
    synonyms: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()

    @property
    def alternatives(self) -> tuple[str, ...]:
        return (self.word, *self.synonyms)


def _parts(word: str) -> tuple[str, ...]:
    """The word as a sequence of shorter dictionary words that covers it exactly (测试工程师 →
    测试, 工程师; java开发 → java, 开发), or nothing if there is no such cover. Overlapping
    sub-words (试工) are never used, since they would narrow the match."""
    pieces = _script_pieces(word)
    if pieces:
        return tuple(dict.fromkeys(pieces))
    if len(word) < 3:
        return ()
    tokens = list(_jieba().tokenize(word, "search", True))
    parts = [word[begin:stop] for begin, stop in _cover(word, tokens)]
    return tuple(part for part in dict.fromkeys(parts) if _WORDISH.search(part))


def analyse_query(query: str) -> list[QueryTerm]:
    """The terms of a search box query: precise-mode words, each with its synonyms and
    sub-word expansion; duplicates dropped, at most :data:`MAX_QUERY_TERMS`."""
    terms: list[QueryTerm] = []
    seen: set[str] = set()
    synonyms = _synonyms()
    for word in segment(_SPACES.sub(" ", query).strip(), mode="precise"):
        if word in seen or word in QUERY_STOPWORDS:
            continue
        seen.add(word)
        terms.append(QueryTerm(word, synonyms.get(word, ()), _parts(word)))
        if len(terms) == MAX_QUERY_TERMS:
            break
    return terms


def highlight_words(terms: Iterable[QueryTerm]) -> list[str]:
    """Every string a snippet should mark for these terms, longest first."""
    words = {w for term in terms for w in (*term.alternatives, *term.parts)}
    return sorted(words, key=len, reverse=True)
