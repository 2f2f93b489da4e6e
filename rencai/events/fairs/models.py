"""Job fairs: models."""
