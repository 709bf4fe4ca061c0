"""Shared set-up for the clave patronal tests: registered demo employers with a request."""

import datetime
import re

from django.utils import timezone

from iess.accounts.employer_services import employer_clave_request_create
from iess.notifications.models import EmailVerification
from iess.registry.demo import demo_person
from iess.registry.employer_services import EMAIL_PURPOSE, employer_register

ANDINA_RUC = "1792060346001"
PACIFICO_RUC = "0991234578001"


def verified_email(email: str):
    now = timezone.now()
    return EmailVerification.objects.create(
        purpose=EMAIL_PURPOSE,
        email=email,
        code_hash="-",
        sent_at=now,
        expires_at=now + datetime.timedelta(minutes=10),
        verified_at=now,
    ).pk


def register(ruc, legal_name, representative_key, email):
    return employer_register(
        ruc=ruc,
        legal_name=legal_name,
        sector="private",
        representative_document="cedula",
        representative_number=demo_person(representative_key).cedula,
        email=email,
        email_verification_id=verified_email(email),
    )


def andina_request(**third_party):
    registration = register(ANDINA_RUC, "Comercial Andina S.A.", "maria", "rrhh@andina.example.ec")
    return employer_clave_request_create(registration=registration, **third_party)


def activation_path(body: str) -> str:
    match = re.search(r"https?://[^/\s]+(/portal/empleador/activar/[^\s]+/)", body)
    assert match, body
    return match.group(1)
