from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models


class LineInline(admin.TabularInline):
    model = models.PlanLine
    extra = 0
    fields = ("position", "subgroup", "lead_entity", "theme", "product", "months")
    raw_id_fields = ("subgroup", "lead_entity")


@admin.register(models.Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ("year", "state", "approved_on", "published_on")


@admin.register(models.PlanVersion)
class PlanVersionAdmin(SimpleHistoryAdmin):
    list_display = ("plan", "number", "state", "approved_on")
    inlines = [LineInline]


@admin.register(models.Evaluation)
class EvaluationAdmin(SimpleHistoryAdmin):
    list_display = ("plan", "period", "due_date", "state")


@admin.register(models.SubgroupReport)
class SubgroupReportAdmin(SimpleHistoryAdmin):
    list_display = ("evaluation", "subgroup", "state", "submitted_at")


@admin.register(models.GroupReport)
class GroupReportAdmin(SimpleHistoryAdmin):
    list_display = ("evaluation", "group", "state", "filed_at")


@admin.register(models.CorrectiveAlert)
class CorrectiveAlertAdmin(SimpleHistoryAdmin):
    list_display = ("evaluation", "sent_by", "sent_at")


@admin.register(models.ReportDocument)
class ReportDocumentAdmin(SimpleHistoryAdmin):
    list_display = ("plan", "kind", "status", "approved", "created_at")
