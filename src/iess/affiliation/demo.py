"""Deterministic demo affiliation histories: several employers, gaps between jobs, a retired
person (rosa), an independent worker (pedro). carlos and diego were never affiliated and
valentina has nothing at all: the voluntary-affiliation demo starts from them.

The foreigners' counter procedures (sheets 01 and 02) get their own people: valentina and
luis hold a RUC as independent workers and no code (luis's request came through an apoderado
and waits for the legal unit of Pichincha); giulia has never been affiliated (certificate
issued); pierre once worked in Ecuador on his passport (certificate refused)."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from iess.affiliation.models import (
    Affiliation,
    Contribution,
    EmploymentRecord,
    ForeignerCodeRequest,
    Retirement,
)
from iess.registry.demo import EMPLOYERS, company_ruc_from, demo_person
from iess.registry.models import Employer
from iess.registry.selectors import person_get_by_travel_document
from iess.registry.services import person_foreigner_register, taxpayer_register

# Contributions run through this month, whatever the day the demo is loaded.
DEMO_THROUGH = datetime.date(2026, 10, 1)

EMPLOYEE_RATE = Decimal("0.2060")  # 9.45 % personal + 11.15 % employer
INDEPENDENT_RATE = Decimal("0.1760")

# Salario Básico Unificado (USD) by year; the years in between are interpolated.
SBU_POINTS = {
    1972: 20,
    1990: 40,
    2000: 100,
    2008: 202,
    2010: 240,
    2012: 292,
    2014: 340,
    2016: 366,
    2018: 386,
    2020: 400,
    2022: 425,
    2024: 460,
    2025: 470,
    2026: 482,
}

# person key -> [(employer key or None for independent, start, end or None, salary / SBU)]
HISTORIES = {
    "maria": [("austro", "2008-02-01", "2013-06-30", 1.4), ("andina", "2014-09-01", None, 2.6)],
    "jose": [("taller", "2010-03-01", "2011-12-31", 1.0), ("pacifico", "2012-04-01", None, 1.8)],
    "rosa": [
        ("taller", "1972-05-01", "1980-08-31", 1.0),
        ("ministerio", "1981-01-01", "2015-10-31", 2.2),
    ],
    "ana": [
        ("austro", "2001-06-01", "2012-12-31", 1.3),
        ("andina", "2013-03-01", "2016-08-31", 2.0),
        ("ministerio", "2019-01-01", None, 2.8),
    ],
    "lucia": [
        ("ministerio", "2011-10-01", "2017-05-31", 1.6),
        ("pacifico", "2017-07-01", "2020-03-31", 1.9),
        ("andina", "2022-01-01", None, 2.1),
    ],
    "pedro": [("andina", "1994-01-01", "2004-12-31", 1.2), (None, "2005-01-01", None, 1.5)],
    "john": [("pacifico", "2019-08-01", None, 3.0)],
    "camila": [
        ("austro", "2018-01-01", "2020-06-30", 1.1),
        ("andina", "2021-02-01", "2023-11-30", 1.5),
    ],
}
RETIREMENTS = {"rosa": "2015-11-01"}

EMPLOYER_LEGAL_NAMES = {row[0]: row[2] for row in EMPLOYERS}


def sbu(year: int) -> Decimal:
    years = sorted(SBU_POINTS)
    if year <= years[0]:
        return Decimal(SBU_POINTS[years[0]])
    for low, high in zip(years, years[1:], strict=False):
        if low <= year <= high:
            share = Decimal(year - low) / Decimal(high - low)
            return Decimal(SBU_POINTS[low]) + share * (SBU_POINTS[high] - SBU_POINTS[low])
    return Decimal(SBU_POINTS[years[-1]])


def months(start: datetime.date, end: datetime.date):
    month = start.replace(day=1)
    while month <= end:
        yield month
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def load() -> dict[str, int]:
    employers = {
        key: Employer.objects.get(legal_name=name) for key, name in EMPLOYER_LEGAL_NAMES.items()
    }
    counts = {"affiliations": 0, "contributions": 0, "employment_records": 0, "retirements": 0}
    for person_key, jobs in HISTORIES.items():
        person = demo_person(person_key)
        for employer_key, start_text, end_text, factor in jobs:
            start = datetime.date.fromisoformat(start_text)
            end = datetime.date.fromisoformat(end_text) if end_text else None
            employer = employers[employer_key] if employer_key else None
            kind = Affiliation.Kind.EMPLOYEE if employer else Affiliation.Kind.INDEPENDENT
            affiliation, _created = Affiliation.objects.update_or_create(
                person=person,
                kind=kind,
                employer=employer,
                start_date=start,
                defaults={
                    "end_date": end,
                    "status": Affiliation.Status.ENDED if end else Affiliation.Status.ACTIVE,
                },
            )
            counts["affiliations"] += 1
            if employer:
                EmploymentRecord.objects.update_or_create(
                    person=person, employer=employer, start_date=start, defaults={"end_date": end}
                )
                counts["employment_records"] += 1
            rate = EMPLOYEE_RATE if employer else INDEPENDENT_RATE
            rows = []
            for month in months(start, end or DEMO_THROUGH):
                base = cents(sbu(month.year) * Decimal(str(factor)))
                rows.append(
                    Contribution(
                        affiliation=affiliation,
                        person=person,
                        employer=employer,
                        month=month,
                        base=base,
                        amount=cents(base * rate),
                    )
                )
            Contribution.objects.bulk_create(rows, ignore_conflicts=True)
            counts["contributions"] += len(rows)
    counts["foreigners"] = foreigners_load()
    for person_key, since in RETIREMENTS.items():
        Retirement.objects.update_or_create(
            person=demo_person(person_key),
            defaults={"since": datetime.date.fromisoformat(since)},
        )
        counts["retirements"] += 1
    return counts


# key -> (first names, last names, birth date, nationality, passport, visa, email, RUC prefix)
FOREIGNERS = {
    "luis": (
        "Luis Alberto",
        "Mendoza Quispe",
        "1987-02-14",
        "PER",
        "P4455667",
        "",
        "luis.mendoza@example.com",
        "179300002",
    ),
    "giulia": (
        "Giulia",
        "Bianchi",
        "1991-09-03",
        "ITA",
        "YA1234567",
        "VRT-2026-0451",
        "giulia.bianchi@example.com",
        None,
    ),
    "pierre": (
        "Pierre",
        "Dubois",
        "1984-12-12",
        "FRA",
        "18AB12345",
        "VRT-2015-0077",
        "pierre.dubois@example.com",
        None,
    ),
    # Sheet 01's alternative requirement: no passport, identified by the visa.
    "samira": (
        "Samira",
        "Haddad Nasser",
        "1989-04-30",
        "SYR",
        "",
        "VRT-2025-1187",
        "samira.haddad@example.com",
        "179300003",
    ),
}
VALENTINA_RUC_PREFIX = "179300001"
# pierre's job on his passport, years ago: the non-affiliation certificate finds it.
PIERRE_JOB = ("austro", "2015-03-01", "2017-02-28")
LUIS_POWER = {
    "proxy_names": "María Fernanda Andrade López",
    "proxy_identity": "1714307103",
    "power_notary": "Notaría Tercera del cantón Quito",
    "power_reference": "2026-17-01-03-P04512",
}


def foreigner_person(key: str):
    """A demo foreigner of the counter procedures (valentina comes from the registry demo)."""
    if key == "valentina":
        return demo_person("valentina")
    row = FOREIGNERS[key]
    return person_get_by_travel_document(
        nationality=row[3], passport_number=row[4], visa_number=row[5]
    )


def foreigner_ruc(key: str) -> str:
    prefix = VALENTINA_RUC_PREFIX if key == "valentina" else FOREIGNERS[key][7]
    return company_ruc_from(prefix)


def foreigners_load() -> int:
    """The demo foreigners of sheets 01 and 02, through the registry's services."""
    from iess.affiliation.foreigner_services import foreigner_code_request_create

    persons = {"valentina": demo_person("valentina")}
    for key, (first, last, born, nationality, passport, visa, email, _ruc) in FOREIGNERS.items():
        persons[key] = person_foreigner_register(
            first_names=first,
            last_names=last,
            birth_date=datetime.date.fromisoformat(born),
            nationality=nationality,
            passport_number=passport,
            visa_number=visa,
            email=email,
            province_code="17",
        )
    for key in ("valentina", "luis", "samira"):
        taxpayer_register(ruc=foreigner_ruc(key), holder=persons[key], province_code="17")
    employer_key, start, end = PIERRE_JOB
    employer = Employer.objects.get(legal_name=EMPLOYER_LEGAL_NAMES[employer_key])
    Affiliation.objects.get_or_create(
        person=persons["pierre"],
        kind=Affiliation.Kind.EMPLOYEE,
        employer=employer,
        start_date=datetime.date.fromisoformat(start),
        defaults={"end_date": datetime.date.fromisoformat(end), "status": Affiliation.Status.ENDED},
    )
    EmploymentRecord.objects.get_or_create(
        person=persons["pierre"],
        employer=employer,
        start_date=datetime.date.fromisoformat(start),
        defaults={"end_date": datetime.date.fromisoformat(end)},
    )
    luis = persons["luis"]
    if not luis.foreigner_code and not ForeignerCodeRequest.objects.filter(person=luis).exists():
        first, last, born, nationality, passport, *_rest = FOREIGNERS["luis"]
        foreigner_code_request_create(
            actor=None,
            province_code="17",
            first_names=first,
            last_names=last,
            birth_date=datetime.date.fromisoformat(born),
            nationality=nationality,
            passport_number=passport,
            visa_number="",
            ruc=foreigner_ruc("luis"),
            narrative="Solicito el código de identificación para afiliarme como trabajador "
            "independiente.",
            signed_by_hand=True,
            identity_document_seen=True,
            **LUIS_POWER,
        )
    return len(persons)


def logins() -> list[str]:
    return [
        f"Extranjero para código (ventanilla): Valentina Rojas Pérez, pasaporte VEN V12345678, "
        f"RUC {foreigner_ruc('valentina')}",
        "Extranjera sin pasaporte, con visa (ventanilla): Samira Haddad Nasser, SYR visa "
        f"VRT-2025-1187, RUC {foreigner_ruc('samira')}",
        "Poder notarial pendiente (juridico): Luis Alberto Mendoza Quispe, PER P4455667",
        "Certificado de no afiliación: Giulia Bianchi, ITA YA1234567, visa VRT-2026-0451 "
        "(sin registros: se emite); Pierre Dubois, FRA 18AB12345 (se niega: trabajó en el país)",
    ]
