from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def email_configured(app_configs, **kwargs):
    if not settings.EMAIL_URL:
        return [
            Warning(
                "EMAIL_URL is not set: emails land in the database outbox, nobody receives them.",
                id="iess.W001",
            )
        ]
    return []


@register(deploy=True)
def dev_outbox_off(app_configs, **kwargs):
    if settings.DEV_OUTBOX:
        return [
            Warning(
                "DEV_OUTBOX is on: the outbox page shows every email to anyone.", id="iess.W002"
            )
        ]
    return []
