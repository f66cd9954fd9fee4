"""Fetch-or-raise helper of the reports to the PCM (404 hidden, 403 not allowed: the access matrix)."""

from __future__ import annotations

from typing import Any

from mtigm.core import access

from .models import PcmReport


def access_pcm_report(user: Any, report_id: Any, *, action: str = "view") -> PcmReport:
    return access.fetch(
        user, "pcm_report", PcmReport.objects.select_related("requested_by"), pk=report_id, action=action
    )
