"""Policy pages, by workflow: the catalogue and rule editor, entitlements, the handbook."""
