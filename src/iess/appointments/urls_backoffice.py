from django.urls import path

from iess.appointments import views_backoffice

app_name = "appointments_office"

urlpatterns = [
    path("", views_backoffice.console, name="console"),
    path("llamar/", views_backoffice.call_next, name="call_next"),
    path("ficha/<int:pk>/<slug:action>/", views_backoffice.ticket_action, name="ticket_action"),
    path("presencial/", views_backoffice.walk_in, name="walk_in"),
    path("quiosco/", views_backoffice.kiosk, name="kiosk"),
]
