from django.urls import path

from iess.appointments import views

app_name = "appointments"

urlpatterns = [
    path("", views.start, name="start"),
    path("contacto/", views.contact, name="contact"),
    path("verificar/", views.verify, name="verify"),
    path("tramite/", views.procedure, name="procedure"),
    path("agencia/", views.agency, name="agency"),
    path("fecha/", views.day, name="day"),
    path("acuerdo/", views.agree, name="agree"),
    path("resumen/", views.summary, name="summary"),
    path("confirmacion/<str:token>/", views.confirmation, name="confirmation"),
    path("confirmacion/<str:token>/turno.pdf", views.confirmation_pdf, name="confirmation_pdf"),
    path("confirmacion/<str:token>/turno.ics", views.confirmation_ics, name="confirmation_ics"),
    path("gestionar/", views.manage_lookup, name="manage_lookup"),
    path("gestionar/<str:token>/", views.manage, name="manage"),
    path("gestionar/<str:token>/cancelar/", views.cancel, name="cancel"),
    path("gestionar/<str:token>/cambiar/", views.reschedule, name="reschedule"),
    path("pantalla/<int:agency_id>/", views.display, name="display"),
]
