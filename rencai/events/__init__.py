"""Events: job fairs, mixers, forums, contests, live-streams, trainings.

Registration, waiting lists, check-in at the door, and outreach to the audience.
"""
