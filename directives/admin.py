from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Article, NonWorkingDay, Norm, Rule


class ArticleInline(admin.StackedInline):
    model = Article
    extra = 0
    fields = ["position", "number", "label", "heading", "text"]


@admin.register(Norm)
class NormAdmin(SimpleHistoryAdmin):
    list_display = ["short_name", "kind", "issued_on", "status", "in_force_from"]
    list_filter = ["kind", "status"]
    search_fields = ["code", "number", "title"]
    inlines = [ArticleInline]


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ["label", "norm", "heading", "position"]
    list_filter = ["norm"]
    search_fields = ["label", "heading", "text"]
    list_select_related = ["norm"]


@admin.register(Rule)
class RuleAdmin(SimpleHistoryAdmin):
    list_display = ["key", "name", "value", "unit", "norm", "article", "valid_from", "valid_to"]
    list_filter = ["unit", "norm"]
    search_fields = ["key", "name"]
    list_select_related = ["norm"]


@admin.register(NonWorkingDay)
class NonWorkingDayAdmin(SimpleHistoryAdmin):
    list_display = ["date", "reason", "legal_basis"]
    date_hierarchy = "date"
    search_fields = ["reason", "legal_basis"]
