from django.conf import settings


def site(request):
    return {"DEV_OUTBOX": settings.DEV_OUTBOX, "SITE_URL": settings.SITE_URL}
