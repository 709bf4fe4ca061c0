"""Every write of the catalog: loading the sheets, recording attentions, filing complaints."""

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iess.catalog import loader
from iess.catalog.models import (
    COMPLAINT_TEXT_MAX,
    Attention,
    Channel,
    Complaint,
    ComplaintCategory,
    LoaderWarning,
    Procedure,
    TransparencyRecord,
)
from iess.core.errors import ServiceError
from iess.notifications.services import email_queue
from iess.registry.selectors import province_list
from iess.registry.validators import identity_number_parse, mobile_validate


@dataclass
class LoadReport:
    procedures: int = 0
    created: int = 0
    transparency_rows: int = 0
    warnings: list[tuple[str, loader.SheetWarning]] = field(default_factory=list)


@transaction.atomic
def procedures_load(
    *, directory: Path = loader.PROCEDURES_DIR, checks_file: Path = loader.CHECKS_FILE
) -> LoadReport:
    """Creates or updates one Procedure per data file, its historical transparency rows and
    its loader warnings. Running it twice leaves the same rows (idempotent)."""
    checks = loader.checks_read(checks_file)
    report = LoadReport()
    for path in loader.sheet_paths(directory):
        data = loader.sheet_read(path)
        procedure, created = Procedure.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "number": data["number"],
                "source_file": data["source_file"],
                "name": data["name"],
                "name_en": data["name_en"],
                "institution": data["institution"],
                "description": data["description"],
                "description_en": data["description_en"],
                "audience": data["audience"],
                "directed_to": data["directed_to"],
                "audience_keys": data["audience_keys"],
                "result_type": data["result_type"],
                "results": data["results"],
                "requirements": data["requirements"],
                "steps": data["steps"],
                "channels": data["channels"],
                "channel_keys": data["channel_keys"],
                "needs_appointment": data["needs_appointment"],
                "cost": data["cost"],
                "hours": data["hours"],
                "legal_basis": data["legal_basis"],
                "contact_office": data["contact"]["office"] or "",
                "contact_email": data["contact"]["email"] or "",
                "contact_phone": data["contact"]["phone"] or "",
                "search_text": loader.search_text_build(data),
                "facets": loader.facets_build(data),
            },
        )
        report.procedures += 1
        report.created += int(created)
        report.transparency_rows += _transparency_sync(procedure, data["transparency"])
        procedure.warnings.all().delete()
        sheet_warnings = loader.sheet_check(data, checks)
        LoaderWarning.objects.bulk_create(
            LoaderWarning(procedure=procedure, rule=w.rule, field=w.field, message=w.message)
            for w in sheet_warnings
        )
        report.warnings += [(procedure.slug, warning) for warning in sheet_warnings]
    return report


def _transparency_sync(procedure: Procedure, rows: list[dict]) -> int:
    """Makes the procedure's historical rows equal to `rows` in a handful of queries."""
    existing = {(r.year, r.month): r for r in procedure.transparency_records.all()}
    wanted = {(row["year"], row["month"]): row for row in rows}
    stale = [record.pk for key, record in existing.items() if key not in wanted]
    TransparencyRecord.objects.filter(pk__in=stale).delete()
    changed, new = [], []
    for key, row in wanted.items():
        record = existing.get(key)
        if record is None:
            new.append(TransparencyRecord(procedure=procedure, **row))
        elif (record.complaints, record.attentions) != (row["complaints"], row["attentions"]):
            record.complaints, record.attentions = row["complaints"], row["attentions"]
            changed.append(record)
    TransparencyRecord.objects.bulk_create(new)
    TransparencyRecord.objects.bulk_update(changed, ["complaints", "attentions"])
    return len(wanted)


def _procedure_get(slug: str) -> Procedure:
    procedure = Procedure.objects.filter(slug=slug).first()
    if procedure is None:
        raise ServiceError(
            _("El trámite «%(slug)s» no existe.") % {"slug": slug}, code="not_found", status=404
        )
    return procedure


