"""One clock for services: `clock.now()`, `clock.today()`, and `clock.at(when)`.

Services read the time here rather than from `django.utils.timezone`, so that work done on
behalf of another moment — a demo loader opening a case "on 6 September", an import of last
month's records — happens *at* that moment: the rows it writes, the timestamps models stamp
themselves (`ClockedDateTimeField`: `TimeStampedModel`, `AuditEvent`, `Notification`) and the
deadlines computed from them all carry that time.

    with clock.at(datetime(2022, 9, 6, 9, 30)):      # naive: Asia/Shanghai
        open_application(...)                        # created_at, audit event: 09:30

Inside `at()` the clock stands still at `when`. The setting is a context variable: it belongs
to this thread or task only, blocks nest (the inner wins, the outer comes back), and it is
reset when the block ends, also on an error.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time

from django.db import models
from django.utils import timezone

_moment: ContextVar[datetime | None] = ContextVar("rencai_clock", default=None)


def now() -> datetime:
    """The current moment (aware): the `at()` block's, else the real time."""
    moment = _moment.get()
    return moment if moment is not None else timezone.now()


def today() -> date:
    """The current date in Asia/Shanghai (the project's time zone), by `now()`."""
    return timezone.localtime(now(), timezone.get_default_timezone()).date()


def is_set() -> bool:
    """Whether an `at()` block is in force."""
    return _moment.get() is not None


def aware(when: datetime | date) -> datetime:
    """`when` as an aware datetime: a naive one (or a date, at midnight) in Asia/Shanghai."""
    if not isinstance(when, datetime):
        when = datetime.combine(when, time.min)
    if timezone.is_naive(when):
        when = timezone.make_aware(when, timezone.get_default_timezone())
    return when


@contextmanager
def at(when: datetime | date) -> Iterator[datetime]:
    """Do the work of the block at `when` (see the module's docstring)."""
    moment = aware(when)
    token = _moment.set(moment)
    try:
        yield moment
    finally:
        _moment.reset(token)


class ClockedDateTimeField(models.DateTimeField):
    """A DateTimeField whose `auto_now`/`auto_now_add` and `default=timezone.now` follow
    `clock.now()`. It deconstructs as a plain DateTimeField (with its `timezone.now`
    default), so swapping it in changes no migration."""

    def pre_save(self, model_instance, add):
        if self.auto_now or (self.auto_now_add and add):
            value = now()
            setattr(model_instance, self.attname, value)
            return value
        return super().pre_save(model_instance, add)

    def get_default(self):
        if self.default is timezone.now:
            return now()
        return super().get_default()

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateTimeField", args, kwargs
