"""On PostgreSQL: the same RUC registered at once from two browsers registers once; the same
request issued at once by the counter and the Ventanilla is issued once."""

import pytest
from django.db import connection

from iess.accounts.employer_services import employer_clave_issue
from iess.accounts.models import EmployerAccount, EmployerClaveLink
from iess.accounts.roles import Role
from iess.accounts.services import staff_user_create
from iess.accounts.tests.employer_support import ANDINA_RUC, andina_request, verified_email
from iess.core.errors import ServiceError
from iess.core.models import AuditEntry
from iess.core.testing import run_together
from iess.registry.employer_services import employer_register
from iess.registry.models import EmployerRegistration

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL"
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("audit_log_flushable"),
]


def test_simultaneous_registrations_of_one_ruc_register_once(demo):
    maria = demo("maria")
    verifications = [verified_email(f"rrhh{n}@andina.example.ec") for n in range(3)]

    def registering(n):
        return lambda: employer_register(
            ruc=ANDINA_RUC,
            legal_name="Comercial Andina S.A.",
            sector="private",
            representative_document="cedula",
            representative_number=maria.cedula,
            email=f"rrhh{n}@andina.example.ec",
            email_verification_id=verifications[n],
        )

    outcomes = run_together(*(registering(n) for n in range(3)))
    assert EmployerRegistration.objects.filter(employer__ruc=ANDINA_RUC).count() == 1
    refused = [o for o in outcomes if isinstance(o, ServiceError)]
    assert len(refused) == 2
    assert {error.code for error in refused} == {"ruc_registered"}


def test_simultaneous_issues_of_one_request_issue_once(demo):
    clerk = staff_user_create(username="clerk", password="x-Demo-2026", role=Role.COUNTER_CLERK)
    reviewer = staff_user_create(
        username="rev", password="x-Demo-2026", role=Role.PROVINCIAL_REVIEWER
    )
    clave_request = andina_request()
    outcomes = run_together(
        lambda: employer_clave_issue(
            clave_request_id=clave_request.pk, actor=clerk, channel="counter"
        ),
        lambda: employer_clave_issue(
            clave_request_id=clave_request.pk, actor=reviewer, channel="virtual"
        ),
    )
    assert sum(isinstance(o, ServiceError) for o in outcomes) == 1
    assert EmployerAccount.objects.count() == 1
    assert EmployerClaveLink.objects.count() == 1
    assert AuditEntry.objects.filter(action="clave_patronal.issue").count() == 1
