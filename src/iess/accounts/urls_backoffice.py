from django.contrib.auth import views as auth_views
from django.urls import path

from iess.accounts import views_backoffice

app_name = "backoffice"

urlpatterns = [
    path("", views_backoffice.backoffice_home, name="home"),
    path(
        "entrar/",
        auth_views.LoginView.as_view(
            template_name="accounts/staff_login.html", next_page="backoffice:home"
        ),
        name="login",
    ),
    path("clave/", views_backoffice.clave_unblock_view, name="clave_unblock"),
    path("clave-patronal/", views_backoffice.employer_clave_view, name="employer_clave"),
    path("salir/", auth_views.LogoutView.as_view(next_page="backoffice:login"), name="logout"),
]
