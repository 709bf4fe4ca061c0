from django.urls import path

from iess.documents import views

app_name = "documents"

urlpatterns = [
    path("", views.verify_form, name="verify_form"),
    path("pdf/", views.verify_pdf, name="verify_pdf"),
    path("<str:code>/", views.verify, name="verify"),
]
