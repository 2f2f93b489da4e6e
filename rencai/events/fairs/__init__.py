"""Job fairs: participating enterprises, positions, seekers and employment intents.

A job fair is an event (`rencai.events`) of kind job fair.
"""
