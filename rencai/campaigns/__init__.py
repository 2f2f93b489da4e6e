"""The campaign and its supervision: actions, responsible units, targets whose values count
themselves through the figures registry, pace, reminders, bulletins and assessments."""
