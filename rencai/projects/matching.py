"""Project–talent matching: rank talents by how relevant their expertise is to a project's need.

Pure Python (no Django): the app's selectors feed it texts and cache the index.

- **Segmentation** with `rjieba` (the Rust binding of jieba) in search mode, plus the domain
  dictionary `data/domain_dict.txt`, so a technique stays one term (焊缝跟踪, 磷酸铁锂) while
  its parts are terms too. Stop words and one-character terms are dropped.
- **BM25** (`bm25s`, Lucene's variant) over the segmented expertise texts: the main signal.
- **Character-bigram TF-IDF** cosine as the second signal, so that a need and a profile that
  segment differently (苕粉 / 红薯粉条) still meet on shared bigrams.
- The **reason** shown beside a candidate is the need's terms found in their expertise.

The weights were chosen on the tuning half of `data/labelled.json` (RELEVANCE.md);
`bench/matching.py` reports the held-back half beside the shared-keyword baseline.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import bm25s
import numpy as np
import rjieba

DATA = Path(__file__).resolve().parent / "data"
# The weight of the bigram cosine beside the normalised BM25 score (tuned on the tuning half).
BIGRAM_WEIGHT = 0.5
MAX_REASONS = 8
STOP_WORDS = frozenset(
    word
    for line in (DATA / "stop_words.txt").read_text(encoding="utf-8").splitlines()
    if not line.startswith("#")
    for word in line.split()
)
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_WORD = re.compile(r"[\w\u4e00-\u9fff]")


@cache
def _segmenter() -> rjieba.Jieba:
    jieba = rjieba.Jieba()
    for line in (DATA / "domain_dict.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, *rest = line.split()
        jieba.add_word(word, int(rest[0]) if rest else None, None)
    return jieba


def terms(text: str) -> list[str]:
    """The search terms of a text: its words and their dictionary parts, lower-cased, without
    stop words, punctuation or single characters."""
    words = _segmenter().cut_for_search(text or "")
    return [
        w.lower()
        for w in (w.strip() for w in words)
        if len(w) > 1 and _WORD.search(w) and w.lower() not in STOP_WORDS
    ]


def bigrams(text: str) -> Counter[str]:
    grams: Counter[str] = Counter()
    for run in _CJK_RUN.findall(text or ""):
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
    return grams


@dataclass(frozen=True)
class Candidate:
    """One ranked talent: their key, the score and the need's terms found in their expertise."""

    key: int | str
    score: float
    reasons: tuple[str, ...]


class Index:
    """A ranking index over expertise documents, built once and queried many times."""

    def __init__(self, documents: Sequence[tuple[int | str, str]]) -> None:
        self.keys = [key for key, _text in documents]
        self.doc_terms = [terms(text) for _key, text in documents]
        self._term_sets = [set(t) for t in self.doc_terms]
        self._bm25: bm25s.BM25 | None = None
        if any(self.doc_terms):
            self._bm25 = bm25s.BM25()
            self._bm25.index([t or ["\u0000"] for t in self.doc_terms], show_progress=False)
        grams = [bigrams(text) for _key, text in documents]
        df: Counter[str] = Counter()
        for g in grams:
            df.update(g.keys())
        n = len(documents)
        self._idf = {g: math.log((1 + n) / (1 + c)) + 1 for g, c in df.items()}
        self._vectors = [self._weigh(g) for g in grams]

    def __len__(self) -> int:
        return len(self.keys)

    def _weigh(self, grams: Counter[str]) -> dict[str, float]:
        vec = {g: (1 + math.log(c)) * self._idf.get(g, 0.0) for g, c in grams.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {g: v / norm for g, v in vec.items()}

    def bm25_scores(self, query: list[str]) -> np.ndarray:
        if self._bm25 is None or not query:
            return np.zeros(len(self.keys))
        return np.asarray(self._bm25.get_scores(query), dtype=float)

    def bigram_scores(self, text: str) -> np.ndarray:
        q = self._weigh(bigrams(text))
        return np.array([sum(w * d.get(g, 0.0) for g, w in q.items()) for d in self._vectors])

    def rank(self, need: str, *, limit: int = 10) -> list[Candidate]:
        """The `limit` best talents for a need, best first; talents sharing nothing are left out."""
        if not self.keys:
            return []
        query = terms(need)
        bm25 = self.bm25_scores(query)
        gram = self.bigram_scores(need)
        top = bm25.max()
        score = (bm25 / top if top > 0 else bm25) + BIGRAM_WEIGHT * gram
        order = sorted(range(len(self.keys)), key=lambda i: (-score[i], str(self.keys[i])))
        ranked = []
        for i in order[:limit]:
            if score[i] <= 0:
                break
            found = dict.fromkeys(t for t in query if t in self._term_sets[i])
            reasons = tuple(t for t in found if not any(t != o and t in o for o in found))
            ranked.append(Candidate(self.keys[i], float(score[i]), reasons[:MAX_REASONS]))
        return ranked


def rank_by_shared_keywords(
    documents: Iterable[tuple[int | str, str]], need: str, *, limit: int = 10
) -> list[Candidate]:
    """The baseline: the number of distinct keywords the need and the expertise share (the same
    segmentation, no weighting); ties by key."""
    wanted = set(terms(need))
    scored = []
    for key, text in documents:
        shared = wanted & set(terms(text))
        if shared:
            scored.append(Candidate(key, float(len(shared)), tuple(sorted(shared))))
    scored.sort(key=lambda c: (-c.score, str(c.key)))
    return scored[:limit]
