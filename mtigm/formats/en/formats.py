"""English: "1 December 2026", the day before the month as in the Spanish pages (Django's default,
"Dec. 1, 2026", would read the same date differently in the two languages of one site)."""

DATE_FORMAT = "j F Y"
