from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AbsenceNotice,
    AgendaDocument,
    AgendaItem,
    Attendance,
    ExtraordinarySessionRequest,
    RequestBacking,
    Session,
    SessionTransition,
)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "title", "presenter", "status", "origin"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["person", "entity", "designation", "signed_in_at", "left_at"]
    raw_id_fields = ["person", "designation"]


@admin.register(Session)
class SessionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "extended", "starts_at", "state"]
    list_filter = ["kind", "extended", "state"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline, AttendanceInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "session", "status", "origin"]
    list_filter = ["status", "origin"]


admin.site.register(AgendaDocument, SimpleHistoryAdmin)
admin.site.register(Attendance, SimpleHistoryAdmin)
admin.site.register(AbsenceNotice, SimpleHistoryAdmin)
admin.site.register(ExtraordinarySessionRequest, SimpleHistoryAdmin)
admin.site.register(RequestBacking, SimpleHistoryAdmin)


@admin.register(SessionTransition)
class SessionTransitionAdmin(admin.ModelAdmin):
    list_display = ["session", "from_state", "to_state", "actor", "at"]
