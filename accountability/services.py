"""Actions on the reports to the PCM: requesting one (the ST, Art. 18.14)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mtigm.core import access
from mtigm.core.dispatch import after_commit
from mtigm.core.locks import advisory_lock
from mtigm.core.rendering import in_flight

from .models import FIRST_YEAR, PcmReport

RENDER_TASK = "accountability.tasks.render_pcm_report"
# A queued or running report younger than this is alive: asking again answers with it.


def check_year(year: Any) -> int:
    """The year of a report: an integer from the creating decree's year (2011) to the current one.
    Anything else is bad input naming the field ``year``."""
    try:
        value = int(str(year).strip())
    except (TypeError, ValueError):
        raise ValidationError({"year": [_("Indique el año con cuatro cifras.")]}, code="invalid") from None
    last = timezone.localdate().year
    if not FIRST_YEAR <= value <= last:
        raise ValidationError(
            {
                "year": [
                    _("El año debe estar entre %(first)s (D.S. N° 067-2011-PCM, creación de la Mesa) y %(last)s.")
                    % {"first": FIRST_YEAR, "last": last}
                ]
            },
            code="invalid",
        )
    return value


@transaction.atomic
def pcm_report_request(*, actor: Any, year: Any) -> PcmReport:
    """Queue the report of ``year``; the PDF, XLSX and JSON are rendered by a Celery task."""
    access.require(actor, "pcm_report.manage")
    value = check_year(year)
    # No row stands for the year to lock: two requests at once (a double click, page and API) wait
    # on the year's advisory lock, so the second finds the first's report instead of queueing a copy.
    with advisory_lock("accountability.pcm_report", value):
        pending = PcmReport.objects.filter(in_flight(), year=value).order_by("-created_at").first()
        if pending is not None:
            return pending
        report = PcmReport.objects.create(year=value, requested_by=actor)
    # A broker outage leaves the report pending; tasks.sweep_pending_pcm_reports sends it again.
    after_commit(RENDER_TASK, report.pk)
    return report
