"""Admin for superusers: every registry model, with its history (django-simple-history)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models as m


class MembershipInline(admin.TabularInline):
    model = m.Membership
    extra = 0


@admin.register(m.Entity)
class EntityAdmin(SimpleHistoryAdmin):
    list_display = ["acronym", "name", "kind", "support_commission"]
    list_filter = ["kind", "support_commission"]
    search_fields = ["acronym", "name", "former_names"]
    inlines = [MembershipInline]


@admin.register(m.Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["entity", "kind", "start", "end", "admitted_at"]
    list_filter = ["kind"]
    search_fields = ["entity__acronym", "entity__name"]
    list_select_related = ["entity"]


@admin.register(m.Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["last_name", "first_name", "position", "email", "user"]
    search_fields = ["last_name", "first_name", "email"]
    list_select_related = ["user"]


@admin.register(m.Designation)
class DesignationAdmin(SimpleHistoryAdmin):
    list_display = ["entity", "role", "person", "start", "end", "resolution_number", "notified_on"]
    list_filter = ["role", "entity__kind"]
    search_fields = ["person__last_name", "person__first_name", "entity__acronym", "resolution_number"]
    list_select_related = ["entity", "person"]
    raw_id_fields = ["replaced_by"]


@admin.register(m.SecretariatAppointment)
class SecretariatAppointmentAdmin(SimpleHistoryAdmin):
    list_display = ["person", "function", "start", "end"]
    list_select_related = ["person"]


@admin.register(m.ApiClient)
class ApiClientAdmin(SimpleHistoryAdmin):
    list_display = ["name", "user", "active"]
    list_select_related = ["user"]


@admin.register(m.SupportCommission)
class SupportCommissionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "installed_on"]


class GroupCoordinatorInline(admin.TabularInline):
    model = m.GroupCoordinator
    extra = 0


@admin.register(m.WorkingGroup)
class WorkingGroupAdmin(SimpleHistoryAdmin):
    list_display = ["number", "name", "created_on"]
    inlines = [GroupCoordinatorInline]


@admin.register(m.GroupMembership)
class GroupMembershipAdmin(SimpleHistoryAdmin):
    list_display = ["group", "entity", "start", "end"]
    list_select_related = ["group", "entity"]


@admin.register(m.GroupCoordinator)
class GroupCoordinatorAdmin(SimpleHistoryAdmin):
    list_display = ["group", "entity", "approved_by", "approved_on", "start", "end"]
    list_select_related = ["group", "entity"]


class SubgroupLeadInline(admin.TabularInline):
    model = m.SubgroupLead
    extra = 0


@admin.register(m.Subgroup)
class SubgroupAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "group"]
    list_filter = ["group"]
    search_fields = ["code", "name"]
    list_select_related = ["group"]
    inlines = [SubgroupLeadInline]


@admin.register(m.SubgroupMembership)
class SubgroupMembershipAdmin(SimpleHistoryAdmin):
    list_display = ["subgroup", "entity", "start", "end"]
    list_select_related = ["subgroup", "entity"]


@admin.register(m.SubgroupLead)
class SubgroupLeadAdmin(SimpleHistoryAdmin):
    list_display = ["subgroup", "entity", "approved_by", "approved_on", "start", "end"]
    list_select_related = ["subgroup", "entity"]


@admin.register(m.CsoRegistration)
class CsoRegistrationAdmin(SimpleHistoryAdmin):
    list_display = ["entity", "admitted_on", "registry_entry_number", "legal_representative", "registered_on"]
    search_fields = ["entity__name", "entity__acronym", "registry_entry_number"]
    list_select_related = ["entity"]
