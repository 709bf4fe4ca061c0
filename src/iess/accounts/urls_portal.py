from django.shortcuts import render
from django.urls import path

app_name = "portal"


def pending(request):
    return render(request, "core/pending.html", {"heading": "Mi cuenta"})


urlpatterns = [path("", pending, name="home")]
