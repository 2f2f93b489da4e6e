"""Leader contact (the "five ones"), contact logs, and talents' requests to resolution."""
