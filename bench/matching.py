"""Project–talent matching quality and speed on the labelled set.

    .venv/bin/python bench/matching.py [--split held|tune]

Prints precision@5 and recall@10 for the ranker (jieba segmentation with the domain dictionary,
BM25, character-bigram TF-IDF) and for the shared-keyword baseline on the same half of
`rencai/projects/data/labelled.json` (the held-back half by default; RELEVANCE.md), then the time
to build an index over N talents and to rank one need against it.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rencai.projects.matching import Index  # noqa: E402
from rencai.projects.quality import compare, documents, labelled_set  # noqa: E402


def timing(sizes: list[int]) -> None:
    docs = documents()
    needs = [p["need"] for p in labelled_set()["projects"]]
    rng = random.Random(0)
    for n in sizes:
        pool = [(i, docs[rng.randrange(len(docs))][1]) for i in range(n)]
        start = time.perf_counter()
        index = Index(pool)
        built = time.perf_counter() - start
        runs = []
        for need in needs:
            start = time.perf_counter()
            index.rank(need, limit=20)
            runs.append(time.perf_counter() - start)
        print(
            f"{n:>7} talents: build {built * 1000:8.1f} ms, "
            f"rank p50 {statistics.median(runs) * 1000:6.1f} ms, max {max(runs) * 1000:6.1f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="held", choices=["held", "tune"])
    parser.add_argument("--sizes", default="100,1000,10000")
    args = parser.parse_args()
    results = compare(args.split)
    n = results["ranker"].projects
    print(f"{args.split} half: {n} projects, {len(labelled_set()['talents'])} talents")
    print(f"{'':10} precision@5  recall@10")
    best = sum(
        min(len(p["relevant"]), 5) for p in labelled_set()["projects"] if p["split"] == args.split
    )
    print(f"{'ceiling':10} {best / 5 / n:11.3f}  {1:9.3f}   (1-3 relevant talents a project)")
    for name, s in results.items():
        print(f"{name:10} {s.precision_at_5:11.3f}  {s.recall_at_10:9.3f}")
    if args.sizes:
        timing([int(s) for s in args.sizes.split(",")])


if __name__ == "__main__":
    main()
