from django.shortcuts import render
from django.urls import path

app_name = "affiliation"


def pending(request):
    return render(request, "core/pending.html", {"heading": "Afíliate Ya"})


urlpatterns = [path("", pending, name="voluntary_start")]
