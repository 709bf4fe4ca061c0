from django.urls import path

from iess.submissions import views_backoffice

app_name = "submissions_office"

urlpatterns = [
    path("", views_backoffice.queue, name="queue"),
    path("tramite/<str:tracking_number>/", views_backoffice.detail, name="detail"),
    path("tramite/<str:tracking_number>/decidir/", views_backoffice.decide, name="decide"),
    path("documento/<str:token>/", views_backoffice.document, name="document"),
]
