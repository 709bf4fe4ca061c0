"""The clave patronal (sheet 03): the employer's request and agreement documents, the clave
issued at the counter or on approval of a Ventanilla Virtual submission, the emailed
activation link and the employer's own clave, set under the rules of the affiliate clave."""

import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from iess.accounts.models import EmployerAccount, EmployerClaveLink, EmployerClaveRequest
from iess.accounts.passwords import clave_validate
from iess.catalog.services import attention_record
from iess.core.errors import ServiceError
from iess.core.services import audit_record, snapshot
from iess.documents.services import document_issue, document_render, document_revoke_for_subject
from iess.notifications.services import email_queue
from iess.registry.validators import cedula_validate

PROCEDURE_SLUG = "clave-patronal-portal"
REQUEST_KIND = "clave_patronal_solicitud"
AGREEMENT_KIND = "clave_patronal_acuerdo"
# The link arrives whenever the counter or a reviewer issues the clave, maybe hours after the
# employer asked for it: a day to open it (the affiliate link lasts 15 minutes because the
# person asked for it a moment before).
ACTIVATION_LINK_HOURS = 24

Status = EmployerClaveRequest.Status
Channel = EmployerClaveRequest.Channel

# DRAFT agreement text (written for this system, to be reviewed by the legal advisory unit).
AGREEMENT_PARAGRAPHS = [
    _(
        "El empleador, por medio de su representante legal, recibe la clave patronal de acceso "
        "al portal del Instituto Ecuatoriano de Seguridad Social (IESS) y acepta las siguientes "
        "condiciones de uso."
    ),
    _(
        "1. La clave es personal e intransferible. El empleador es responsable de su custodia y "
        "de todas las operaciones realizadas con ella: avisos de entrada y salida, novedades, "
        "planillas y actualizaciones de los datos de la empresa."
    ),
    _(
        "2. El empleador declara que la información que registre en el portal será verdadera, "
        "completa y oportuna, y responde por los perjuicios que cause la información falsa o "
        "incompleta, conforme a la Ley de Seguridad Social."
    ),
    _(
        "3. Los datos personales de los trabajadores a los que el empleador accede en el portal "
        "se usarán solo para cumplir sus obligaciones con la seguridad social, conforme a la Ley "
        "Orgánica de Protección de Datos Personales; no podrán divulgarse ni usarse con otro fin."
    ),
    _(
        "4. Si la clave se pierde o se sospecha que otra persona la conoce, el empleador la "
        "cambiará de inmediato o solicitará una nueva en el IESS."
    ),
    _(
        "5. El IESS puede suspender el acceso ante un uso indebido y registra cada ingreso y "
        "operación realizada en el portal."
    ),
]


def _representative_identity(registration) -> str:
    document = registration.get_representative_document_display()
    person = registration.representative
    if registration.representative_document == "passport":
        number = f"{person.nationality} {person.passport_number}"
        if registration.visa_number:
            number += " · " + gettext("visa %(visa)s") % {"visa": registration.visa_number}
        return f"{document} {number}"
    return f"{document} {person.identity_number}"


def _request_fields(registration, clave_request) -> list[tuple[str, str]]:
    employer = registration.employer
    fields = [
        (gettext("Fecha"), formats.date_format(timezone.localdate(), "DATE_FORMAT")),
        (gettext("RUC"), employer.ruc),
        (gettext("Razón social"), employer.legal_name),
        (gettext("Sector"), employer.get_sector_display()),
        (gettext("Representante legal"), registration.representative.full_name),
        (gettext("Identificación"), _representative_identity(registration)),
        (gettext("Correo electrónico"), registration.email),
    ]
    if registration.artisan_qualification_number:
        fields.append(
            (
                gettext("Calificación Artesanal"),
                f"{registration.artisan_qualification_number} · "
                + formats.date_format(registration.artisan_qualification_date, "DATE_FORMAT"),
            )
        )
    if clave_request.has_third_party:
        fields.append(
            (
                gettext("Tercero autorizado a retirar la clave"),
                f"{clave_request.third_party_name} · "
                + gettext("cédula %(cedula)s") % {"cedula": clave_request.third_party_cedula},
            )
        )
    return fields


