import datetime

from django.utils import timezone

from iess.accounts.employer_services import (
    Channel,
    employer_clave_issue,
    employer_clave_request_create,
)
from iess.accounts.models import EmployerAccount, EmployerClaveRequest
from iess.accounts.roles import Role
from iess.accounts.services import (
    portal_account_set_password,
    roles_sync,
    secret_questions_set,
    staff_user_create,
)
from iess.notifications.models import EmailVerification
from iess.registry.demo import company_ruc_from, demo_person
from iess.registry.employer_selectors import employer_registration_get_by_ruc
from iess.registry.employer_services import EMAIL_PURPOSE, employer_register

DEMO_STAFF_PASSWORD = "Demo-IESS-2026"

# (username, role, first name, last name, province code or None for national)
DEMO_STAFF = [
    ("ventanilla", Role.COUNTER_CLERK, "Paola", "Cárdenas", "17"),
    ("revisor", Role.PROVINCIAL_REVIEWER, "Marco", "Salazar", "17"),
    ("juridico", Role.LEGAL_ADVISOR, "Gabriela", "Núñez", "17"),
    ("admin", Role.ADMINISTRATOR, "Andrés", "Villacís", None),
]

# (person key, clave, personal questions and answers)
DEMO_AFFILIATES = [
    ("maria", "Quito2026demo", [("first_pet", "Mishi"), ("mother_city", "Loja")]),
]


def load() -> dict[str, int]:
    roles_sync()
    for username, role, first, last, province in DEMO_STAFF:
        staff_user_create(
            username=username,
            password=DEMO_STAFF_PASSWORD,
            role=role,
            first_name=first,
            last_name=last,
            email=f"{username}@iess.example.ec",
            province_code=province,
        )
    # One affiliate who already has a clave (the others generate theirs at /clave/).
    for key, clave, questions in DEMO_AFFILIATES:
        person = demo_person(key)
        secret_questions_set(person=person, questions=questions)
        portal_account_set_password(person=person, password=clave)
    employers = _demo_employers_load()
    return {
        "staff": len(DEMO_STAFF),
        "portal_accounts": len(DEMO_AFFILIATES),
        "employer_registrations": employers,
    }


# (RUC, legal name, sector, representative key, email, Calificación Artesanal, third party,
#  clave patronal already active)
DEMO_EMPLOYER_CLAVE = "Patronal2026demo"


def _demo_employers():
    pedro = demo_person("pedro")
    return [
        (
            company_ruc_from("179206034"),
            "Comercial Andina S.A.",
            "private",
            "maria",
            "talento.humano@andina.example.ec",
            None,
            None,
            True,
        ),
        (
            company_ruc_from("099123457"),
            "Exportadora del Pacífico Cía. Ltda.",
            "private",
            "jose",
            "talento.humano@pacifico.example.ec",
            None,
            None,
            False,
        ),
        (
            pedro.cedula + "001",
            "Taller Artesanal Ramírez",
            "artisan",
            "pedro",
            "talento.humano@taller.example.ec",
            ("JNDA-07-2025-0412", datetime.date(2025, 6, 2)),
            ("Lucía Paredes", demo_person("lucia").cedula),
            False,
        ),
    ]


def _demo_request(registration, third_party):
    name, cedula = third_party or ("", "")
    return employer_clave_request_create(
        registration=registration, third_party_name=name, third_party_cedula=cedula
    )


def _demo_employers_load() -> int:
    """Registered demo employers, each with a pending request: Andina also has an active
    clave patronal (its request asks for a new one), the artisan workshop's authorises a
    third party."""
    rows = _demo_employers()
    for ruc, name, sector, representative, email, artisan, third_party, active in rows:
        registration = employer_registration_get_by_ruc(ruc)
        if registration is None:
            now = timezone.now()
            # Demo only: the email counts as verified, as if the code had been typed.
            verification = EmailVerification.objects.create(
                purpose=EMAIL_PURPOSE,
                email=email,
                code_hash="demo",
                sent_at=now,
                expires_at=now + datetime.timedelta(minutes=10),
                verified_at=now,
            )
            registration = employer_register(
                ruc=ruc,
                legal_name=name,
                sector=sector,
                representative_document="cedula",
                representative_number=demo_person(representative).cedula,
                artisan_qualification_number=artisan[0] if artisan else "",
                artisan_qualification_date=artisan[1] if artisan else None,
                email=email,
                email_verification_id=verification.pk,
            )
        employer = registration.employer
        if active and not EmployerAccount.objects.filter(employer=employer).exists():
            clave_request = _demo_request(registration, third_party)
            employer_clave_issue(
                clave_request_id=clave_request.pk,
                actor="demo",
                channel=Channel.COUNTER,
                reason="Datos de demostración",
            )
            account = EmployerAccount.objects.get(employer=employer)
            account.user.set_password(DEMO_EMPLOYER_CLAVE)
            account.user.save(update_fields=["password"])
            account.activated_at = timezone.now()
            account.save(update_fields=["activated_at"])
        # Every demo employer has a pending request (Andina's asks for a new clave), so the
        # Ventanilla demo submissions of Andina and Pacífico can be approved by a reviewer.
        if not EmployerClaveRequest.objects.filter(employer=employer, status="pending").exists():
            _demo_request(registration, third_party)
    return len(rows)


def logins() -> list[str]:
    staff = [
        f"{role.label}: {username} / {DEMO_STAFF_PASSWORD}  (/oficina/)"
        for username, role, *_rest in DEMO_STAFF
    ]
    affiliates = [
        f"Afiliado: {demo_person(key).identity_number} / {clave}  (/portal/; preguntas: "
        + ", ".join(answer for _question, answer in questions)
        + ")"
        for key, clave, questions in DEMO_AFFILIATES
    ]
    employers = []
    for ruc, name, _sector, _rep, _email, _artisan, _third, active in _demo_employers():
        if active:
            employers.append(
                f"Empleador: {ruc} / {DEMO_EMPLOYER_CLAVE}  (/portal/empleador/; {name}; "
                "aprobar su solicitud pendiente emite una clave nueva)"
            )
        if not active:
            pending = EmployerClaveRequest.objects.filter(
                employer__ruc=ruc, status="pending"
            ).first()
            code = pending.code if pending else "—"
            employers.append(
                f"Empleador con solicitud de clave pendiente: {ruc} ({name}; solicitud {code}; "
                "entregar en /oficina/clave-patronal/ o por la Ventanilla Virtual)"
            )
    return staff + affiliates + employers
