"""The demo users of ROLES.md (filled in by the demo loader)."""

DEMO_PASSWORD = "rencai-demo-2022"  # noqa: S105 (published demo password)
DEMO_USERS: list[tuple] = []
