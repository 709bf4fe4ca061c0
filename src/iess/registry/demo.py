"""Deterministic demo identities: the same people, employers and numbers on every machine.

Check digits are never computed here by hand: for each number the last digit is the one that
python-stdnum accepts.
"""

import datetime

from stdnum.ec import ci, ruc

from iess.registry.models import Employer, Person
from iess.registry.services import province_sync
from iess.registry.validators import foreigner_code_make


def cedula_from(prefix: str) -> str:
    """The valid cédula that starts with these nine digits."""
    for digit in "0123456789":
        if ci.is_valid(prefix + digit):
            return prefix + digit
    raise ValueError(f"no valid cédula starts with {prefix}")


def company_ruc_from(prefix: str) -> str:
    """The valid private-company RUC (third digit 9) that starts with these nine digits."""
    for digit in "0123456789":
        candidate = f"{prefix}{digit}001"
        if ruc.is_valid(candidate):
            return candidate
    raise ValueError(f"no valid RUC starts with {prefix}")


# (key, cédula prefix or None, first names, last names, birth date, province, nationality,
#  passport, foreigner code serial, email, mobile)
PERSONS = [
    (
        "maria",
        "171430710",
        "María Fernanda",
        "Andrade López",
        "1985-03-14",
        "17",
        "ECU",
        "",
        None,
        "maria.andrade@example.ec",
        "+593991234567",
    ),
    (
        "jose",
        "092345678",
        "José Luis",
        "Cevallos Moreira",
        "1990-07-02",
        "09",
        "ECU",
        "",
        None,
        "jose.cevallos@example.ec",
        "+593987654321",
    ),
    (
        "rosa",
        "170212345",
        "Rosa Elena",
        "Quishpe Tituaña",
        "1950-11-23",
        "17",
        "ECU",
        "",
        None,
        "rosa.quishpe@example.ec",
        "+593998877665",
    ),
    (
        "carlos",
        "130987654",
        "Carlos Andrés",
        "Vera Zambrano",
        "1998-01-30",
        "13",
        "ECU",
        "",
        None,
        "carlos.vera@example.ec",
        "+593991112233",
    ),
    (
        "ana",
        "010456789",
        "Ana Lucía",
        "Paredes Ortiz",
        "1979-05-09",
        "01",
        "ECU",
        "",
        None,
        "ana.paredes@example.ec",
        "+593992223344",
    ),
    (
        "diego",
        "180345612",
        "Diego Sebastián",
        "Torres Mena",
        "2001-09-17",
        "18",
        "ECU",
        "",
        None,
        "diego.torres@example.ec",
        "+593993334455",
    ),
    (
        "lucia",
        "110234567",
        "Lucía Belén",
        "Jaramillo Celi",
        "1988-12-01",
        "11",
        "ECU",
        "",
        None,
        "lucia.jaramillo@example.ec",
        "+593994445566",
    ),
    (
        "pedro",
        "070876543",
        "Pedro Xavier",
        "Ramírez Loor",
        "1972-04-25",
        "07",
        "ECU",
        "",
        None,
        "pedro.ramirez@example.ec",
        "+593995556677",
    ),
    (
        "sofia",
        "100567890",
        "Sofía Alejandra",
        "Guerrero Pozo",
        "2010-02-11",
        "10",
        "ECU",
        "",
        None,
        "sofia.guerrero@example.ec",
        "",
    ),
    (
        "valentina",
        None,
        "Valentina",
        "Rojas Pérez",
        "1993-06-21",
        "17",
        "VEN",
        "V12345678",
        None,
        "valentina.rojas@example.com",
        "+593996667788",
    ),
    (
        "john",
        None,
        "John Michael",
        "Smith",
        "1980-10-05",
        "09",
        "USA",
        "567891234",
        1234,
        "john.smith@example.com",
        "+593997778899",
    ),
    (
        "camila",
        "176543210",
        "Camila",
        "Gómez Restrepo",
        "1995-08-08",
        "17",
        "COL",
        "AS987654",
        None,
        "camila.gomez@example.com",
        "+593998889900",
    ),
]

EMPLOYERS = [
    ("andina", "179206034", "Comercial Andina S.A.", "private", "maria", "17"),
    ("pacifico", "099123457", "Exportadora del Pacífico Cía. Ltda.", "private", "jose", "09"),
    ("austro", "019087655", "Textiles del Austro S.A.", "private", "ana", "01"),
    ("ministerio", None, "Gobierno Autónomo Descentralizado Demo", "public", None, "17"),
    ("taller", None, "Taller Artesanal Ramírez", "artisan", "pedro", "07"),
]
PUBLIC_RUC = "1760001550001"


def load() -> dict[str, int]:
    province_sync()
    persons = {}
    for (
        key,
        prefix,
        first,
        last,
        born,
        province,
        nationality,
        passport,
        serial,
        email,
        mobile,
    ) in PERSONS:
        identity = (
            {"cedula": cedula_from(prefix)}
            if prefix
            else {"nationality": nationality, "passport_number": passport}
        )
        persons[key], _created = Person.objects.update_or_create(
            **identity,
            defaults={
                "first_names": first,
                "last_names": last,
                "birth_date": datetime.date.fromisoformat(born),
                "province_id": province,
                "nationality": nationality,
                "passport_number": passport,
                "foreigner_code": foreigner_code_make(serial) if serial else None,
                "email": email,
                "mobile": mobile,
                "address": f"Calle demo {len(key) * 7}, {province}",
            },
        )
    for key, prefix, name, sector, representative, province in EMPLOYERS:
        if prefix:
            number = company_ruc_from(prefix)
        elif sector == "public":
            number = PUBLIC_RUC
        else:
            number = persons[representative].cedula + "001"
        Employer.objects.update_or_create(
            ruc=number,
            defaults={
                "legal_name": name,
                "sector": sector,
                "legal_representative": persons.get(representative),
                "email": f"talento.humano@{key}.example.ec",
                "province_id": province,
            },
        )
    return {"persons": len(PERSONS), "employers": len(EMPLOYERS)}


def demo_person(key: str) -> Person:
    """The demo person with this key (for tests and other apps' demo data)."""
    for row in PERSONS:
        if row[0] == key:
            _key, prefix, *_rest = row
            if prefix:
                return Person.objects.get(cedula=cedula_from(prefix))
            return Person.objects.get(nationality=row[6], passport_number=row[7])
    raise KeyError(key)
