"""A test-only hook to stop a worker in the middle of its work (the kill tests).

Long-running work calls `step(name)` after each unit it writes (a benefit version recorded, a
person reminded, a bulletin issued). Nothing happens unless the environment sets
`RENCAI_FAULT_PAUSE_AFTER=N`: then, after the N-th step in the process, the hook touches the
file `RENCAI_FAULT_MARKER` (if set) and sleeps (`RENCAI_FAULT_SLEEP` seconds, default 60), so
that a test can kill the process there with SIGKILL, mid-transaction. `RENCAI_FAULT_STEP`
limits the pause to steps of one name. The environment is read only when the variable is set.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

_count = 0


def step(name: str) -> None:
    """One unit of work done: pause here if a kill test asked for it."""
    after = os.environ.get("RENCAI_FAULT_PAUSE_AFTER")
    if not after:
        return
    only = os.environ.get("RENCAI_FAULT_STEP")
    if only and only != name:
        return
    global _count
    _count += 1
    if _count != int(after):
        return
    marker = os.environ.get("RENCAI_FAULT_MARKER")
    if marker:
        Path(marker).write_text(name, encoding="utf-8")
    time.sleep(float(os.environ.get("RENCAI_FAULT_SLEEP", "60")))
