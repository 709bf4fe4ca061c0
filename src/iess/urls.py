from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from iess.api import api
from iess.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("tramites/", include("iess.catalog.urls")),
    path("turnos/", include("iess.appointments.urls")),
    path("afiliacion-voluntaria/", include("iess.affiliation.urls")),
    path("clave/", include("iess.accounts.urls_clave")),
    path("portal/", include("iess.accounts.urls_portal")),
    path("ventanilla/", include("iess.submissions.urls")),
    path("verificar/", include("iess.documents.urls")),
    path("oficina/", include("iess.accounts.urls_backoffice")),
    path("oficina/turnos/", include("iess.appointments.urls_backoffice")),
    path("oficina/ventanilla/", include("iess.submissions.urls_backoffice")),
    path("oficina/documentos/", include("iess.documents.urls_backoffice")),
    path("oficina/admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

if settings.DEV_OUTBOX:
    urlpatterns.append(path("dev/correo/", include("iess.notifications.urls_outbox")))