def _documents_render(registration, clave_request) -> None:
    employer = registration.employer
    representative = registration.representative
    paragraphs = [
        gettext(
            "Yo, %(name)s, representante legal de %(employer)s, RUC %(ruc)s, solicito la "
            "entrega de la clave patronal de acceso al portal del IESS. El enlace para crearla "
            "se enviará al correo %(email)s."
        )
        % {
            "name": representative.full_name,
            "employer": employer.legal_name,
            "ruc": employer.ruc,
            "email": registration.email,
        }
    ]
    if clave_request.has_third_party:
        paragraphs.append(
            gettext(
                "AUTORIZACIÓN DE RETIRO DE CONTRASEÑA: autorizo a %(third)s, con cédula "
                "%(cedula)s, a realizar en mi nombre la entrega de este trámite en el Centro de "
                "Atención Universal. La persona autorizada presentará su cédula original."
            )
            % {"third": clave_request.third_party_name, "cedula": clave_request.third_party_cedula}
        )
    signature = gettext(
        "Firma del representante legal: ____________________  (manuscrita si la entrega en "
        "ventanilla; electrónica si la envía por la Ventanilla Virtual)"
    )
    document_render(
        document=clave_request.request_document,
        subtitle=gettext("Solicitud de entrega de clave patronal"),
        paragraphs=paragraphs,
        footer=signature,
    )
    document_render(
        document=clave_request.agreement_document,
        subtitle=gettext("Borrador del texto del acuerdo"),
        paragraphs=[str(paragraph) for paragraph in AGREEMENT_PARAGRAPHS],
        footer=signature,
    )


@transaction.atomic
def employer_clave_request_create(
    *, registration, third_party_name: str = "", third_party_cedula: str = ""
) -> EmployerClaveRequest:
    """Generates the employer's request and agreement (PDFs with verification code and QR).
    With a third party, the request carries the "Autorización de Retiro de Contraseña". A
    pending earlier request is superseded and its documents annulled."""
    third_party_name = " ".join((third_party_name or "").split())
    third_party_cedula = (third_party_cedula or "").strip()
    if third_party_name or third_party_cedula:
        if len(third_party_name) < 5:
            raise ServiceError(
                _("Ingrese los nombres y apellidos del tercero autorizado."),
                code="third_party_name",
                field="third_party_name",
            )
        try:
            third_party_cedula = cedula_validate(third_party_cedula)
        except ValidationError as error:
            raise ServiceError(
                " ".join(error.messages), code="third_party_cedula", field="third_party_cedula"
            ) from None
        if third_party_cedula == registration.representative.cedula:
            raise ServiceError(
                _("El tercero autorizado no puede ser el propio representante legal."),
                code="third_party_is_representative",
                field="third_party_cedula",
            )
    employer = registration.employer
    previous = list(
        EmployerClaveRequest.objects.select_for_update().filter(
            employer=employer, status=Status.PENDING
        )
    )
    for old in previous:
        old.status = Status.SUPERSEDED
        old.save(update_fields=["status"])
        document_revoke_for_subject(subject=old, kind=REQUEST_KIND)
        document_revoke_for_subject(subject=old, kind=AGREEMENT_KIND)
    title_request = gettext("Solicitud de entrega de clave")
    title_agreement = gettext("Acuerdo de Responsabilidad y Uso de la Información")
    placeholder = [(gettext("RUC"), employer.ruc)]
    clave_request = EmployerClaveRequest(
        employer=employer,
        third_party_name=third_party_name,
        third_party_cedula=third_party_cedula,
        request_document=document_issue(
            kind=REQUEST_KIND,
            title=title_request,
            fields=placeholder,
            person=registration.representative,
        ),
        agreement_document=document_issue(
            kind=AGREEMENT_KIND,
            title=title_agreement,
            fields=placeholder,
            person=registration.representative,
        ),
    )
    clave_request.save()
    # The documents point back at the request (the subject) and list its full data.
    for document, fields in (
        (clave_request.request_document, _request_fields(registration, clave_request)),
        (
            clave_request.agreement_document,
            _request_fields(registration, clave_request)[:7]
            + [(gettext("Solicitud"), clave_request.request_document.code)],
        ),
    ):
        document.subject_type = clave_request._meta.label_lower
        document.subject_id = str(clave_request.pk)
        document.fields = [[label, value] for label, value in fields]
        document.save(update_fields=["subject_type", "subject_id", "fields"])
    _documents_render(registration, clave_request)
    return clave_request


