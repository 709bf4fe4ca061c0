from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from iess.accounts.forms import PortalLoginForm
from iess.accounts.selectors import portal_person_get
from iess.core.extensions import app_modules


def portal_login(request):
    form = PortalLoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.user)
        target = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = "portal:home"
        return redirect(target)
    return render(request, "accounts/portal_login.html", {"form": form})


@require_POST
def portal_logout(request):
    logout(request)
    return redirect("portal:login")


def portal_home(request):
    person = portal_person_get(request)
    if person is None:
        return redirect(f"{reverse('portal:login')}?next={request.path}")
    sections = []
    for module in app_modules("portal"):
        sections.extend(module.sections(request, person))
    return render(request, "accounts/portal_home.html", {"person": person, "sections": sections})
