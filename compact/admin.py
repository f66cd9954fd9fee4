from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models


@admin.register(models.ThematicArea)
class ThematicAreaAdmin(SimpleHistoryAdmin):
    list_display = ("number", "title", "source_locator")


@admin.register(models.Objective)
class ObjectiveAdmin(SimpleHistoryAdmin):
    list_display = ("number", "short_title", "source_locator")


@admin.register(models.ReferenceItem)
class ReferenceItemAdmin(SimpleHistoryAdmin):
    list_display = ("kind", "code", "title", "source_locator")
    list_filter = ("kind",)


@admin.register(models.FocalPoint)
class FocalPointAdmin(SimpleHistoryAdmin):
    list_display = ("entity", "objective", "area", "name", "start", "end")
    raw_id_fields = ("entity", "person")


@admin.register(models.Consultation)
class ConsultationAdmin(SimpleHistoryAdmin):
    list_display = ("title", "period_start", "period_end", "deadline", "state")


@admin.register(models.Contribution)
class ContributionAdmin(SimpleHistoryAdmin):
    list_display = ("consultation", "entity", "objective", "criterion", "title", "state")
    list_filter = ("state", "criterion")
    raw_id_fields = ("plan_products", "agreements")


@admin.register(models.InformeNarrative)
class InformeNarrativeAdmin(SimpleHistoryAdmin):
    list_display = ("consultation", "area", "updated_by")


@admin.register(models.ContributionDocument)
class ContributionDocumentAdmin(SimpleHistoryAdmin):
    list_display = ("contribution", "title", "uploaded_at")
