"""Use cases of the talent registry, by workflow: registry, cards, claim."""
