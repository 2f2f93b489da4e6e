"""Background tasks of `policies` (Django's tasks framework; a `manage.py db_worker` runs them).

Arguments are ids, never objects: a task may run in another process, after its caller's
transaction has committed (services enqueue them `on_commit`).
"""

from __future__ import annotations

from django.tasks import task


@task()
def run_outreach_task(run_id: int) -> dict[str, int]:
    """Run a queued outreach run (claimed once: a duplicate delivery does nothing)."""
    from .services.outreach import run_outreach

    run = run_outreach(run_id)
    return {"found": run.found, "notified": run.notified, "recorded": run.recorded}


@task()
def send_outreach_messages_task(run_id: int) -> int:
    """SMS and e-mail to the talents an outreach run told something new."""
    from .services.outreach import send_messages

    return send_messages(run_id)
