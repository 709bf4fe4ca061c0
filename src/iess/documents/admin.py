from django.contrib import admin

from iess.core.admin import AuditedModelAdmin
from iess.documents.models import TrustedRoot


@admin.register(TrustedRoot)
class TrustedRootAdmin(AuditedModelAdmin):
    """Administrators choose which certification authorities' signatures are accepted."""

    list_display = ["name", "subject", "valid_until", "active"]
    list_filter = ["active"]
    search_fields = ["name", "subject", "fingerprint"]
    readonly_fields = ["fingerprint", "subject", "valid_until", "created_at"]
    fields = ["name", "certificate_pem", "active", *readonly_fields]
