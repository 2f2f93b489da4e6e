"""Measuring the ranker on the labelled set (`data/labelled.json`, criteria in RELEVANCE.md).

Pure Python: `bench/matching.py` prints these numbers and `tests/test_matching_quality.py`
holds the ranker above the shared-keyword baseline on the held-back half.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from statistics import mean
from typing import Any

from .matching import DATA, Candidate, Index, rank_by_shared_keywords

DEGREES = {"bachelor": "学士", "master": "硕士", "doctorate": "博士"}


@cache
def labelled_set() -> dict[str, Any]:
    return json.loads((DATA / "labelled.json").read_text(encoding="utf-8"))


def expertise_text(talent: dict[str, str]) -> str:
    """A labelled talent's expertise as the app builds it (`expertise.expertise_text`)."""
    return "\n".join(
        part
        for part in (
            talent.get("major", ""),
            DEGREES.get(talent.get("degree", ""), ""),
            talent.get("title", ""),
            talent.get("employer", ""),
            talent.get("profile", ""),
        )
        if part
    )


@dataclass(frozen=True)
class Scores:
    precision_at_5: float
    recall_at_10: float
    projects: int


def evaluate(rank: Callable[[str], Sequence[Candidate]], split: str) -> Scores:
    """Mean precision@5 and recall@10 of `rank(need)` over one half of the labelled set."""
    projects = [p for p in labelled_set()["projects"] if p["split"] == split]
    precisions, recalls = [], []
    for project in projects:
        relevant = set(project["relevant"])
        ranked = [c.key for c in rank(f"{project['title']}\n{project['need']}")]
        precisions.append(len(relevant & set(ranked[:5])) / 5)
        recalls.append(len(relevant & set(ranked[:10])) / len(relevant))
    return Scores(mean(precisions), mean(recalls), len(projects))


def documents() -> list[tuple[int | str, str]]:
    return [(t["key"], expertise_text(t)) for t in labelled_set()["talents"]]


def compare(split: str = "held") -> dict[str, Scores]:
    """The ranker and the baseline on the same half."""
    docs = documents()
    index = Index(docs)
    return {
        "ranker": evaluate(lambda need: index.rank(need, limit=10), split),
        "baseline": evaluate(lambda need: rank_by_shared_keywords(docs, need, limit=10), split),
    }
