"""The commission's reports to the PCM: one row per generated report, with its progress and files.

A report is rendered by a Celery task (``accountability.tasks.render_pcm_report``) that stores the
PDF, the XLSX and the JSON of the year's content on the row; the page that requested it polls the
row (the result backend is off), as the work plan's documents do.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mtigm.core.rendering import RenderedDocument

# The commission exists since the creating decree (D.S. N° 067-2011-PCM, 2011); later years are
# checked against today when a report is requested.
FIRST_YEAR = 2011
LAST_YEAR_BOUND = 2100


class PcmReport(RenderedDocument):
    """The annual report for the PCM's Registro Único de Comisiones Multisectoriales (the 2015 book,
    Anexo X): generated from the registry, sessions, decisions and plan of ``year``."""

    year = models.PositiveSmallIntegerField(
        _("año"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR_BOUND)]
    )
    pdf = models.FileField(_("PDF"), upload_to="accountability/%Y/", blank=True)
    xlsx = models.FileField(_("XLSX"), upload_to="accountability/%Y/", blank=True)
    content = models.JSONField(_("contenido (JSON)"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-created_at"]
        indexes = [models.Index(fields=["year", "status"], name="pcmreport_year_status")]
        verbose_name = _("informe a la PCM")
        verbose_name_plural = _("informes a la PCM")

    def __str__(self) -> str:
        return f"{_('Informe a la PCM')} {self.year} #{self.pk}"
