"""Dashboard: models (retention thresholds and the like, if any)."""
