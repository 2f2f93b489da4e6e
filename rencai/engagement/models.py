"""Leader contact and requests: models."""
