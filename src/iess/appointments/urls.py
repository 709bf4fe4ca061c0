from django.shortcuts import render
from django.urls import path

app_name = "appointments"


def pending(request):
    return render(request, "core/pending.html", {"heading": "Turnos en línea"})


urlpatterns = [path("", pending, name="start")]
