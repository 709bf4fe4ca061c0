from iess.accounts.roles import Role
from iess.accounts.services import roles_sync, staff_user_create

DEMO_STAFF_PASSWORD = "Demo-IESS-2026"

# (username, role, first name, last name, province code or None for national)
DEMO_STAFF = [
    ("ventanilla", Role.COUNTER_CLERK, "Paola", "Cárdenas", "17"),
    ("revisor", Role.PROVINCIAL_REVIEWER, "Marco", "Salazar", "17"),
    ("juridico", Role.LEGAL_ADVISOR, "Gabriela", "Núñez", "17"),
    ("admin", Role.ADMINISTRATOR, "Andrés", "Villacís", None),
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
    return {"staff": len(DEMO_STAFF)}


def logins() -> list[str]:
    return [
        f"{role.label}: {username} / {DEMO_STAFF_PASSWORD}  (/oficina/)"
        for username, role, *_rest in DEMO_STAFF
    ]
