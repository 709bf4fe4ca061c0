"""Reads for the two counter procedures of foreigners (sheets 01 and 02): who may act on
which request, the affiliation records found by passport, and the RUC comparison."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from iess.accounts.roles import Role, user_has_role
from iess.accounts.selectors import staff_province_scope
from iess.affiliation.models import (
    Affiliation,
    Contribution,
    EmploymentRecord,
    ForeignerCodeRequest,
    NonAffiliationRequest,
)
from iess.registry.validators import country_name, text_comparable

CODE_PROCEDURE = "codigo-extranjero-trabajador-independiente"
CERTIFICATE_PROCEDURE = "certificado-no-afiliacion-extranjeros"


def clerk_province_code(user) -> str | None:
    """The province of the agency where a counter clerk works (None: no agency, no access)."""
    from iess.appointments.selectors import staff_agency

    if not user_has_role(user, Role.COUNTER_CLERK, Role.ADMINISTRATOR):
        return None
    agency = staff_agency(user)
    return agency.province_id if agency else None


def clerk_ticket_get(*, user, ticket_id):
    """The turn the clerk is attending now in their agency, or None."""
    from iess.appointments.selectors import staff_agency, ticket_called_get

    agency = staff_agency(user)
    if agency is None or not user_has_role(user, Role.COUNTER_CLERK, Role.ADMINISTRATOR):
        return None
    return ticket_called_get(agency=agency, ticket_id=ticket_id)


def legal_advisor_scope(user) -> tuple[bool, str | None]:
    """(is a legal advisor, province code or None for national scope; an advisor without a
    staff profile is limited to no province at all)."""
    if not user_has_role(user, Role.LEGAL_ADVISOR):
        return False, None
    return True, staff_province_scope(user)


def power_review_list(*, user):
    """Notarial powers awaiting the legal unit, of the advisor's province only."""
    allowed, province = legal_advisor_scope(user)
    if not allowed:
        return ForeignerCodeRequest.objects.none()
    requests = ForeignerCodeRequest.objects.filter(
        status=ForeignerCodeRequest.Status.AWAITING_LEGAL
    ).select_related("province")
    return requests if province is None else requests.filter(province_id=province)


def power_review_get(*, user, request_id) -> ForeignerCodeRequest | None:
    allowed, province = legal_advisor_scope(user)
    if not allowed:
        return None
    requests = ForeignerCodeRequest.objects.filter(pk=request_id)
    if province is not None:
        requests = requests.filter(province_id=province)
    return requests.select_related("province").first()


def foreigner_code_request_list(*, province_code: str):
    return ForeignerCodeRequest.objects.filter(province_id=province_code).select_related("person")


def foreigner_code_request_get(*, province_code: str, request_id) -> ForeignerCodeRequest | None:
    return foreigner_code_request_list(province_code=province_code).filter(pk=request_id).first()


def foreigner_code_requests_for_ticket(*, ticket):
    return ForeignerCodeRequest.objects.filter(ticket=ticket)


def non_affiliation_request_get(*, province_code: str, request_id) -> NonAffiliationRequest | None:
    return NonAffiliationRequest.objects.filter(province_id=province_code, pk=request_id).first()


def non_affiliation_requests_for_ticket(*, ticket):
    return NonAffiliationRequest.objects.filter(ticket=ticket)


def affiliation_records_of(*, person) -> list[str]:
    """What the affiliation records hold for this person, one line each (empty: no record)."""
    holder = Q(person=person)
    found = []
    for affiliation in Affiliation.objects.filter(holder).select_related("employer"):
        found.append(
            _("Afiliación %(kind)s desde %(start)s")
            % {
                "kind": affiliation.get_kind_display(),
                "start": f"{affiliation.start_date:%d/%m/%Y}",
            }
        )
    for record in EmploymentRecord.objects.filter(holder).select_related("employer"):
        found.append(
            _("Historia laboral con %(employer)s desde %(start)s")
            % {"employer": record.employer.legal_name, "start": f"{record.start_date:%d/%m/%Y}"}
        )
    if not found and Contribution.objects.filter(holder).exists():
        found.append(_("Aportes registrados"))
    return found


@dataclass(frozen=True)
class Mismatch:
    field: str
    requested: str
    registered: str


def ruc_identity_mismatches(
    *, record, first_names: str, last_names: str, nationality: str, passport: str, visa: str
) -> list[Mismatch]:
    """Field by field, where the identity in the request differs from the RUC holder's."""
    mismatches = []
    full_name = f"{first_names} {last_names}"
    if text_comparable(full_name) != text_comparable(record.holder_name):
        mismatches.append(Mismatch(str(_("Nombres y apellidos")), full_name, record.holder_name))
    if passport:
        registered = record.holder_passport or record.identity_document
        if text_comparable(passport) != text_comparable(registered):
            mismatches.append(Mismatch(str(_("Pasaporte")), passport, registered))
    else:
        registered = record.holder_visa or record.identity_document
        if text_comparable(visa) != text_comparable(registered):
            mismatches.append(Mismatch(str(_("Visa")), visa, registered))
    if record.holder_nationality and record.holder_nationality != nationality:
        mismatches.append(
            Mismatch(
                str(_("Nacionalidad")),
                country_name(nationality),
                country_name(record.holder_nationality),
            )
        )
    return mismatches
