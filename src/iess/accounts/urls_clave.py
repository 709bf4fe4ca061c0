from django.urls import path

from iess.accounts import views_clave

app_name = "clave"

urlpatterns = [
    path("", views_clave.clave_start, name="start"),
    path("nacimiento/", views_clave.clave_birth, name="birth"),
    path("historia-laboral/", views_clave.clave_history, name="history"),
    path("preguntas-personales/", views_clave.clave_personal, name="personal"),
    path("datos/", views_clave.clave_contact, name="contact"),
    path("enlace-enviado/", views_clave.clave_sent, name="sent"),
    path("nueva/<str:token>/", views_clave.clave_link, name="link"),
    path("lista/", views_clave.clave_done, name="done"),
    path("no-fui-yo/<str:token>/", views_clave.clave_not_me, name="not_me"),
]
