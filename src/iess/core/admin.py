from django.contrib import admin

from iess.core.models import AuditEntry
from iess.core.services import audit_record, snapshot


class AuditedModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose every save and delete writes an audit entry with before and after."""

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.filter(pk=obj.pk).first()) if change else None
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="admin.change" if change else "admin.add",
            target=obj,
            before=before,
            after=snapshot(obj),
        )

    def delete_model(self, request, obj):
        before = snapshot(obj)
        object_id = str(obj.pk)
        super().delete_model(request, obj)
        audit_record(
            actor=request.user,
            action="admin.delete",
            object_type=obj._meta.label_lower,
            object_id=object_id,
            before=before,
        )

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_label", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_label", "object_id", "action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
