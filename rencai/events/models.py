"""Events: models."""
