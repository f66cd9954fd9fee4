"""Date formats per language (``FORMAT_MODULE_PATH``): templates write ``date:"DATE_FORMAT"`` (with
``date:"l"`` before it for the weekday), never literal words of one language in a format string, so
a Spanish page reads "martes 1 de diciembre de 2026" and an English one "Tuesday 1 December 2026"."""
