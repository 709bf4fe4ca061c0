from django.contrib import admin

from iess.affiliation.models import (
    BirthDateFailure,
    ForeignerCodeRequest,
    NonAffiliationRequest,
    SalarioBasico,
    VoluntaryAffiliation,
    VoluntaryObligation,
    VoluntaryRate,
)
from iess.core.admin import AuditedModelAdmin


@admin.register(VoluntaryRate)
class VoluntaryRateAdmin(AuditedModelAdmin):
    list_display = ["valid_from", "valid_to", "contribution_rate", "spouse_health_rate"]
    ordering = ["-valid_from"]


@admin.register(SalarioBasico)
class SalarioBasicoAdmin(AuditedModelAdmin):
    list_display = ["valid_from", "valid_to", "amount"]
    ordering = ["-valid_from"]


@admin.register(BirthDateFailure)
class BirthDateFailureAdmin(AuditedModelAdmin):
    """Wrong dates of birth typed in AFÍLIATE Ya. Staff who have checked the person's
    identity in person may delete them to lift the 24-hour block (the deletion is audited)."""

    list_display = ["person", "failed_at"]
    search_fields = ["person__cedula", "person__foreigner_code"]
    readonly_fields = ["person", "failed_at"]
    ordering = ["-failed_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class VoluntaryObligationInline(admin.TabularInline):
    model = VoluntaryObligation
    extra = 0
    can_delete = False
    readonly_fields = [
        "month",
        "declared_base",
        "contribution_rate",
        "contribution_amount",
        "spouse_amount",
        "total",
        "due_date",
        "status",
    ]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(VoluntaryAffiliation)
class VoluntaryAffiliationAdmin(AuditedModelAdmin):
    """Registered by the citizen online; staff read them (and the notice's delivery state)."""

    list_display = [
        "person",
        "declared_base",
        "residence_country",
        "created_at",
        "notice_emailed_at",
    ]
    list_filter = ["resident_in_ecuador", "spouse_cover"]
    search_fields = ["person__cedula", "person__last_names", "email"]
    inlines = [VoluntaryObligationInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyRecordAdmin(AuditedModelAdmin):
    """Counter records are written only by their procedure's services (audited there); the
    administrator reads them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ForeignerCodeRequest)
class ForeignerCodeRequestAdmin(ReadOnlyRecordAdmin):
    list_display = ["created_at", "last_names", "first_names", "nationality", "status", "province"]
    list_filter = ["status", "province"]
    search_fields = ["passport_number", "visa_number", "ruc", "foreigner_code", "last_names"]


@admin.register(NonAffiliationRequest)
class NonAffiliationRequestAdmin(ReadOnlyRecordAdmin):
    list_display = ["created_at", "last_names", "first_names", "nationality", "status", "province"]
    list_filter = ["status", "province"]
    search_fields = ["passport_number", "visa_number", "last_names"]
