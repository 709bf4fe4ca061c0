from django.shortcuts import render
from django.urls import path

app_name = "clave"


def pending(request):
    return render(request, "core/pending.html", {"heading": "Generar o recuperar la clave"})


urlpatterns = [path("", pending, name="start")]
