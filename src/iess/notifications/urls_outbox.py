from django.urls import path

from iess.notifications import views

app_name = "outbox"

urlpatterns = [
    path("", views.outbox_list, name="list"),
    path("<int:message_id>/", views.outbox_detail, name="detail"),
    path("adjunto/<int:attachment_id>/", views.outbox_attachment, name="attachment"),
]