def _token_hash(token: str) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()


def _activation_link_send(account: EmployerAccount, email: str) -> EmployerClaveLink:
    now = timezone.now()
    EmployerClaveLink.objects.filter(account=account, used_at__isnull=True).update(used_at=now)
    token = secrets.token_urlsafe(32)
    link = EmployerClaveLink.objects.create(
        account=account,
        token_hash=_token_hash(token),
        email=email,
        created_at=now,
        expires_at=now + timezone.timedelta(hours=ACTIVATION_LINK_HOURS),
    )
    email_queue(
        to=email,
        subject=_("IESS: active su clave patronal"),
        template="accounts/email/employer_activation",
        context={
            "employer": account.employer,
            "url": settings.SITE_URL + reverse("portal:employer_activate", args=[token]),
            "hours": ACTIVATION_LINK_HOURS,
        },
    )
    return link


@transaction.atomic
def employer_clave_issue(
    *, clave_request_id: int, actor, channel: str, reference: str = "", reason: str = ""
) -> EmployerClaveRequest:
    """Issues the clave patronal for a pending request: the employer's portal account (any
    earlier clave stops working) and a single-use activation link to the registered email.
    A request is issued once; the staff action is audited and counted in the transparency
    figures of the procedure."""
    clave_request = (
        EmployerClaveRequest.objects.select_for_update(of=("self",))
        .select_related("employer__registration", "request_document")
        .filter(pk=clave_request_id)
        .first()
    )
    if clave_request is None:
        raise ServiceError(_("La solicitud no existe."), code="not_found", status=404)
    if clave_request.status != Status.PENDING:
        raise ServiceError(
            _("Esta solicitud ya no está pendiente (%(status)s).")
            % {"status": clave_request.get_status_display()},
            code="not_pending",
            status=409,
        )
    if channel not in Channel.values:
        raise ServiceError(_("Canal desconocido."), code="channel")
    employer = clave_request.employer
    before = snapshot(clave_request)
    account = EmployerAccount.objects.select_related("user").filter(employer=employer).first()
    if account is None:
        user = get_user_model().objects.create_user(username=employer.ruc)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        account = EmployerAccount.objects.create(user=user, employer=employer)
    else:
        account.user.set_unusable_password()
        account.user.save(update_fields=["password"])
        account.activated_at = None
        account.save(update_fields=["activated_at"])
    _activation_link_send(account, employer.registration.email)
    clave_request.status = Status.ISSUED
    clave_request.issued_at = timezone.now()
    clave_request.issued_channel = channel
    clave_request.issued_by = actor if getattr(actor, "is_authenticated", False) else None
    clave_request.issued_reference = reference[:80]
    clave_request.save()
    audit_record(
        actor=actor,
        action="clave_patronal.issue",
        target=clave_request,
        before=before,
        after=snapshot(clave_request),
        reason=reason,
    )
    attention_record(
        procedure_slug=PROCEDURE_SLUG,
        channel="counter" if channel == Channel.COUNTER else "online",
        reference=f"clave-patronal:{clave_request.pk}",
    )
    return clave_request


@dataclass(frozen=True)
class CounterChecks:
    """What the clerk confirmed with the originals in front of them."""

    request_signed: bool
    agreement_signed: bool
    collector: str  # "representative" or "third_party"
    representative_identity_seen: bool = False
    third_party_cedula_seen: str = ""
    authorisation_present: bool = False


