from django.contrib import admin

from iess.notifications.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "subject"]
    readonly_fields = ["sent_at", "from_email", "to", "subject", "body", "html"]
