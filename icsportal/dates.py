"""Dates and times in words, as the site writes them: NHS.UK's style for dates (no
leading zero) and the minutes' style for times. Each takes a date, or a datetime
already in local time; the `ics` template filters convert to London time first."""


def time_words(value):
    """'2.00 pm', '4.37 pm'."""
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}.{value.minute:02d} {suffix}"


def day_words(value):
    """'5 March 2026'."""
    return f"{value.day} {value:%B %Y}"


def date_words(value):
    """'Tuesday 22 February 2022', as the minutes head a meeting."""
    return f"{value:%A} {day_words(value)}"
