from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Agreement, Application, Ballot, DecisionKind, Minutes, MinutesSignature, Vote, VoteAuditEntry


@admin.register(DecisionKind)
class DecisionKindAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "threshold_rule_key", "plenary_only"]


class VoteInline(admin.TabularInline):
    model = Vote
    extra = 0
    can_delete = False
    readonly_fields = ["entity", "person", "role", "choice", "cast_at", "cast_by"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Ballot)
class BallotAdmin(SimpleHistoryAdmin):
    list_display = ["text", "session", "kind", "state", "outcome", "yes_count", "no_count", "abstain_count"]
    list_filter = ["state", "outcome", "kind"]
    list_select_related = ["session", "kind"]
    inlines = [VoteInline]
    readonly_fields = [f.name for f in Ballot._meta.fields]


@admin.register(VoteAuditEntry)
class VoteAuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "ballot", "event", "entity", "person", "detail"]
    list_filter = ["event"]
    list_select_related = ["ballot", "entity", "person"]


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "owner", "due_date", "status", "public"]
    list_filter = ["status", "public"]
    list_select_related = ["session", "owner"]


class SignatureInline(admin.TabularInline):
    model = MinutesSignature
    extra = 0
    can_delete = False
    readonly_fields = ["person", "entity", "capacity", "role", "signed_at", "content_hash"]


@admin.register(Minutes)
class MinutesAdmin(SimpleHistoryAdmin):
    list_display = ["session", "version", "state", "approved_at", "pdf_status", "sent_at"]
    list_filter = ["state", "pdf_status"]
    inlines = [SignatureInline]


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "state", "received_on", "decree_state"]
    list_filter = ["kind", "state"]
