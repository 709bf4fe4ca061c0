import datetime
import re
from decimal import Decimal

import pytest

from iess.accounts.tests.conftest import demo  # noqa: F401
from iess.affiliation import voluntary_services as services
from iess.registry import demo as registry_demo

TODAY = datetime.date(2026, 11, 22)


@pytest.fixture
def demo_persons(db):
    registry_demo.load()


@pytest.fixture
def person(demo_persons):
    return registry_demo.demo_person


@pytest.fixture
def carlos(demo_persons):
    return registry_demo.demo_person("carlos")


def code_from(outbox, email: str) -> str:
    message = outbox.latest(email, "Código de verificación")
    return re.search(r"\b(\d{6})\b", message.body).group(1)


@pytest.fixture
def complete_application(outbox, django_capture_on_commit_callbacks):
    """Drives an application through every step up to the terms, through the services."""

    def make(
        person,
        *,
        email="persona@example.ec",
        base=Decimal("482.00"),
        spouse_cover=False,
        resident=False,
        country="ESP",
    ):
        application = services.voluntary_application_start(identity=person.cedula)
        services.voluntary_application_confirm_birth_date(
            application_id=application.pk, birth_date=person.birth_date
        )
        services.voluntary_application_set_base(
            application_id=application.pk, declared_base=base, spouse_cover=spouse_cover
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.voluntary_application_set_contact(
                application_id=application.pk, mobile="0991112233", email=email
            )
        services.voluntary_application_verify_email(
            application_id=application.pk, code=code_from(outbox, email)
        )
        services.voluntary_application_set_residence(
            application_id=application.pk,
            resident_in_ecuador=resident,
            residence_country="" if resident else country,
            address_abroad="" if resident else "Calle Mayor 1, Madrid",
            religion="undisclosed",
            home_address="Av. Amazonas N24-03, Quito",
        )
        return application

    return make


@pytest.fixture
def foreigners(db, settings):
    """Registry demo, the foreigners of sheets 01/02, two agencies offering both procedures,
    a clerk in Quito (Pichincha), legal advisors of Pichincha and Guayas."""
    from types import SimpleNamespace

    from iess.accounts.roles import Role
    from iess.accounts.services import staff_user_create
    from iess.affiliation import demo as affiliation_demo
    from iess.appointments import services as appointment_services
    from iess.appointments.models import Agency, AgencyService, ProcedureType

    # Argon2 is deliberately slow; these tests create four staff members each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    registry_demo.load()
    procedures = {
        slug: ProcedureType.objects.create(slug=slug, name=name)
        for slug, name in [
            ("codigo-extranjero-trabajador-independiente", "Código de extranjero"),
            ("certificado-no-afiliacion-extranjeros", "Certificado de no afiliación"),
        ]
    }
    quito = Agency.objects.create(
        name="CAU Quito Norte", province_id="17", city="Quito", address="Av. Amazonas"
    )
    guayaquil = Agency.objects.create(
        name="CAU Guayaquil Centro", province_id="09", city="Guayaquil", address="9 de Octubre"
    )
    for agency in (quito, guayaquil):
        for procedure in procedures.values():
            AgencyService.objects.create(agency=agency, procedure=procedure, counters=2)
    affiliation_demo.foreigners_load()
    password = "x-Demo-2026"
    clerk = staff_user_create(
        username="ventanilla", password=password, role=Role.COUNTER_CLERK, province_code="17"
    )
    appointment_services.membership_set(user=clerk, agency=quito)
    guayas_clerk = staff_user_create(
        username="ventanilla_gye", password=password, role=Role.COUNTER_CLERK, province_code="09"
    )
    appointment_services.membership_set(user=guayas_clerk, agency=guayaquil)
    legal = staff_user_create(
        username="juridico", password=password, role=Role.LEGAL_ADVISOR, province_code="17"
    )
    guayas_legal = staff_user_create(
        username="juridico_gye", password=password, role=Role.LEGAL_ADVISOR, province_code="09"
    )

    def attend(procedure_slug: str, name: str, agency=quito, user=clerk):
        """A walk-in turn (no cédula or code) called to counter 1: the turn being attended."""
        ticket = appointment_services.ticket_issue_walk_in(
            agency=agency, procedure=procedures[procedure_slug], reason="no_id", name=name
        )
        called = appointment_services.ticket_call_next(agency=agency, counter=1, actor=user)
        assert called.pk == ticket.pk
        return called

    return SimpleNamespace(
        procedures=procedures,
        quito=quito,
        guayaquil=guayaquil,
        clerk=clerk,
        guayas_clerk=guayas_clerk,
        legal=legal,
        guayas_legal=guayas_legal,
        password=password,
        attend=attend,
        person=affiliation_demo.foreigner_person,
        ruc=affiliation_demo.foreigner_ruc,
    )
