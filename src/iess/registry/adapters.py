"""External registries behind one interface each.

The Registro Civil answers a cédula with names and birth date; the SRI answers a RUC with its
holder and identity document. The default implementations read the system's own registry
tables (kept by staff, filled by the demo data). A real adapter is another class with the same
methods, named in settings (REGISTRY_CIVIL_ADAPTER, REGISTRY_TAX_ADAPTER); callers never change.
"""

import datetime
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from iess.registry.models import Employer, Person


@dataclass(frozen=True)
class CivilRecord:
    cedula: str
    first_names: str
    last_names: str
    birth_date: datetime.date
    nationality: str

    @property
    def full_name(self) -> str:
        return f"{self.first_names} {self.last_names}"


@dataclass(frozen=True)
class TaxRecord:
    ruc: str
    holder_name: str
    identity_document: str
    sector: str
    # The identity document of a natural-person holder as the SRI records it (a foreigner
    # without cédula registers with the passport, or the visa when there is no passport).
    holder_passport: str = ""
    holder_visa: str = ""
    holder_nationality: str = ""


class CivilRegistry(Protocol):
    def lookup(self, cedula: str) -> CivilRecord | None: ...


class TaxRegistry(Protocol):
    def lookup(self, ruc: str) -> TaxRecord | None: ...


class LocalCivilRegistry:
    def lookup(self, cedula: str) -> CivilRecord | None:
        person = Person.objects.filter(cedula=cedula).first()
        if person is None:
            return None
        return CivilRecord(
            cedula=person.cedula,
            first_names=person.first_names,
            last_names=person.last_names,
            birth_date=person.birth_date,
            nationality=person.nationality,
        )


class LocalTaxRegistry:
    def lookup(self, ruc: str) -> TaxRecord | None:
        employer = Employer.objects.select_related("legal_representative").filter(ruc=ruc).first()
        if employer is None:
            return None
        representative = employer.legal_representative
        return TaxRecord(
            ruc=employer.ruc,
            holder_name=employer.legal_name,
            identity_document=representative.identity_number if representative else "",
            sector=employer.sector,
            holder_passport=representative.passport_number if representative else "",
            holder_visa=representative.visa_number if representative else "",
            holder_nationality=representative.nationality if representative else "",
        )


@cache
def _load(dotted_path: str):
    return import_string(dotted_path)()


def civil_registry() -> CivilRegistry:
    return _load(settings.REGISTRY_CIVIL_ADAPTER)


def tax_registry() -> TaxRegistry:
    return _load(settings.REGISTRY_TAX_ADAPTER)
