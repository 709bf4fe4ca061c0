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
