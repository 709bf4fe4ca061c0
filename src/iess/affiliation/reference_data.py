"""Reference data the voluntary affiliation needs in production as well as in the demo: the
rates of the Seguro Voluntario and the Salario Básico Unificado of 2024-2026. From then on an
administrator maintains both tables (new periods) in the admin."""

import datetime
from decimal import Decimal

RATES = [
    # valid_from, valid_to, contribution rate, spouse/partner health extension rate
    ("2024-01-01", None, "0.1760", "0.0341"),
]
SBU = [
    ("2024-01-01", "2024-12-31", "460.00"),
    ("2025-01-01", "2025-12-31", "470.00"),
    # Open-ended until an administrator closes it and enters the next year's SBU.
    ("2026-01-01", None, "482.00"),
]


def iso_date(value):
    return datetime.date.fromisoformat(value) if value else None


def load(apps, schema_editor=None):
    rate_model = apps.get_model("affiliation", "VoluntaryRate")
    sbu_model = apps.get_model("affiliation", "SalarioBasico")
    for valid_from, valid_to, contribution, spouse in RATES:
        rate_model.objects.get_or_create(
            valid_from=iso_date(valid_from),
            defaults={
                "valid_to": iso_date(valid_to),
                "contribution_rate": Decimal(contribution),
                "spouse_health_rate": Decimal(spouse),
            },
        )
    for valid_from, valid_to, amount in SBU:
        sbu_model.objects.get_or_create(
            valid_from=iso_date(valid_from),
            defaults={"valid_to": iso_date(valid_to), "amount": Decimal(amount)},
        )


def load_if_missing(apps) -> None:
    """Puts the reference rows back when the tables are empty (a flushed database): Django
    sends post_migrate after every flush, as it does to recreate content types."""
    rate_model = apps.get_model("affiliation", "VoluntaryRate")
    if not rate_model.objects.exists():
        load(apps)
