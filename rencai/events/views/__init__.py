"""The events pages: lists and details for organisers and talents, the door (registrations,
walk-ins, check-in) and a mixer's picks and matches."""
