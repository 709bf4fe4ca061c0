from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iess.appointments import selectors, services


def sections(request, person) -> list[dict]:
    now = timezone.now()
    rows = []
    for appointment in selectors.appointment_list_for_person(person=person)[:20]:
        manageable = appointment.status == "booked" and appointment.starts_at > now
        rows.append(
            {
                "appointment": appointment,
                "manage_url": services.appointment_manage_url(appointment) if manageable else "",
            }
        )
    return [
        {
            "title": _("Mis turnos"),
            "template": "appointments/portal_section.html",
            "context": {"rows": rows},
        }
    ]