@transaction.atomic
def attention_record(
    *,
    procedure_slug: str,
    at: datetime | None = None,
    channel: str,
    agency: str = "",
    reference: str = "",
) -> Attention:
    """Counts one completed service in the procedure's transparency figures. With a
    `reference` the call is idempotent: a retry returns the attention already recorded."""
    if channel not in Channel.values:
        raise ServiceError(
            _("Canal desconocido: %(channel)s.") % {"channel": channel},
            code="invalid_channel",
            field="channel",
        )
    at = at or timezone.now()
    if timezone.is_naive(at):
        raise ServiceError(_("La fecha de la atención debe incluir la zona horaria."), field="at")
    procedure = _procedure_get(procedure_slug)
    values = {"procedure": procedure, "at": at, "channel": channel, "agency": agency[:200]}
    if not reference:
        return Attention.objects.create(**values)
    attention, _created = Attention.objects.get_or_create(reference=reference, defaults=values)
    return attention


@transaction.atomic
def complaint_file(
    *,
    procedure_slug: str,
    identity: str,
    full_name: str,
    email: str,
    mobile: str = "",
    category: str,
    text: str,
    province: str,
    idempotency_key: str,
) -> Complaint:
    """Files a citizen's complaint about a procedure, counted in the current month, and sends
    a confirmation e-mail after commit. The text is stored as typed (shown escaped).

    The form's idempotency key makes a doubled or retried submission return the complaint
    the first one filed, so the public figures count it once."""
    idempotency_key = (idempotency_key or "").strip()
    if not idempotency_key or len(idempotency_key) > 64:
        raise ServiceError(
            _("El formulario caducó; vuelva a cargar la página y envíe la queja otra vez."),
            code="idempotency_key_missing",
        )
    previous = Complaint.objects.filter(idempotency_key=idempotency_key).first()
    if previous is not None:
        return previous
    procedure = _procedure_get(procedure_slug)
    try:
        identity_number = identity_number_parse(identity)
    except ValidationError as error:
        raise ServiceError(error.messages[0], code="invalid_identity", field="identity") from None
    full_name = " ".join((full_name or "").split())
    if not full_name:
        raise ServiceError(_("Ingrese sus nombres y apellidos."), field="full_name")
    if len(full_name) > 200:
        raise ServiceError(
            _("Los nombres y apellidos no pueden pasar de 200 caracteres."), field="full_name"
        )
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ServiceError(
            _("Ingrese un correo electrónico válido, por ejemplo nombre@correo.com."),
            code="invalid_email",
            field="email",
        ) from None
    if mobile and mobile.strip():
        try:
            mobile = mobile_validate(mobile)
        except ValidationError as error:
            raise ServiceError(error.messages[0], code="invalid_mobile", field="mobile") from None
    else:
        mobile = ""
    province_row = province_list().filter(pk=province).first() if province else None
    if province_row is None:
        raise ServiceError(
            _("Seleccione la provincia de la lista."), code="invalid_province", field="province"
        )
    if category not in ComplaintCategory.values:
        raise ServiceError(_("Seleccione una categoría de la lista."), field="category")
    text = (text or "").strip()
    if not text:
        raise ServiceError(_("Describa su queja."), code="required", field="text")
    if len(text) > COMPLAINT_TEXT_MAX:
        raise ServiceError(
            _("El detalle no puede pasar de %(max)d caracteres; tiene %(count)d.")
            % {"max": COMPLAINT_TEXT_MAX, "count": len(text)},
            code="too_long",
            field="text",
        )
    try:
        with transaction.atomic():
            complaint = Complaint.objects.create(
                procedure=procedure,
                identity_kind=identity_number.kind,
                identity_number=identity_number.value,
                full_name=full_name,
                email=email,
                mobile=mobile,
                category=category,
                text=text,
                province=province_row,
                idempotency_key=idempotency_key,
            )
    except IntegrityError:
        # A simultaneous submission with the same key filed it first.
        previous = Complaint.objects.filter(idempotency_key=idempotency_key).first()
        if previous is None:
            raise
        return previous
    email_queue(
        to=email,
        subject=_("Queja registrada %(reference)s") % {"reference": complaint.reference},
        template="catalog/email/complaint_received",
        context={"complaint": complaint, "procedure": procedure},
    )
    return complaint
