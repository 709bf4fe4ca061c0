from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import render

from iess.core.extensions import app_modules


@staff_member_required(login_url="backoffice:login")
def backoffice_home(request):
    links = []
    for module in app_modules("backoffice"):
        links.extend(module.links(request.user))
    return render(request, "accounts/backoffice_home.html", {"links": links})
