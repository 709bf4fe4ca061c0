import csv

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iess.accounts.roles import Role, user_has_role
from iess.accounts.selectors import staff_province_scope
from iess.catalog import selectors
from iess.catalog.charts import bar_chart
from iess.catalog.forms import ComplaintForm, ProcedureSearchForm
from iess.catalog.models import Audience, Channel
from iess.catalog.services import complaint_file
from iess.core.errors import ServiceError
from iess.core.ratelimits import rate_limit_check

COMPLAINTS_PER_IP = "5/h"

# Procedures that this system carries out online, by slug: where the sheet's page sends people.
ONLINE_SERVICES = {
    "afiliacion-voluntaria": ("affiliation:voluntary_start", gettext_lazy("Afíliese en línea")),
    "clave-afiliado-portal": ("clave:start", gettext_lazy("Generar o recuperar su clave")),
}

REQUIREMENT_TITLES = {
    "general": gettext_lazy("Requisitos generales"),
    "specific": gettext_lazy("Requisitos específicos"),
    "alternative": gettext_lazy("Requisitos alternativos"),
    "additional": gettext_lazy("Requisitos adicionales"),
}


def procedure_list(request):
    form = ProcedureSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    procedures = list(
        selectors.procedure_list(
            q=filters.get("q", ""),
            audience=filters.get("audience", ""),
            channel=filters.get("channel", ""),
        )
    )
    return render(
        request,
        "catalog/procedure_list.html",
        {"form": form, "procedures": procedures, "searched": bool(request.GET)},
    )


def _procedure_or_404(slug):
    procedure = selectors.procedure_get(slug=slug)
    if procedure is None:
        raise Http404(_("Ese trámite no existe."))
    return procedure


def procedure_detail(request, slug):
    procedure = _procedure_or_404(slug)
    form = ComplaintForm()
    status = 200
    if request.method == "POST":
        status = 400
        form = ComplaintForm(request.POST)
        if form.is_valid():
            try:
                rate_limit_check(request, group="catalog-complaint-ip", rate=COMPLAINTS_PER_IP)
                complaint = complaint_file(procedure_slug=procedure.slug, **form.cleaned_data)
            except ServiceError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
                status = error.status if error.status == 429 else status
            else:
                messages.success(
                    request,
                    _(
                        "Su queja fue registrada con el número %(reference)s. Le enviamos la "
                        "confirmación a %(email)s."
                    )
                    % {"reference": complaint.reference, "email": complaint.email},
                )
                return redirect(reverse("catalog:procedure_detail", args=[slug]) + "#transparencia")
    months = selectors.transparency_months(procedure=procedure)
    chronological = list(reversed(months))
    action = ONLINE_SERVICES.get(procedure.slug)
    context = {
        "procedure": procedure,
        "audiences": [Audience(key).label for key in procedure.audience_keys],
        "channel_labels": [Channel(key).label for key in procedure.channel_keys],
        "requirement_sections": [
            (kind, REQUIREMENT_TITLES[kind], groups)
            for kind, groups in procedure.requirement_sections()
        ],
        "months": months,
        "attentions_chart": bar_chart(
            [(f"{m.year}-{m.month:02d}", m.attentions) for m in chronological]
        ),
        "complaints_chart": bar_chart(
            [(f"{m.year}-{m.month:02d}", m.complaints) for m in chronological]
        ),
        "online_service": (reverse(action[0]), action[1]) if action else None,
        "form": form,
    }
    return render(request, "catalog/procedure_detail.html", context, status=status)


def transparency_json(request, slug):
    procedure = _procedure_or_404(slug)
    months = selectors.transparency_months(procedure=procedure)
    data = {
        "procedure": procedure.slug,
        "name": procedure.name,
        "months": [month.as_dict() for month in months],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'inline; filename="transparencia-{procedure.slug}.json"'
    return response


CSV_COLUMNS = [
    "year",
    "month",
    "complaints",
    "attentions",
    "historical_complaints",
    "historical_attentions",
    "live_complaints",
    "live_attentions",
]


def transparency_csv(request, slug):
    procedure = _procedure_or_404(slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="transparencia-{procedure.slug}.csv"'
    writer = csv.DictWriter(response, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for month in selectors.transparency_months(procedure=procedure):
        writer.writerow(month.as_dict())
    return response


def complaint_backoffice_list(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not user_has_role(request.user, Role.ADMINISTRATOR, Role.PROVINCIAL_REVIEWER):
        raise PermissionDenied
    complaints = selectors.complaint_list(province_id=staff_province_scope(request.user))[:200]
    return render(request, "catalog/complaint_backoffice_list.html", {"complaints": complaints})
