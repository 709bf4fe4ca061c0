import datetime
import re

import pytest
from django.utils import timezone

from iess.appointments import rules, services
from iess.appointments.models import Agency, AgencyService, ProcedureType
from iess.catalog.services import procedures_load as catalog_procedures_load
from iess.registry import demo as registry_demo

# Monday 23 November 2026, 10:00 in Ecuador: every test runs at this wall-clock time.
MONDAY_10 = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=rules.ECUADOR)


class Clock:
    def __init__(self, moment):
        self.moment = moment.astimezone(datetime.UTC)

    def __call__(self):
        return self.moment

    def set(self, moment):
        self.moment = moment.astimezone(datetime.UTC)

    def advance(self, **delta):
        self.moment += datetime.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    """Freezes django.utils.timezone.now (used by services, models and notifications)."""
    frozen = Clock(MONDAY_10)
    monkeypatch.setattr(timezone, "now", frozen)
    return frozen


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A time in November/December 2026 in Ecuador (day counted from 1 November)."""
    return datetime.datetime(2026, 11, 1, hour, minute, tzinfo=rules.ECUADOR) + datetime.timedelta(
        days=day - 1
    )


@pytest.fixture
def turnero(db, clock):
    registry_demo.load()
    catalog_procedures_load()
    procedures = {
        slug: ProcedureType.objects.create(slug=slug, name=name)
        for slug, name in [
            (
                "codigo-extranjero-trabajador-independiente",
                "Asignación de código de identificación para extranjeros para trabajador "
                "independiente",
            ),
            (
                "certificado-no-afiliacion-extranjeros",
                "Certificado de no afiliación al IESS para extranjeros",
            ),
            ("clave-patronal-portal", "Clave patronal portal IESS"),
        ]
    }
    quito = Agency.objects.create(
        name="CAU Quito Norte",
        province_id="17",
        city="Quito",
        address="Av. Amazonas",
        kind="regular",
    )
    guayaquil = Agency.objects.create(
        name="CAU Guayaquil Centro", province_id="09", city="Guayaquil", address="9 de Octubre"
    )
    for agency in (quito, guayaquil):
        for procedure in procedures.values():
            AgencyService.objects.create(
                agency=agency, procedure=procedure, counters=2, slot_minutes=20
            )

    class Turnero:
        pass

    data = Turnero()
    data.procedures = procedures
    data.clave = procedures["clave-patronal-portal"]
    data.certificado = procedures["certificado-no-afiliacion-extranjeros"]
    data.quito = quito
    data.guayaquil = guayaquil
    return data


@pytest.fixture
def verify(django_capture_on_commit_callbacks, outbox):
    """Runs the email-code verification for a person as the pages do; returns its id."""

    def run(person, email=None):
        email = email or person.email
        with django_capture_on_commit_callbacks(execute=True):
            verification, _mobile = services.appointment_verification_start(
                person=person, email=email, mobile="0991234567"
            )
        message = outbox.latest(email, "Verificar IESS turno online")
        code = re.search(r"\b(\d{6})\b", message.body).group(1)
        from iess.notifications.services import email_verification_check

        email_verification_check(verification_id=verification.id, code=code)
        return verification.id

    return run


@pytest.fixture
def book(verify, turnero, django_capture_on_commit_callbacks):
    """Books a turn for a demo person through the service (confirmation email included)."""

    def run(person, starts_at, *, procedure=None, agency=None, **extra):
        verification_id = verify(person)
        with django_capture_on_commit_callbacks(execute=True):
            return services.appointment_book(
                verification_id=verification_id,
                person=person,
                procedure=procedure or turnero.clave,
                agency=agency or turnero.quito,
                starts_at=starts_at,
                email=person.email,
                mobile="+593991234567",
                **extra,
            )

    return run


class CatalogAttentions:
    """The attentions the catalog counted (its transparency figures), oldest first."""

    def _rows(self):
        from iess.catalog.models import Attention

        return [
            {
                "procedure_slug": attention.procedure.slug,
                "channel": attention.channel,
                "agency": attention.agency,
                "reference": attention.reference,
                "at": attention.at,
            }
            for attention in Attention.objects.select_related("procedure").order_by("id")
        ]

    def __len__(self):
        return len(self._rows())

    def __getitem__(self, index):
        return self._rows()[index]

    def __iter__(self):
        return iter(self._rows())

    def __eq__(self, other):
        return self._rows() == other


@pytest.fixture
def attentions(turnero):
    return CatalogAttentions()
