from django.urls import path

from iess.affiliation import views_backoffice as views

app_name = "foreigners_office"

urlpatterns = [
    path("turno/<int:ticket_id>/codigo/", views.code_request_new, name="code_request_new"),
    path("codigo/", views.code_request_list, name="code_request_list"),
    path("codigo/<int:pk>/", views.code_request_detail, name="code_request"),
    path("codigo/<int:pk>/emitir/", views.code_request_issue, name="code_request_issue"),
    path("codigo/<int:pk>/codigo.pdf", views.code_request_pdf, name="code_request_pdf"),
    path("poderes/", views.power_list, name="power_list"),
    path("poderes/<int:pk>/", views.power_review, name="power_review"),
    path("turno/<int:ticket_id>/certificado/", views.certificate_new, name="certificate_new"),
    path("certificado/<int:pk>/", views.certificate_detail, name="certificate"),
    path("certificado/<int:pk>/certificado.pdf", views.certificate_pdf, name="certificate_pdf"),
]
