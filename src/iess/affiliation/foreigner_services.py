"""The two counter procedures of foreigners: the identification code for an independent
worker (sheet 01) and the certificate of non-affiliation (sheet 02). Every function is one
audited staff action inside a transaction."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iess.affiliation import foreigner_selectors as selectors
from iess.affiliation.models import ForeignerCodeRequest, NonAffiliationRequest
from iess.core.errors import ServiceError
from iess.core.services import audit_record, snapshot
from iess.documents.services import document_issue, document_render
from iess.registry.adapters import tax_registry
from iess.registry.selectors import (
    person_get_by_travel_document,
    persons_holding_travel_documents,
)
from iess.registry.services import person_foreigner_code_assign, person_foreigner_register
from iess.registry.validators import (
    country_name,
    country_validate,
    document_number_compact,
    identity_number_parse,
    phone_validate,
    ruc_validate,
)

CODE_DOCUMENT_KIND = "codigo-extranjero"
CERTIFICATE_DOCUMENT_KIND = "certificado-no-afiliacion"


class RucMismatchError(ServiceError):
    """The identity in the request is not the RUC holder's; `mismatches` says field by field."""

    def __init__(self, mismatches: list[selectors.Mismatch]):
        super().__init__(
            _(
                "Los datos de identidad de la solicitud no coinciden con los del RUC: "
                "%(fields)s. No se puede continuar."
            )
            % {"fields": ", ".join(m.field for m in mismatches)},
            code="ruc_mismatch",
            field="ruc",
        )
        self.mismatches = mismatches


def _required(value: str, field: str, message) -> str:
    value = " ".join((value or "").split())
    if not value:
        raise ServiceError(message, code="required", field=field)
    return value


def _nationality(value: str) -> str:
    try:
        nationality = country_validate(value)
    except ValidationError as error:
        raise ServiceError(error.messages[0], field="nationality") from None
    if nationality == "ECU":
        raise ServiceError(
            _("Este trámite es para personas de nacionalidad extranjera."),
            code="not_foreigner",
            field="nationality",
        )
    return nationality


def _existing_identity_refusal(person, field: str = "passport_number") -> ServiceError | None:
    if person is None:
        return None
    if person.cedula:
        return ServiceError(
            _("La persona ya tiene cédula de identidad (%(cedula)s): no corresponde este trámite.")
            % {"cedula": person.cedula},
            code="has_cedula",
            field=field,
        )
    if person.foreigner_code:
        return ServiceError(
            _("La persona ya tiene el código de identificación para extranjero %(code)s.")
            % {"code": person.foreigner_code},
            code="has_code",
            field=field,
        )
    return None


# --- Sheet 01: foreigner identification code for an independent worker -------------------


