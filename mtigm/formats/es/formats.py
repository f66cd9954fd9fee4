"""Spanish (es, and es-pe through it): "1 de diciembre de 2026", as Django's own Spanish format,
written here so the pages do not change if Django's default does."""

DATE_FORMAT = r"j \d\e F \d\e Y"
