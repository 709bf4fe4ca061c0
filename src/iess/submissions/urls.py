from django.urls import path

from iess.submissions import views

app_name = "submissions"

urlpatterns = [
    path("", views.start, name="start"),
    path("tramite/<slug:slug>/", views.submission_form, name="form"),
    path("recibido/", views.received, name="received"),
    path("estado/", views.status, name="status"),
    path("correccion/<str:token>/", views.correct, name="correct"),
]
