"""Background tasks of `policies` (Django's tasks framework; a `manage.py db_worker` runs them).

The tasks are defined beside the services they run (`services/outreach.py`), which enqueue
them `on_commit`; this module names them for the worker and for tasks queued under these
paths. Arguments are ids, never objects.
"""

from __future__ import annotations

from .services.outreach import run_outreach_task, send_outreach_messages_task

__all__ = ["run_outreach_task", "send_outreach_messages_task"]
