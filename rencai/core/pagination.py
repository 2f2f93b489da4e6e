"""A paginator for lists that can be huge (the registry, the desk's cases): a capped count.

Django's paginator counts every row of the list (`SELECT count(*)`) to number the pages: for
the whole registry, or a common surname, that count costs more than the page itself. This one
counts at most `cap` + 1 rows (`SELECT count(*) FROM (… LIMIT 1001)`): over the cap the list
says "more than 1,000" and has no last page; "next" still reaches every page (a page beyond
the cap counts up to its own end, plus one row to know whether there is a next).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any

from django.core.paginator import Paginator

COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """`Paginator` whose count stops after `cap` rows (or the requested page's end)."""

    def __init__(
        self,
        object_list: Any,
        per_page: int,
        *,
        cap: int | None = None,
        few_rows_order: Sequence[Any] = (),
        **kwargs: Any,
    ):
        """`few_rows_order`: the list's ordering written so that no index serves it (the
        registry's `-id` as `id + 0`), used when the count finds the whole list (no more than
        it counts): the database then sorts those few rows instead of walking the ordering's
        index through the table for them — a walk its planner favours when it overestimates
        how many rows match (docs/performance.md, "Finding talents by name")."""
        super().__init__(object_list, per_page, **kwargs)
        self.cap = COUNT_CAP if cap is None else cap
        self.reach = self.cap
        self.few_rows_order = tuple(few_rows_order)

    def get_page(self, number: Any):
        """The page, counting far enough to know it and whether another follows."""
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            wanted = 1
        if "count" not in self.__dict__:
            self.reach = max(self.cap, wanted * self.per_page) if wanted > 0 else self.cap
        return super().get_page(number)

    @cached_property
    def count(self) -> int:
        """The rows, up to `reach` + 1 (one more than `reach`: there are more).

        The count is taken without the list's ordering: the first `reach` + 1 rows in any
        order are as many as in the list's. Ordered, the database must either sort every
        match before the LIMIT or walk the ordering's index until it has found `reach` + 1
        (the whole table when few rows match); unordered, it stops at `reach` + 1 rows of any
        plan. A DISTINCT query keeps its ordering (DISTINCT runs over the ordering's columns).
        """
        counter = getattr(self.object_list, "count", None)
        if callable(counter) and hasattr(self.object_list, "query"):
            rows = self.object_list
            if not rows.query.distinct:
                rows = rows.order_by()
            return rows[: self.reach + 1].count()
        return min(len(self.object_list), self.reach + 1)

    def page(self, number: Any):
        """The page; a list found whole by the count is sorted by `few_rows_order`."""
        number = self.validate_number(number)
        if self.few_rows_order and not self.is_capped:
            self.object_list = self.object_list.order_by(*self.few_rows_order)
        return super().page(number)

    @property
    def counted(self) -> str:
        """How far the count went, for "more than 1,000"."""
        return f"{self.reach:,}"

    @property
    def is_capped(self) -> bool:
        """More rows than were counted: the total is not known ("more than `reach`")."""
        return self.count > self.reach
