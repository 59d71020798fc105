"""Units of the saved results: a step of the model is a day."""

DAYS_PER_YEAR = 365
"""Days of a model year: a figure per year is its total over the measured days x ``DAYS_PER_YEAR / days``."""
