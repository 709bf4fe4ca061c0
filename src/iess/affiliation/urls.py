from django.urls import path

from iess.affiliation import views

app_name = "affiliation"

urlpatterns = [
    path("", views.voluntary_start, name="voluntary_start"),
    path("fecha-de-nacimiento/", views.voluntary_birth_date, name="voluntary_birth_date"),
    path("valor-mensual/", views.voluntary_base, name="voluntary_base"),
    path("contacto/", views.voluntary_contact, name="voluntary_contact"),
    path("codigo/", views.voluntary_code, name="voluntary_code"),
    path("residencia/", views.voluntary_residence, name="voluntary_residence"),
    path("terminos/", views.voluntary_terms, name="voluntary_terms"),
    path("registrada/", views.voluntary_done, name="voluntary_done"),
    path("aviso-de-entrada.pdf", views.voluntary_notice, name="voluntary_notice"),
    path("cambiar-base/", views.voluntary_base_change, name="voluntary_base_change"),
]
