from django.urls import path

from iess.accounts import views_employer, views_portal

app_name = "portal"

urlpatterns = [
    path("", views_portal.portal_home, name="home"),
    path("entrar/", views_portal.portal_login, name="login"),
    path("salir/", views_portal.portal_logout, name="logout"),
    path("empleador/", views_employer.employer_home, name="employer_home"),
    path("empleador/entrar/", views_employer.employer_login, name="employer_login"),
    path("empleador/salir/", views_employer.employer_logout, name="employer_logout"),
    path("empleador/registro/", views_employer.employer_register, name="employer_register"),
    path(
        "empleador/registro/codigo/",
        views_employer.employer_register_code,
        name="employer_register_code",
    ),
    path(
        "empleador/solicitud-nueva/",
        views_employer.employer_request_again,
        name="employer_request_again",
    ),
    path(
        "empleador/solicitud-nueva/codigo/",
        views_employer.employer_request_again_code,
        name="employer_request_again_code",
    ),
    path("empleador/registro/solicitud/", views_employer.employer_request, name="employer_request"),
    path(
        "empleador/registro/lista/",
        views_employer.employer_request_ready,
        name="employer_request_ready",
    ),
    path(
        "empleador/registro/documento/<str:which>.pdf",
        views_employer.employer_request_pdf,
        name="employer_request_pdf",
    ),
    path(
        "empleador/activar/<str:token>/", views_employer.employer_activate, name="employer_activate"
    ),
]
