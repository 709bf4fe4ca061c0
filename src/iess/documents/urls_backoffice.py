from django.urls import path

from iess.documents import views

app_name = "documents_office"

urlpatterns = [
    path("", views.document_office, name="document_office"),
]
