import datetime

from django.contrib.auth import get_user_model

from iess.appointments import services
from iess.appointments.agencies_data import AGENCIES
from iess.appointments.models import Agency, AgencyService, Holiday, ProcedureType

# The counter procedures of sheets 01, 02 and 03, named as the turnero names them.
PROCEDURE_TYPES = [
    (
        "codigo-extranjero-trabajador-independiente",
        "Asignación de código de identificación para extranjeros para trabajador independiente",
    ),
    (
        "certificado-no-afiliacion-extranjeros",
        "Certificado de no afiliación al IESS para extranjeros",
    ),
    ("clave-patronal-portal", "Clave patronal portal IESS"),
]

# Ecuador's national holidays in the demo's booking horizon.
NATIONAL_HOLIDAYS = [
    ("2026-11-02", "Día de los Difuntos"),
    ("2026-11-03", "Independencia de Cuenca"),
    ("2026-12-25", "Navidad"),
    ("2027-01-01", "Año Nuevo"),
]

DEMO_CLERK_AGENCY = {"ventanilla": "CAU Quito Norte"}


def load() -> dict[str, int]:
    services.procedure_type_sync(rows=PROCEDURE_TYPES)
    procedures = list(ProcedureType.objects.filter(slug__in=[s for s, _n in PROCEDURE_TYPES]))
    for name, province, city, address, kind in AGENCIES:
        agency, _created = Agency.objects.update_or_create(
            name=name,
            defaults={"province_id": province, "city": city, "address": address, "kind": kind},
        )
        services.agency_hours_materialize(agency)
        for procedure in procedures:
            AgencyService.objects.get_or_create(
                agency=agency,
                procedure=procedure,
                defaults={"counters": 1 if kind == "mall" else 2, "slot_minutes": 20},
            )
    for day, name in NATIONAL_HOLIDAYS:
        Holiday.objects.get_or_create(
            date=datetime.date.fromisoformat(day), agency=None, defaults={"name": name}
        )
    users = get_user_model().objects
    for username, agency_name in DEMO_CLERK_AGENCY.items():
        user = users.filter(username=username).first()
        if user is not None:
            services.membership_set(user=user, agency=Agency.objects.get(name=agency_name))
    return {
        "agencies": len(AGENCIES),
        "procedure_types": len(PROCEDURE_TYPES),
        "national_holidays": len(NATIONAL_HOLIDAYS),
    }
