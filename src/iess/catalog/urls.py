from django.urls import path

from iess.catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.procedure_list, name="procedure_list"),
    path("oficina/quejas/", views.complaint_backoffice_list, name="complaint_backoffice_list"),
    path("<slug:slug>/", views.procedure_detail, name="procedure_detail"),
    path("<slug:slug>/transparencia.json", views.transparency_json, name="transparency_json"),
    path("<slug:slug>/transparencia.csv", views.transparency_csv, name="transparency_csv"),
]