def employer_clave_issue_at_counter(
    *, clave_request: EmployerClaveRequest, actor, checks: CounterChecks, ticket_number: str = ""
) -> EmployerClaveRequest:
    """The counter delivery: every check is required, and who collects must be the legal
    representative with their identity document, or the authorised third party with the
    cédula written on the request and the signed authorisation."""
    if not checks.request_signed:
        raise ServiceError(
            _("Reciba la Solicitud de entrega de clave firmada a mano."),
            code="request_not_signed",
            field="request_signed",
        )
    if not checks.agreement_signed:
        raise ServiceError(
            _("Reciba el Acuerdo de Responsabilidad firmado a mano."),
            code="agreement_not_signed",
            field="agreement_signed",
        )
    if checks.collector == "representative":
        if not checks.representative_identity_seen:
            raise ServiceError(
                _("Verifique el documento de identidad original del representante legal."),
                code="identity_not_seen",
                field="representative_identity_seen",
            )
        who = "representative"
    elif checks.collector == "third_party":
        if not clave_request.has_third_party:
            raise ServiceError(
                _("La solicitud no autoriza a ningún tercero: solo el representante retira."),
                code="no_third_party",
                field="collector",
            )
        seen = (checks.third_party_cedula_seen or "").strip()
        if seen != clave_request.third_party_cedula:
            raise ServiceError(
                _("La cédula presentada no es la del tercero autorizado en la solicitud."),
                code="third_party_mismatch",
                field="third_party_cedula_seen",
            )
        if not checks.authorisation_present:
            raise ServiceError(
                _("Reciba la Autorización de Retiro de Contraseña firmada por el representante."),
                code="authorisation_missing",
                field="authorisation_present",
            )
        who = f"third_party:{seen}"
    else:
        raise ServiceError(_("Indique quién retira la clave."), code="collector", field="collector")
    return employer_clave_issue(
        clave_request_id=clave_request.pk,
        actor=actor,
        channel=Channel.COUNTER,
        reference=f"turno:{ticket_number}" if ticket_number else "",
        reason=gettext("Entrega en ventanilla; retira: %(who)s") % {"who": who},
    )


class LinkStatus:
    VALID = "valid"
    USED = "used"
    EXPIRED = "expired"
    UNKNOWN = "unknown"


LINK_ERRORS = {
    LinkStatus.USED: _("Este enlace ya fue usado. Cada enlace sirve una sola vez."),
    LinkStatus.EXPIRED: _(
        "Este enlace caducó: era válido por 24 horas. Pida una nueva entrega de la clave."
    ),
    LinkStatus.UNKNOWN: _("Este enlace no es válido."),
}


def employer_link_status(*, token: str, lock: bool = False):
    query = EmployerClaveLink.objects.select_related("account__employer__registration")
    if lock:
        query = query.select_for_update(of=("self",))
    link = query.filter(token_hash=_token_hash(token)).first()
    if link is None:
        return None, LinkStatus.UNKNOWN
    if link.used_at is not None:
        return link, LinkStatus.USED
    if timezone.now() >= link.expires_at:
        return link, LinkStatus.EXPIRED
    return link, LinkStatus.VALID


@dataclass(frozen=True)
class ClaveHolder:
    """The employer seen by the affiliate clave rules: the clave may not hold the RUC, the
    legal name or the representative's names and birth date."""

    identity_number: str
    first_names: str
    last_names: str
    birth_date: object


def clave_holder_for(employer) -> ClaveHolder:
    representative = employer.legal_representative
    return ClaveHolder(
        identity_number=employer.ruc,
        first_names=employer.legal_name,
        last_names=representative.full_name if representative else "",
        birth_date=representative.birth_date if representative else None,
    )


@transaction.atomic
def employer_clave_set_with_link(*, token: str, password: str, declaration: bool):
    """The employer sets the clave through the activation link (once, within 24 hours),
    after the declaration of truthful information, under the affiliate clave's rules."""
    link, status = employer_link_status(token=token, lock=True)
    if status != LinkStatus.VALID:
        raise ServiceError(LINK_ERRORS[status], code=f"link_{status}", status=410)
    if not declaration:
        raise ServiceError(
            _("Marque la Declaración de información fidedigna para continuar."),
            code="declaration",
            field="declaration",
        )
    account = link.account
    try:
        clave_validate(password, person=clave_holder_for(account.employer))
    except ValidationError as error:
        raise ServiceError(" ".join(error.messages), code="password", field="password") from None
    now = timezone.now()
    account.user.set_password(password)
    account.user.save(update_fields=["password"])
    account.activated_at = now
    account.save(update_fields=["activated_at"])
    link.used_at = now
    link.save(update_fields=["used_at"])
    email_queue(
        to=link.email,
        subject=_("IESS: su clave patronal fue creada"),
        template="accounts/email/employer_clave_set",
        context={
            "employer": account.employer,
            "url": settings.SITE_URL + reverse("portal:employer_login"),
        },
    )
    return account
