"""Tech projects: models."""
