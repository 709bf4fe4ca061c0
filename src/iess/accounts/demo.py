from iess.accounts.roles import Role
from iess.accounts.services import (
    portal_account_set_password,
    roles_sync,
    secret_questions_set,
    staff_user_create,
)
from iess.registry.demo import demo_person

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
    return {"staff": len(DEMO_STAFF), "portal_accounts": len(DEMO_AFFILIATES)}


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
    return staff + affiliates
