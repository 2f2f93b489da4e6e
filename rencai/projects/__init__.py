"""Tech projects and project–talent matching."""
