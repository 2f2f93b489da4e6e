"""Demo loader placeholder (filled in below)."""


def load_demo(options) -> str:
    return "engagement: nothing yet"