@transaction.atomic
def foreigner_code_request_create(
    *,
    actor,
    province_code: str,
    first_names: str,
    last_names: str,
    birth_date: datetime.date,
    nationality: str,
    passport_number: str,
    visa_number: str,
    ruc: str,
    narrative: str,
    signed_by_hand: bool,
    identity_document_seen: bool,
    ticket=None,
    proxy_names: str = "",
    proxy_identity: str = "",
    power_notary: str = "",
    power_reference: str = "",
) -> ForeignerCodeRequest:
    """Records the request the clerk received at the counter. Through an apoderado it waits
    for the provincial legal unit; otherwise it is ready to issue."""
    first_names = _required(first_names, "first_names", _("Ingrese los nombres del solicitante."))
    last_names = _required(last_names, "last_names", _("Ingrese los apellidos del solicitante."))
    if birth_date is None:
        raise ServiceError(_("Ingrese la fecha de nacimiento."), field="birth_date")
    nationality = _nationality(nationality)
    passport = document_number_compact(passport_number)
    visa = document_number_compact(visa_number)
    if not passport and not visa:
        raise ServiceError(
            _("Ingrese el número de pasaporte, o el de la visa si no tiene pasaporte."),
            code="document_required",
            field="passport_number",
        )
    try:
        ruc = ruc_validate(ruc)
    except ValidationError as error:
        raise ServiceError(error.messages[0], code="invalid_ruc", field="ruc") from None
    narrative = _required(narrative, "narrative", _("Ingrese la narración de la solicitud."))
    if not signed_by_hand:
        raise ServiceError(
            _(
                "La solicitud debe estar firmada de forma manuscrita por el solicitante; "
                "no se reciben solicitudes con firma electrónica."
            ),
            code="not_signed_by_hand",
            field="signed_by_hand",
        )
    if not identity_document_seen:
        raise ServiceError(
            _("Revise el documento de identidad original y su copia simple."),
            code="document_not_seen",
            field="identity_document_seen",
        )
    proxy_names = " ".join((proxy_names or "").split())
    if proxy_names:
        _required(proxy_identity, "proxy_identity", _("Ingrese la identificación del apoderado."))
        _required(power_notary, "power_notary", _("Ingrese la notaría que otorgó el poder."))
        _required(
            power_reference,
            "power_reference",
            _("Ingrese el número o la fecha del poder notarial."),
        )
    known = person_get_by_travel_document(
        nationality=nationality, passport_number=passport, visa_number=visa
    )
    # The refusal points at the document the person was found by.
    found_by_passport = known is not None and passport and known.passport_number == passport
    document_field = "passport_number" if found_by_passport else "visa_number"
    refusal = _existing_identity_refusal(known, document_field)
    if refusal:
        raise refusal
    record = tax_registry().lookup(ruc)
    if record is None:
        raise ServiceError(
            _("El RUC %(ruc)s no consta en el Servicio de Rentas Internas.") % {"ruc": ruc},
            code="ruc_not_found",
            field="ruc",
        )
    mismatches = selectors.ruc_identity_mismatches(
        record=record,
        first_names=first_names,
        last_names=last_names,
        nationality=nationality,
        passport=passport,
        visa=visa,
    )
    if mismatches:
        raise RucMismatchError(mismatches)
    person = person_foreigner_register(
        first_names=first_names,
        last_names=last_names,
        birth_date=birth_date,
        nationality=nationality,
        passport_number=passport,
        visa_number=visa,
        province_code=province_code,
    )
    refusal = _existing_identity_refusal(person, document_field)
    if refusal:
        raise refusal
    try:
        with transaction.atomic():
            request = ForeignerCodeRequest.objects.create(
                status=(
                    ForeignerCodeRequest.Status.AWAITING_LEGAL
                    if proxy_names
                    else ForeignerCodeRequest.Status.READY
                ),
                province_id=province_code,
                ticket=ticket,
                person=person,
                first_names=first_names,
                last_names=last_names,
                nationality=nationality,
                passport_number=passport,
                visa_number=visa,
                ruc=ruc,
                narrative=narrative,
                signed_by_hand=True,
                identity_document_seen=True,
                proxy_names=proxy_names,
                proxy_identity=(proxy_identity or "").strip().upper() if proxy_names else "",
                power_notary=" ".join(power_notary.split()) if proxy_names else "",
                power_reference=" ".join(power_reference.split()) if proxy_names else "",
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:
        raise ServiceError(
            _("Ya hay una solicitud en curso para esta persona."), code="request_open"
        ) from None
    audit_record(
        actor=actor,
        action="affiliation.foreigner_code_request",
        target=request,
        after=snapshot(request),
    )
    return request


def _request_locked(request_id) -> ForeignerCodeRequest:
    request = (
        ForeignerCodeRequest.objects.select_for_update()
        .select_related("person")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        raise ServiceError(_("La solicitud no existe."), code="not_found", status=404)
    return request


@transaction.atomic
def foreigner_power_decide(
    *, actor, request_id, approve: bool, reason: str = ""
) -> ForeignerCodeRequest:
    """The provincial legal unit validates and initials (sumilla) the notarial power, or
    rejects it with the reason. Only advisors of the request's province (or national ones)."""
    if selectors.power_review_get(user=actor, request_id=request_id) is None:
        raise ServiceError(_("La solicitud no existe."), code="not_found", status=404)
    request = _request_locked(request_id)
    if request.status != ForeignerCodeRequest.Status.AWAITING_LEGAL:
        raise ServiceError(
            _("Este poder notarial ya fue revisado."), code="already_decided", status=409
        )
    reason = " ".join((reason or "").split())
    if not approve and not reason:
        raise ServiceError(
            _("Indique el motivo del rechazo."), code="reason_required", field="reason"
        )
    before = snapshot(request)
    request.status = (
        ForeignerCodeRequest.Status.READY if approve else ForeignerCodeRequest.Status.POWER_REJECTED
    )
    request.power_decided_by = actor
    request.power_decided_at = timezone.now()
    request.power_reason = reason
    request.save(update_fields=["status", "power_decided_by", "power_decided_at", "power_reason"])
    audit_record(
        actor=actor,
        action="affiliation.foreigner_power_approve"
        if approve
        else "affiliation.foreigner_power_reject",
        target=request,
        before=before,
        after=snapshot(request),
        reason=reason,
    )
    return request


@transaction.atomic
def foreigner_code_issue(*, actor, province_code: str, request_id) -> ForeignerCodeRequest:
    """Assigns the code and prints it. Idempotent: issuing twice returns the same code."""
    if (
        selectors.foreigner_code_request_get(province_code=province_code, request_id=request_id)
        is None
    ):
        raise ServiceError(_("La solicitud no existe."), code="not_found", status=404)
    request = _request_locked(request_id)
    if request.status == ForeignerCodeRequest.Status.ISSUED:
        return request
    if request.status == ForeignerCodeRequest.Status.AWAITING_LEGAL:
        raise ServiceError(
            _(
                "El poder notarial aún no ha sido validado y sumillado por la Unidad Provincial "
                "de Asesoría Jurídica."
            ),
            code="awaiting_legal",
            status=409,
        )
    if request.status == ForeignerCodeRequest.Status.POWER_REJECTED:
        raise ServiceError(
            _("Asesoría Jurídica rechazó el poder notarial: %(reason)s")
            % {"reason": request.power_reason},
            code="power_rejected",
            status=409,
        )
    refusal = _existing_identity_refusal(request.person)
    if refusal:
        raise refusal
    before = snapshot(request)
    code = person_foreigner_code_assign(person=request.person)
    request.status = ForeignerCodeRequest.Status.ISSUED
    request.foreigner_code = code
    request.issued_by = actor
    request.issued_at = timezone.now()
    request.save(update_fields=["status", "foreigner_code", "issued_by", "issued_at"])
    document_fields = [
        (_("Código de identificación para extranjero"), code),
        (_("Nombres y apellidos"), request.full_name),
        (_("Nacionalidad"), country_name(request.nationality)),
    ]
    if request.passport_number:
        document_fields.append((_("Pasaporte"), request.passport_number))
    if request.visa_number:
        document_fields.append((_("Visa"), request.visa_number))
    document_fields.append((_("RUC"), request.ruc))
    document = document_issue(
        kind=CODE_DOCUMENT_KIND,
        title=_("Código de identificación para extranjero"),
        fields=document_fields,
        person=request.person,
        subject=request,
    )
    document_render(
        document=document,
        subtitle=_("Trabajador independiente"),
        paragraphs=[
            _(
                "Con este código la persona puede solicitar turnos, generar su clave de "
                "afiliado y afiliarse al IESS como trabajador independiente."
            )
        ],
    )
    audit_record(
        actor=actor,
        action="affiliation.foreigner_code_issue",
        target=request,
        before=before,
        after=snapshot(request),
    )
    return request


# --- Sheet 02: certificate of non-affiliation for foreigners -----------------------------


@transaction.atomic
def non_affiliation_certificate_request(
    *,
    actor,
    province_code: str,
    first_names: str,
    last_names: str,
    nationality: str,
    passport_number: str,
    visa_number: str,
    phone: str,
    address: str,
    letter_signed_by_hand: bool,
    passport_and_visa_seen: bool,
    email: str = "",
    ticket=None,
    third_party_names: str = "",
    third_party_identity: str = "",
    authorisation_narrative: str = "",
    authorisation_signed_by_hand: bool = False,
    third_party_documents_seen: bool = False,
) -> NonAffiliationRequest:
    """Checks the affiliation records of the holder found by passport (or visa) and
    nationality, then issues the certificate or records the refusal with its reason."""
    first_names = _required(first_names, "first_names", _("Ingrese los nombres del titular."))
    last_names = _required(last_names, "last_names", _("Ingrese los apellidos del titular."))
    nationality = _nationality(nationality)
    passport = document_number_compact(passport_number)
    if not passport:
        raise ServiceError(_("Ingrese el número de pasaporte."), field="passport_number")
    visa = document_number_compact(visa_number)
    if not visa:
        raise ServiceError(_("Ingrese el número de la visa."), field="visa_number")
    try:
        phone = phone_validate(phone)
    except ValidationError as error:
        raise ServiceError(error.messages[0], field="phone") from None
    address = _required(address, "address", _("Ingrese la dirección de contacto."))
    if not passport_and_visa_seen:
        raise ServiceError(
            _("Revise el pasaporte y la visa originales del titular."),
            code="documents_not_seen",
            field="passport_and_visa_seen",
        )
    if not letter_signed_by_hand:
        raise ServiceError(
            _(
                "La carta dirigida al Director Provincial debe estar firmada de forma "
                "manuscrita; es imprescindible."
            ),
            code="not_signed_by_hand",
            field="letter_signed_by_hand",
        )
    third_party_names = " ".join((third_party_names or "").split())
    if third_party_names:
        try:
            third_party_identity = identity_number_parse(third_party_identity).value
        except ValidationError as error:
            raise ServiceError(
                _("Número de identidad del tercero: %(error)s") % {"error": error.messages[0]},
                field="third_party_identity",
            ) from None
        authorisation_narrative = _required(
            authorisation_narrative,
            "authorisation_narrative",
            _("Ingrese la narración de la autorización."),
        )
        if not authorisation_signed_by_hand:
            raise ServiceError(
                _("La autorización a terceros debe estar firmada de forma manuscrita."),
                code="not_signed_by_hand",
                field="authorisation_signed_by_hand",
            )
        if not third_party_documents_seen:
            raise ServiceError(
                _(
                    "Revise el pasaporte del titular (original y copia) y la cédula o el código "
                    "de extranjero del tercero."
                ),
                code="documents_not_seen",
                field="third_party_documents_seen",
            )
    else:
        third_party_identity = authorisation_narrative = ""
        authorisation_signed_by_hand = third_party_documents_seen = False
    # By the visa too: someone registered by visa alone (sheet 01) or with an earlier passport
    # who now shows this passport is the same person, and may hold a code or records.
    holders = persons_holding_travel_documents(
        nationality=nationality, passport_number=passport, visa_number=visa
    )
    person = holders[0] if holders else None
    refusal = next(
        (refusal for holder in holders if (refusal := _existing_identity_refusal(holder))), None
    )
    if refusal is not None:
        reason = str(refusal.message)
    else:
        records = [
            line for holder in holders for line in selectors.affiliation_records_of(person=holder)
        ]
        reason = (
            _("Se encontraron registros de afiliación: %(records)s.")
            % {"records": "; ".join(str(line) for line in records)}
            if records
            else ""
        )
    request = NonAffiliationRequest.objects.create(
        status=NonAffiliationRequest.Status.REFUSED
        if reason
        else NonAffiliationRequest.Status.ISSUED,
        refusal_reason=reason,
        province_id=province_code,
        ticket=ticket,
        first_names=first_names,
        last_names=last_names,
        nationality=nationality,
        passport_number=passport,
        visa_number=visa,
        email=(email or "").strip(),
        phone=phone,
        address=address,
        letter_signed_by_hand=True,
        passport_and_visa_seen=True,
        third_party_names=third_party_names,
        third_party_identity=third_party_identity,
        authorisation_narrative=authorisation_narrative,
        authorisation_signed_by_hand=authorisation_signed_by_hand,
        third_party_documents_seen=third_party_documents_seen,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if not reason:
        document = document_issue(
            kind=CERTIFICATE_DOCUMENT_KIND,
            title=_("Certificado de no afiliación al IESS"),
            fields=[
                (_("Nombres y apellidos"), request.full_name),
                (_("Nacionalidad"), country_name(nationality)),
                (_("Pasaporte"), passport),
                (_("Visa"), visa),
            ],
            person=person,
            subject=request,
        )
        document_render(
            document=document,
            subtitle=_("Personas extranjeras"),
            paragraphs=[
                _(
                    "El Instituto Ecuatoriano de Seguridad Social certifica que %(name)s, de "
                    "nacionalidad %(country)s, con pasaporte %(passport)s, no registra "
                    "afiliación al IESS a la fecha de emisión de este certificado."
                )
                % {
                    "name": request.full_name,
                    "country": country_name(nationality),
                    "passport": passport,
                }
            ],
        )
    audit_record(
        actor=actor,
        action="affiliation.non_affiliation_issue"
        if not reason
        else "affiliation.non_affiliation_refuse",
        target=request,
        after=snapshot(request),
        reason=reason,
    )
    return request
