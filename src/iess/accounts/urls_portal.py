from django.urls import path

from iess.accounts import views_portal

app_name = "portal"

urlpatterns = [
    path("", views_portal.portal_home, name="home"),
    path("entrar/", views_portal.portal_login, name="login"),
    path("salir/", views_portal.portal_logout, name="logout"),
]
