# The outcome words that open a resolution in the minutes; officers can add more.
STANDARD_OUTCOMES = [
    "NOTED", "APPROVED", "AGREED", "AGREED TO DEFER", "AUTHORISED", "ENDORSED",
    "RECOMMENDED", "REJECTED", "REPEATED", "RESOLVED",
]
