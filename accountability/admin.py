from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models


@admin.register(models.PcmReport)
class PcmReportAdmin(SimpleHistoryAdmin):
    list_display = ("year", "status", "progress", "created_at", "finished_at")
    list_filter = ("status",)
    readonly_fields = ("content", "sha256", "error", "created_at", "finished_at")
