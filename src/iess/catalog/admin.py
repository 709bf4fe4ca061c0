from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from iess.catalog.models import Attention, Complaint, LoaderWarning, Procedure, TransparencyRecord
from iess.core.admin import AuditedModelAdmin


class LoaderWarningInline(admin.TabularInline):
    model = LoaderWarning
    extra = 0
    can_delete = False
    fields = ["rule", "field", "message"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class TransparencyRecordInline(admin.TabularInline):
    """The sheet's published rows: they change only through the data file and catalog_load."""

    model = TransparencyRecord
    extra = 0
    can_delete = False
    fields = ["year", "month", "complaints", "attentions"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Procedure)
class ProcedureAdmin(AuditedModelAdmin):
    list_display = ["number", "name", "needs_appointment", "warning_count"]
    search_fields = ["name", "name_en", "slug"]
    readonly_fields = ["slug", "source_file", "search_text", "facets"]
    inlines = [LoaderWarningInline, TransparencyRecordInline]

    @admin.display(description=_("advertencias de carga"))
    def warning_count(self, obj):
        return obj.warnings.count()


@admin.register(LoaderWarning)
class LoaderWarningAdmin(admin.ModelAdmin):
    """Defects of the published sheets found by catalog_load; read-only (the loader owns them)."""

    list_display = ["procedure", "rule", "field", "message"]
    list_filter = ["rule", "procedure"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Complaint)
class ComplaintAdmin(AuditedModelAdmin):
    list_display = ["reference", "filed_at", "procedure", "category", "full_name", "email"]
    list_filter = ["category", "procedure"]
    search_fields = ["identity_number", "full_name", "email", "text"]
    date_hierarchy = "filed_at"
    readonly_fields = [
        "procedure",
        "filed_at",
        "identity_kind",
        "identity_number",
        "full_name",
        "email",
        "mobile",
        "category",
        "text",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(Attention)
class AttentionAdmin(AuditedModelAdmin):
    list_display = ["at", "procedure", "channel", "agency", "reference"]
    list_filter = ["channel", "procedure"]
    search_fields = ["reference", "agency"]
    date_hierarchy = "at"
