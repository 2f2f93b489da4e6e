"""Refuse JSON nested too deep before `json.loads` recurses into it.

`json.loads('[' * 100_000)` raises RecursionError — a 500 on every JSON endpoint and in the
rule editor. `nesting_depth` counts brackets outside strings in one regular-expression pass,
so a hostile body costs a scan, not a stack.
"""

from __future__ import annotations

import re

# Rules nest a few levels (and/or/not around conditions); nothing legitimate comes near this.
MAX_JSON_DEPTH = 64

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def nesting_depth(text: str, *, stop_at: int = MAX_JSON_DEPTH) -> int:
    """The deepest bracket nesting in `text` (strings skipped); stops counting past `stop_at`."""
    depth = deepest = 0
    for match in _BRACKET.finditer(_STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > stop_at:
                    return deepest
        else:
            depth = max(depth - 1, 0)
    return deepest


def too_deep(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    return nesting_depth(text, stop_at=limit) > limit
