from django.shortcuts import render
from django.urls import path

app_name = "catalog"


def pending(request):
    return render(request, "core/pending.html", {"heading": "Catálogo de trámites"})


urlpatterns = [path("", pending, name="procedure_list")]
