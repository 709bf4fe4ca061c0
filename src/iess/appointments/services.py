"""Every write of the turnero: configuration, booking, cancel/reschedule, reminders, check-in,
walk-in turns and the counter queue. Views, API, admin, commands and tasks call these."""

import datetime
import functools
import re
from urllib.parse import urlparse

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from iess.appointments import rules, selectors
from iess.appointments.models import (
    ACTIVE_STATUSES,
    Agency,
    AgencyService,
    Appointment,
    Holiday,
    OpeningHours,
    ProcedureType,
    Slot,
    Ticket,
)
from iess.catalog.services import attention_record
from iess.core.errors import ServiceError
from iess.core.services import audit_record, snapshot
from iess.documents.services import document_revoke_for_subject, random_code
from iess.notifications.selectors import email_verification_verified_email
from iess.notifications.services import (
    Attachment,
    email_queue,
    email_verification_resend,
    email_verification_start,
)
from iess.registry.adapters import civil_registry
from iess.registry.selectors import person_get_by_identity
from iess.registry.validators import identity_number_parse, mobile_validate

CODE_LENGTH = 8
CODE_PATTERN = re.compile(r"^[A-Z2-9]{8}$")
VERIFICATION_SUBJECT = "Verificar IESS turno online"
VERIFICATION_VALID_FOR = datetime.timedelta(hours=2)
MANAGE_SALT = "iess.appointments.manage"
EMAIL_MAX_LENGTH = 254
ATTENTION_CHANNEL = "counter"
CONFIRMATION_KIND = "appointment_confirmation"

NO_ROOM_MESSAGE = _(
    "La fecha seleccionada no cuenta con disponibilidad de turnos, no se encuentra dentro del "
    "horario de atención de la agencia o se encuentra inactiva; por favor seleccione una fecha "
    "diferente"
)


# --- Configuration (administrators) -------------------------------------------------------


def _schedules_load(appointments: list[Appointment]):
    """The services, opening hours and closed days of the appointments' agencies, read once:
    (services by (agency, procedure), hours by agency, closed (agency or None, day) pairs)."""
    agency_ids = {appointment.agency_id for appointment in appointments}
    services = {
        (service.agency_id, service.procedure_id): service
        for service in AgencyService.objects.filter(agency_id__in=agency_ids, is_active=True)
    }
    hours: dict[int, dict[int, rules.DaySchedule]] = {}
    for row in OpeningHours.objects.filter(agency_id__in=agency_ids):
        hours.setdefault(row.agency_id, {})[row.weekday] = rules.DaySchedule(row.opens, row.closes)
    for appointment in appointments:
        # An agency without rows keeps the default hours of its kind (as agency_hours does).
        if appointment.agency_id not in hours:
            hours[appointment.agency_id] = {
                day: rules.DaySchedule(opens, closes)
                for day, (opens, closes) in rules.default_hours(appointment.agency.kind).items()
            }
    days = [rules.local(appointment.starts_at).date() for appointment in appointments]
    closed = set(
        Holiday.objects.filter(date__range=(min(days), max(days)))
        .filter(Q(agency__isnull=True) | Q(agency_id__in=agency_ids))
        .values_list("agency_id", "date")
    )
    return services, hours, closed


def _affected_mark(appointments, *, reason: str, now: datetime.datetime) -> None:
    """Marks the appointments a change left outside the schedule and emails their people,
    once per appointment."""
    for appointment in appointments:
        if appointment.affected_at is not None:
            continue
        appointment.affected_at = now
        appointment.affected_reason = reason[:250]
        appointment.save(update_fields=["affected_at", "affected_reason"])
        with timezone.override(rules.ECUADOR):
            email_queue(
                to=appointment.email,
                subject=_("Su turno en el IESS necesita un cambio"),
                template="appointments/email/affected",
                context={
                    "appointment": appointment,
                    "reason": reason,
                    "manage_url": appointment_manage_url(appointment),
                },
            )


def _affected_scan(*, agencies, reason: str, now: datetime.datetime) -> list[Appointment]:
    """Marks and emails every future active appointment a configuration change left outside the
    schedule. Nothing is cancelled: staff see the list and the person chooses a new time.
    The schedules are read once, not per turn: this runs inside the administrator's
    transaction, which on SQLite holds the write lock."""
    candidates = list(
        Appointment.objects.select_related("agency", "procedure").filter(
            agency__in=agencies, status=Appointment.Status.BOOKED, starts_at__gt=now
        )
    )
    if not candidates:
        return []
    services, hours, closed = _schedules_load(candidates)
    affected = []
    for appointment in candidates:
        agency = appointment.agency
        service = services.get((agency.pk, appointment.procedure_id))
        day = rules.local(appointment.starts_at).date()
        scheduled = (
            agency.is_active
            and appointment.procedure.is_active
            and service is not None
            and (None, day) not in closed
            and (agency.pk, day) not in closed
            and appointment.starts_at
            in rules.day_starts(
                day=day,
                hours=hours[agency.pk].get(day.weekday()),
                slot_minutes=service.slot_minutes,
            )
        )
        if not scheduled:
            affected.append(appointment)
    _affected_mark(affected, reason=reason, now=now)
    return affected


@transaction.atomic
def schedule_change_apply(
    *, agency: Agency | None, reason: str, now: datetime.datetime | None = None
) -> list[Appointment]:
    """After any change of hours, closures or services (admin pages included): lists and
    emails the people whose booked time is no longer a turn of the agency."""
    agencies = [agency] if agency is not None else list(Agency.objects.all())
    return _affected_scan(agencies=agencies, reason=reason, now=rules.now_or(now))


def agency_hours_materialize(agency: Agency) -> None:
    if not OpeningHours.objects.filter(agency=agency).exists():
        OpeningHours.objects.bulk_create(
            OpeningHours(agency=agency, weekday=day, opens=opens, closes=closes)
            for day, (opens, closes) in rules.default_hours(agency.kind).items()
        )


@transaction.atomic
def agency_hours_set(
    *,
    agency: Agency,
    weekday: int,
    opens: datetime.time | None,
    closes: datetime.time | None,
    actor=None,
    now: datetime.datetime | None = None,
) -> list[Appointment]:
    """Sets (or, without times, closes) one weekday's hours. Returns the appointments left
    outside the new hours; they are marked and their people emailed."""
    now = rules.now_or(now)
    if opens is not None and closes is not None and opens >= closes:
        raise ServiceError(_("La hora de apertura debe ser anterior al cierre."), field="closes")
    agency_hours_materialize(agency)
    row = OpeningHours.objects.filter(agency=agency, weekday=weekday).first()
    before = snapshot(row)
    if opens is None or closes is None:
        if row is not None:
            row.delete()
        row = None
    elif row is None:
        row = OpeningHours.objects.create(
            agency=agency, weekday=weekday, opens=opens, closes=closes
        )
    else:
        row.opens, row.closes = opens, closes
        row.save()
    audit_record(
        actor=actor,
        action="appointments.hours_set",
        target=agency,
        before=before,
        after=snapshot(row) if row else {"weekday": weekday, "closed": True},
    )
    return _affected_scan(
        agencies=[agency], reason=str(_("Cambio del horario de atención de la agencia")), now=now
    )


@transaction.atomic
def holiday_create(
    *,
    date: datetime.date,
    name: str,
    agency: Agency | None = None,
    actor=None,
    now: datetime.datetime | None = None,
) -> tuple[Holiday, list[Appointment]]:
    """A national holiday (no agency) or the closure of one agency on a day."""
    now = rules.now_or(now)
    holiday, _created = Holiday.objects.get_or_create(
        date=date, agency=agency, defaults={"name": name}
    )
    audit_record(
        actor=actor, action="appointments.holiday_create", target=holiday, after=snapshot(holiday)
    )
    agencies = [agency] if agency is not None else list(Agency.objects.all())
    reason = str(_("Día sin atención: %(name)s") % {"name": name})
    return holiday, _affected_scan(agencies=agencies, reason=reason, now=now)


@transaction.atomic
def agency_service_set(
    *,
    agency: Agency,
    procedure: ProcedureType,
    counters: int,
    slot_minutes: int,
    is_active: bool = True,
    actor=None,
    now: datetime.datetime | None = None,
) -> tuple[AgencyService, list[Appointment]]:
    """Offers a procedure at an agency with a number of counters and a turn length. Future
    places follow the new counters but never drop below what is already booked."""
    now = rules.now_or(now)
    if counters < 1 or not 5 <= slot_minutes <= 240:
        raise ServiceError(_("Revise las ventanillas (al menos 1) y la duración (5 a 240 min)."))
    service = AgencyService.objects.filter(agency=agency, procedure=procedure).first()
    before = snapshot(service)
    service, _created = AgencyService.objects.update_or_create(
        agency=agency,
        procedure=procedure,
        defaults={"counters": counters, "slot_minutes": slot_minutes, "is_active": is_active},
    )
    Slot.objects.filter(agency=agency, procedure=procedure, starts_at__gt=now).update(
        capacity=Greatest(counters, F("booked"))
    )
    audit_record(
        actor=actor,
        action="appointments.service_set",
        target=service,
        before=before,
        after=snapshot(service),
    )
    reason = str(_("Cambio de la atención del trámite en la agencia"))
    return service, _affected_scan(agencies=[agency], reason=reason, now=now)


@transaction.atomic
def agency_update(*, agency: Agency, actor=None, now=None, **changes) -> list[Appointment]:
    """Saves an agency's data; deactivating it lists and emails the people booked there."""
    now = rules.now_or(now)
    before = snapshot(Agency.objects.filter(pk=agency.pk).first()) if agency.pk else None
    for field, value in changes.items():
        setattr(agency, field, value)
    agency.save()
    audit_record(
        actor=actor,
        action="appointments.agency_update",
        target=agency,
        before=before,
        after=snapshot(agency),
    )
    if agency.is_active:
        return []
    appointments = list(
        Appointment.objects.select_related("agency", "procedure").filter(
            agency=agency, status=Appointment.Status.BOOKED, starts_at__gt=now
        )
    )
    _affected_mark(appointments, reason=str(_("La agencia se encuentra inactiva")), now=now)
    return appointments


# --- Identity and email verification ----------------------------------------------------


def identity_lookup(identity: str):
    """The registered person with this cédula or foreigner code, or a ServiceError."""
    try:
        number = identity_number_parse(identity)
    except ValidationError as error:
        raise ServiceError(error.messages[0], code="invalid_identity", field="identity") from None
    person = person_get_by_identity(number)
    if person is None:
        raise _identity_not_found()
    return person


def _identity_not_found() -> ServiceError:
    return ServiceError(
        _("No encontramos este número en el registro. Revise el número ingresado."),
        code="identity_not_found",
        field="identity",
        status=404,
    )


def booker_identify(identity: str):
    """Step 1 of the sheets: the person who will do the procedure, by cédula or foreigner code,
    shown with the name the registry holds. A cédula must also be one the Registro Civil
    (its adapter) knows."""
    person = identity_lookup(identity)
    if person.cedula and civil_registry().lookup(person.cedula) is None:
        raise _identity_not_found()
    return person


def email_mask(email: str) -> str:
    """m***@example.ec: enough for the owner to recognise the address, not to learn it."""
    local, _at, domain = (email or "").partition("@")
    return f"{local[:1]}***@{domain}"


def _verification_purpose(person) -> str:
    return f"turnero:{person.pk}"


def _email_or_error(email: str) -> str:
    email = (email or "").strip()
    invalid = ServiceError(
        _("Ingrese un correo electrónico válido."), code="invalid_email", field="email"
    )
    if len(email) > EMAIL_MAX_LENGTH:
        raise invalid
    try:
        validate_email(email)
    except ValidationError:
        raise invalid from None
    return email


def _mobile_or_error(mobile: str) -> str:
    try:
        return mobile_validate(mobile)
    except ValidationError as error:
        raise ServiceError(error.messages[0], code="invalid_mobile", field="mobile") from None


def _registered_email_matches(person, email: str) -> bool:
    """Whether the code may go to this address: the one on file when the registry has one
    (so nobody books in another person's name), any address otherwise."""
    return not person.email or email.casefold() == person.email.casefold()


def appointment_verification_start(*, person, email: str, mobile: str):
    """Sends the 'Verificar IESS turno online' email with a 6-digit code. When the registry
    holds an email for the person (for a proxy: the proxy's own), the code goes only there."""
    email = _email_or_error(email)
    mobile = _mobile_or_error(mobile)
    if not _registered_email_matches(person, email):
        raise ServiceError(
            _(
                "El correo no es el registrado en el IESS para esta identificación "
                "(%(masked)s); el código se envía solo a ese correo. Si ya no lo usa, "
                "actualícelo en el portal con su clave o en un Centro de Atención Universal."
            )
            % {"masked": email_mask(person.email)},
            code="email_not_registered",
            field="email",
        )
    verification = email_verification_start(
        email=person.email or email,
        purpose=_verification_purpose(person),
        subject=VERIFICATION_SUBJECT,
        template="appointments/email/verification",
        context={"person": person},
    )
    return verification, mobile


def appointment_verification_resend(*, verification_id, person):
    return email_verification_resend(
        verification_id=verification_id,
        subject=VERIFICATION_SUBJECT,
        template="appointments/email/verification",
        context={"person": person},
    )


def appointment_verification_check(*, verification_id, code: str):
    """Accepts the code (see email_verification_check; call it outside any transaction) and
    returns the person the verification was started for."""
    from iess.notifications.services import email_verification_check
    from iess.registry.selectors import person_get

    verification = email_verification_check(verification_id=verification_id, code=code)
    person_id = verification.purpose.removeprefix("turnero:")
    person = person_get(person_id=int(person_id)) if person_id.isdigit() else None
    if person is None:
        raise ServiceError(
            _("La verificación no existe; empiece de nuevo."), code="not_found", status=404
        )
    return person


def _verified_email(*, verification_id, person, now) -> str | None:
    """The email address this person verified by code for the turnero, while the
    verification is still valid; None otherwise."""
    return email_verification_verified_email(
        verification_id=verification_id,
        purpose=_verification_purpose(person),
        verified_after=now - VERIFICATION_VALID_FOR,
    )


# --- Booking ------------------------------------------------------------------------------


def holder_resolve(*, booker, holder_identity: str, holder_name: str):
    """(holder person or None, holder key, holder name, is_proxy)."""
    raw = (holder_identity or "").strip().upper()
    own_keys = {booker.identity_number.upper()} if booker.identity_number else set()
    if not raw or raw in own_keys:
        return booker, booker.identity_number, booker.full_name, False
    if raw.isdigit() or raw.startswith("EX"):
        try:
            holder = identity_lookup(raw)
        except ServiceError as error:
            error.field = "holder_identity"
            raise
        if holder.pk == booker.pk:
            return booker, booker.identity_number, booker.full_name, False
        return holder, holder.identity_number, holder.full_name, True
    passport = re.sub(r"[^A-Z0-9]", "", raw)
    name = " ".join((holder_name or "").split())
    if not 5 <= len(passport) <= 20:
        raise ServiceError(
            _("Ingrese la cédula, el código de extranjero o el pasaporte del titular."),
            code="invalid_holder",
            field="holder_identity",
        )
    if len(name) < 3:
        raise ServiceError(
            _("Ingrese los nombres y apellidos del titular que consta en su pasaporte."),
            code="holder_name_required",
            field="holder_name",
        )
    return None, f"PAS:{passport}", name[:250], True


def _active_turns_after_expiring_missed(
    *, person, holder_key: str, procedure: ProcedureType, now
) -> tuple[bool, int]:
    """(whether the holder still has an active turn for the procedure, how many active future
    turns the booker has), in one read. A turn nobody came to stops blocking a new booking once
    its check-in window closed: it becomes a no-show here (an update only when one expired)."""
    midnight = datetime.datetime.combine(
        rules.local_today(now), datetime.time(), tzinfo=rules.ECUADOR
    )
    missed, holder_active, future = [], False, 0
    rows = (
        Appointment.objects.filter(status__in=ACTIVE_STATUSES)
        .filter(
            Q(holder_key=holder_key, procedure=procedure) | Q(booked_by=person, starts_at__gt=now)
        )
        .values_list("pk", "status", "starts_at", "holder_key", "procedure_id", "booked_by_id")
    )
    for pk, status, starts_at, row_holder_key, procedure_id, booked_by_id in rows:
        if booked_by_id == person.pk and starts_at > now:
            future += 1
        if row_holder_key != holder_key or procedure_id != procedure.pk:
            continue
        if (status == Appointment.Status.BOOKED and starts_at < now - rules.CHECK_IN_LATEST) or (
            status == Appointment.Status.CHECKED_IN and starts_at < midnight
        ):
            missed.append(pk)
        else:
            holder_active = True
    if missed:
        Appointment.objects.filter(pk__in=missed, status__in=ACTIVE_STATUSES).update(
            status=Appointment.Status.NO_SHOW
        )
    return holder_active, future


def _slot_take(*, agency: Agency, service: AgencyService, starts_at) -> int:
    """Takes one place of the slot, creating its row on first use, in one atomic statement
    (INSERT ... ON CONFLICT DO UPDATE ... WHERE booked < capacity), or refuses. Returns the
    slot's id. The database's row lock on the conflicting row makes concurrent takes queue, and
    the CHECK constraint refuses booked > capacity whatever happens."""
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO appointments_slot"
            " (agency_id, procedure_id, starts_at, ends_at, capacity, booked)"
            " VALUES (%s, %s, %s, %s, %s, 1)"
            " ON CONFLICT (agency_id, procedure_id, starts_at) DO UPDATE"
            " SET booked = appointments_slot.booked + 1"
            " WHERE appointments_slot.booked < appointments_slot.capacity"
            " RETURNING id",
            [
                agency.pk,
                service.procedure_id,
                adapt(starts_at),
                adapt(starts_at + datetime.timedelta(minutes=service.slot_minutes)),
                service.counters,
            ],
        )
        row = cursor.fetchone()
    if row is None:
        raise ServiceError(NO_ROOM_MESSAGE, code="no_room", field="start", status=409)
    return row[0]


def _slot_release(slot_id: int) -> None:
    Slot.objects.filter(pk=slot_id, booked__gt=0).update(booked=F("booked") - 1)


def _aware(moment: datetime.datetime | None) -> datetime.datetime | None:
    """A time without zone is read as Ecuador's time."""
    if moment is not None and timezone.is_naive(moment):
        return moment.replace(tzinfo=rules.ECUADOR)
    return moment


def _bookable_service(*, agency, procedure, starts_at, now) -> AgencyService:
    service = selectors.agency_service_get(agency=agency, procedure=procedure)
    if service is None:
        raise ServiceError(
            _("La agencia seleccionada no ofrece este trámite."), code="not_offered", field="agency"
        )
    if starts_at is None or not selectors.slot_start_is_valid(
        agency=agency, service=service, starts_at=starts_at, now=now
    ):
        raise ServiceError(NO_ROOM_MESSAGE, code="no_room", field="start", status=409)
    return service


def appointment_book(
    *,
    verification_id,
    person,
    procedure: ProcedureType,
    agency: Agency,
    starts_at: datetime.datetime,
    email: str | None,
    mobile: str,
    idempotency_key: str | None = None,
    holder_identity: str = "",
    holder_name: str = "",
    now: datetime.datetime | None = None,
    send_confirmation: bool = True,
) -> Appointment:
    """Books one place for a verified person; a retried request with the same idempotency key
    returns the first booking instead of a second one. The email must be the verified one;
    None takes the verified one (the API, which has only the verification id)."""
    now = rules.now_or(now)
    mobile = _mobile_or_error(mobile)
    starts_at = _aware(starts_at)
    key = (idempotency_key or "").strip()[:64] or None
    if key:
        existing = Appointment.objects.filter(idempotency_key=key).first()
        if existing is not None:
            return _idempotent_result(existing, person)
    verified_email = _verified_email(verification_id=verification_id, person=person, now=now)
    if (
        verified_email is None
        or not _registered_email_matches(person, verified_email)
        or (email is not None and email.upper() != verified_email.upper())
    ):
        raise ServiceError(
            _("Verifique su correo electrónico con el código enviado antes de reservar."),
            code="not_verified",
            status=403,
        )
    email = email if email is not None else verified_email
    holder, holder_key, holder_full_name, is_proxy = holder_resolve(
        booker=person, holder_identity=holder_identity, holder_name=holder_name
    )
    service = _bookable_service(agency=agency, procedure=procedure, starts_at=starts_at, now=now)
    try:
        with transaction.atomic():
            # One booking at a time per person, so the limit of future turns holds.
            type(person).objects.select_for_update().filter(pk=person.pk).first()
            holder_active, future = _active_turns_after_expiring_missed(
                person=person, holder_key=holder_key, procedure=procedure, now=now
            )
            if holder_active:
                raise ServiceError(
                    _("Ya existe un turno activo para este titular y este trámite."),
                    code="already_booked",
                    status=409,
                )
            if future >= rules.max_future_per_person():
                raise ServiceError(
                    _("Ya tiene %(count)d turnos por atender; es el máximo permitido.")
                    % {"count": rules.max_future_per_person()},
                    code="too_many_appointments",
                    status=409,
                )
            slot_id = _slot_take(agency=agency, service=service, starts_at=starts_at)
            appointment = Appointment.objects.create(
                code=random_code(CODE_LENGTH),
                procedure=procedure,
                agency=agency,
                slot_id=slot_id,
                starts_at=starts_at,
                booked_by=person,
                holder=holder,
                holder_key=holder_key,
                holder_name=holder_full_name,
                is_proxy=is_proxy,
                email=email,
                mobile=mobile,
                idempotency_key=key,
            )
    except IntegrityError:
        existing = Appointment.objects.filter(idempotency_key=key).first() if key else None
        if existing is not None:
            return _idempotent_result(existing, person)
        raise ServiceError(
            _("Ya existe un turno activo para este titular y este trámite."),
            code="already_booked",
            status=409,
        ) from None
    if send_confirmation:
        appointment_confirmation_send(appointment=appointment)
    return appointment


def _idempotent_result(existing: Appointment, person) -> Appointment:
    if existing.booked_by_id != person.pk:
        raise ServiceError(
            _("La solicitud no es válida; vuelva a empezar."),
            code="idempotency_conflict",
            status=409,
        )
    return existing


# --- Confirmation: email, PDF, .ics ------------------------------------------------------


def appointment_manage_token(appointment: Appointment) -> str:
    return signing.dumps(
        {"a": appointment.pk, "s": int(appointment.starts_at.timestamp())}, salt=MANAGE_SALT
    )


def appointment_manage_url(appointment: Appointment) -> str:
    return settings.SITE_URL + reverse(
        "appointments:manage", args=[appointment_manage_token(appointment)]
    )


def appointment_from_token(token: str, *, now: datetime.datetime | None = None) -> Appointment:
    """The appointment a manage link points to, while it is booked and has not started."""
    now = rules.now_or(now)
    invalid = ServiceError(
        _("El enlace no es válido o ya no está vigente (el turno empezó, cambió o se canceló)."),
        code="invalid_link",
        status=404,
    )
    try:
        data = signing.loads(token, salt=MANAGE_SALT)
    except signing.BadSignature:
        raise invalid from None
    appointment = (
        Appointment.objects.select_related("agency", "procedure", "booked_by")
        .filter(pk=data.get("a"))
        .first()
    )
    if (
        appointment is None
        or int(appointment.starts_at.timestamp()) != data.get("s")
        or appointment.status != Appointment.Status.BOOKED
        or appointment.starts_at <= now
    ):
        raise invalid
    return appointment


def appointment_for_code_and_identity(*, code: str, identity: str) -> Appointment:
    """The appointment with this booking code, if the identity is its booker's or holder's.
    A wrong pair gets the same answer as an unknown code, so codes cannot be probed."""
    refusal = ServiceError(
        _("No existe un turno con ese código para esa identificación."),
        code="not_found",
        status=404,
    )
    appointment = selectors.appointment_get_by_code(code)
    number = (identity or "").strip().upper()
    if appointment is None or not number:
        raise refusal
    # A passport holder's key is stored as "PAS:<number without separators>" (holder_resolve).
    keys = {
        appointment.holder_key.upper().removeprefix("PAS:"),
        (appointment.booked_by.identity_number or "").upper(),
    }
    if number not in keys and re.sub(r"[^A-Z0-9]", "", number) not in keys:
        raise refusal
    return appointment


def appointment_fields(appointment: Appointment) -> list[tuple[str, str]]:
    start = rules.local(appointment.starts_at)
    fields = [
        (_("Código del turno"), appointment.code),
        (_("Trámite"), appointment.procedure.name),
        (
            _("Titular"),
            f"{appointment.holder_name} ({appointment.holder_key.removeprefix('PAS:')})",
        ),
    ]
    if appointment.is_proxy:
        fields.append(
            (
                _("Reservado por"),
                f"{appointment.booked_by.full_name} ({appointment.booked_by.identity_number})",
            )
        )
    fields += [
        (_("Agencia"), appointment.agency.name),
        (_("Dirección"), f"{appointment.agency.address}, {appointment.agency.city}"),
        (_("Fecha"), start.strftime("%d/%m/%Y")),
        (_("Hora (Ecuador)"), start.strftime("%H:%M")),
    ]
    return [(str(label), value) for label, value in fields]


def appointment_pdf(appointment: Appointment) -> bytes:
    """The 'Confirmación del Turno en Línea' PDF (issued once per booked time)."""
    from iess.documents.selectors import document_for_subject
    from iess.documents.services import document_issue, document_render

    fields = appointment_fields(appointment)
    document = document_for_subject(subject=appointment, kind=CONFIRMATION_KIND)
    if document is not None and document.fields == [list(row) for row in fields] and document.pdf:
        return bytes(document.pdf)
    document = document_issue(
        kind=CONFIRMATION_KIND,
        title=str(_("Confirmación del Turno en Línea")),
        fields=fields,
        person=appointment.holder or appointment.booked_by,
        subject=appointment,
    )
    return document_render(
        document=document,
        subtitle=str(_("Instituto Ecuatoriano de Seguridad Social · Turnos en línea")),
        paragraphs=[
            str(
                _(
                    "Preséntese en la agencia entre 30 minutos antes y 15 minutos después de la "
                    "hora del turno, con este documento (impreso o en su teléfono) y los "
                    "requisitos del trámite. Registre su llegada en el quiosco con el código del "
                    "turno %(code)s."
                )
                % {"code": appointment.code}
            ),
        ],
        footer=str(_("Horas en hora de Ecuador (America/Guayaquil).")),
    )


def appointment_ics(appointment: Appointment) -> bytes:
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//IESS en linea//Turnos//ES")
    calendar.add("version", "2.0")
    event = icalendar.Event()
    event.add("uid", f"turno-{appointment.code}@iess.gob.ec")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", rules.local(appointment.starts_at))
    event.add("dtend", rules.local(appointment.slot.ends_at))
    event.add("summary", f"IESS: {appointment.procedure.name} ({appointment.code})")
    event.add("location", f"{appointment.agency.name}, {appointment.agency.address}")
    event.add(
        "description",
        str(_("Turno %(code)s. Gestionar: %(url)s"))
        % {"code": appointment.code, "url": appointment_manage_url(appointment)},
    )
    calendar.add_component(_ecuador_vtimezone())
    calendar.add_component(event)
    return calendar.to_ical()


@functools.cache
def _ecuador_vtimezone():
    """Ecuador's VTIMEZONE, computed once: icalendar derives it from the zoneinfo database,
    which takes a noticeable fraction of a second."""
    import icalendar

    return icalendar.Timezone.from_tzid("America/Guayaquil")


def appointment_confirmation_send(*, appointment: Appointment) -> None:
    """Queues the confirmation email once the booking commits. The PDF and the .ics are made
    by the background task, so rendering them never holds up the booking request."""
    from django.utils import translation

    from iess.appointments.tasks import appointment_confirmation_email

    language = translation.get_language() or settings.LANGUAGE_CODE
    starts_at = appointment.starts_at.isoformat()
    transaction.on_commit(
        lambda: appointment_confirmation_email.enqueue(
            appointment_id=appointment.pk, language=language, starts_at=starts_at
        )
    )


def appointment_confirmation_deliver(*, appointment_id: int, starts_at: str | None = None) -> None:
    """Renders the confirmation email with its PDF and .ics attachments (in the task), unless
    the turn was cancelled or moved since the task was queued (`starts_at`, ISO 8601): a
    cancelled turn must not get a fresh, valid confirmation. The row lock makes a cancel
    arriving meanwhile wait, and then revoke the document issued here."""
    with transaction.atomic(), timezone.override(rules.ECUADOR):
        appointment = (
            Appointment.objects.select_for_update(of=("self",))
            .select_related("agency", "procedure", "booked_by", "holder", "slot")
            .filter(pk=appointment_id)
            .first()
        )
        if (
            appointment is None
            or appointment.status != Appointment.Status.BOOKED
            # Tasks queued before the start was passed along carry none.
            or (starts_at is not None and appointment.starts_at != parse_datetime(starts_at))
        ):
            return
        email_queue(
            to=appointment.email,
            subject=_("Confirmación del Turno en Línea %(code)s") % {"code": appointment.code},
            template="appointments/email/confirmation",
            context={
                "appointment": appointment,
                "fields": appointment_fields(appointment),
                "manage_url": appointment_manage_url(appointment),
            },
            attachments=[
                Attachment(
                    f"turno-{appointment.code}.pdf", appointment_pdf(appointment), "application/pdf"
                ),
                Attachment(
                    f"turno-{appointment.code}.ics", appointment_ics(appointment), "text/calendar"
                ),
            ],
        )


# --- Cancel and reschedule --------------------------------------------------------------


def _lock_bookable(appointment: Appointment, now) -> Appointment:
    locked = (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("agency", "procedure", "booked_by", "slot")
        .get(pk=appointment.pk)
    )
    if locked.status != Appointment.Status.BOOKED or locked.starts_at <= now:
        raise ServiceError(
            _("Este turno ya no se puede cambiar ni cancelar."), code="not_changeable", status=409
        )
    return locked


def appointment_cancel(
    *, appointment: Appointment, now: datetime.datetime | None = None, actor=None
) -> Appointment:
    """Cancels a booked turn before it starts; its place returns to the pool at once."""
    now = rules.now_or(now)
    with transaction.atomic():
        locked = _lock_bookable(appointment, now)
        before = snapshot(locked)
        locked.status = Appointment.Status.CANCELLED
        locked.cancelled_at = now
        locked.save(update_fields=["status", "cancelled_at"])
        _slot_release(locked.slot_id)
        document_revoke_for_subject(subject=locked, kind=CONFIRMATION_KIND)
        if actor is not None:
            audit_record(
                actor=actor,
                action="appointments.cancel",
                target=locked,
                before=before,
                after=snapshot(locked),
            )
        with timezone.override(rules.ECUADOR):
            email_queue(
                to=locked.email,
                subject=_("Turno %(code)s cancelado") % {"code": locked.code},
                template="appointments/email/cancelled",
                context={"appointment": locked},
            )
    return locked


def appointment_reschedule(
    *, appointment: Appointment, starts_at: datetime.datetime, now: datetime.datetime | None = None
) -> Appointment:
    """Moves a booked turn to another free time of the same agency and procedure."""
    now = rules.now_or(now)
    starts_at = _aware(starts_at)
    service = _bookable_service(
        agency=appointment.agency, procedure=appointment.procedure, starts_at=starts_at, now=now
    )
    with transaction.atomic():
        locked = _lock_bookable(appointment, now)
        if locked.starts_at == starts_at:
            raise ServiceError(
                _("Elija una hora distinta de la actual."), code="same_time", field="start"
            )
        old_slot_id = locked.slot_id
        locked.slot_id = _slot_take(agency=locked.agency, service=service, starts_at=starts_at)
        _slot_release(old_slot_id)
        locked.starts_at = starts_at
        locked.affected_at = None
        locked.affected_reason = ""
        locked.reminder_sent_at = None
        locked.save(
            update_fields=[
                "slot",
                "starts_at",
                "affected_at",
                "affected_reason",
                "reminder_sent_at",
            ]
        )
        document_revoke_for_subject(subject=locked, kind=CONFIRMATION_KIND)
    appointment_confirmation_send(appointment=locked)
    return locked


# --- Reminders ----------------------------------------------------------------------------


def _next_working_day(day: datetime.date) -> datetime.date:
    candidate = day + datetime.timedelta(days=1)
    holidays = selectors.national_holidays(candidate, candidate + datetime.timedelta(days=30))
    while candidate.weekday() >= 5 or candidate in holidays:
        candidate += datetime.timedelta(days=1)
    return candidate


def appointment_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """On a working day, reminds everybody booked up to the next working day. Each appointment
    gets one reminder whoever runs this and however often."""
    now = rules.now_or(now)
    today = rules.local_today(now)
    last_day = _next_working_day(today)
    until = datetime.datetime.combine(
        last_day + datetime.timedelta(days=1), datetime.time(), tzinfo=rules.ECUADOR
    )
    sent = 0
    candidates = Appointment.objects.filter(
        status=Appointment.Status.BOOKED,
        reminder_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lt=until,
    ).values_list("pk", flat=True)
    for pk in list(candidates):
        with transaction.atomic():
            claimed = Appointment.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
            if not claimed:
                continue
            appointment = Appointment.objects.select_related("agency", "procedure").get(pk=pk)
            with timezone.override(rules.ECUADOR):
                email_queue(
                    to=appointment.email,
                    subject=_("Recordatorio: su turno en el IESS %(code)s")
                    % {"code": appointment.code},
                    template="appointments/email/reminder",
                    context={
                        "appointment": appointment,
                        "manage_url": appointment_manage_url(appointment),
                    },
                )
            sent += 1
    return sent


# --- At the centre: check-in, walk-in turns, the counter queue ----------------------------


def booking_code_extract(text: str) -> str | None:
    """The booking code in what the kiosk read: the code itself, a URL containing it, or the
    verification address printed in the confirmation PDF's QR."""
    raw = (text or "").strip()
    if CODE_PATTERN.match(raw.upper()):
        return raw.upper()
    parsed = urlparse(raw)
    segments = [segment for segment in parsed.path.split("/") if segment]
    if "verificar" in segments:
        from iess.documents.selectors import document_get_by_code

        document = document_get_by_code(segments[-1])
        if document is not None and document.subject_type == Appointment._meta.label_lower:
            appointment = Appointment.objects.filter(pk=document.subject_id).first()
            return appointment.code if appointment else None
        return None
    for segment in reversed(segments):
        if CODE_PATTERN.match(segment.upper()):
            return segment.upper()
    return None


def _priority_of(person, day) -> str:
    if person is None:
        return ""
    if person.birth_date is not None and person.age_on(day) >= rules.OLDER_ADULT_AGE:
        return Ticket.Priority.OLDER_ADULT
    if person.has_disability:
        return Ticket.Priority.DISABILITY
    return ""


def _ticket_create(*, agency, procedure, kind, priority, now, **fields) -> Ticket:
    # The agency row lock serialises numbering: every ticket of the day gets the next number.
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    day = rules.local_today(now)
    prefix = "P" if priority else ("C" if kind == Ticket.Kind.APPOINTMENT else "A")
    count = Ticket.objects.filter(agency=agency, service_day=day, number__startswith=prefix).count()
    return Ticket.objects.create(
        agency=agency,
        procedure=procedure,
        service_day=day,
        number=f"{prefix}{count + 1:03d}",
        kind=kind,
        priority=priority,
        is_priority=bool(priority),
        issued_at=now,
        **fields,
    )


@transaction.atomic
def appointment_check_in(
    *, agency: Agency, scanned: str, now: datetime.datetime | None = None, actor=None
) -> Ticket:
    """Registers the arrival of a booked person at the kiosk and puts them in the queue."""
    now = rules.now_or(now)
    code = booking_code_extract(scanned)
    appointment = (
        Appointment.objects.select_for_update().filter(code=code).first() if code else None
    )
    if appointment is None or appointment.agency_id != agency.pk:
        raise ServiceError(
            _("No encontramos un turno con ese código en esta agencia."),
            code="not_found",
            field="code",
            status=404,
        )
    if appointment.status == Appointment.Status.CHECKED_IN:
        return appointment.ticket
    if appointment.status != Appointment.Status.BOOKED:
        raise ServiceError(
            _("Este turno no está vigente (%(status)s).")
            % {"status": appointment.get_status_display()},
            code="not_active",
            field="code",
            status=409,
        )
    earliest, latest = rules.check_in_window(appointment.starts_at)
    if now < earliest:
        raise ServiceError(
            _("Llegó con anticipación. Puede registrar su llegada desde las %(time)s.")
            % {"time": rules.local(earliest).strftime("%H:%M")},
            code="too_early",
            field="code",
            status=409,
        )
    if now > latest:
        raise ServiceError(
            _(
                "El tiempo para registrar su turno terminó a las %(time)s. Acérquese a la "
                "ventanilla de información y solicite un turno presencial."
            )
            % {"time": rules.local(latest).strftime("%H:%M")},
            code="too_late",
            field="code",
            status=409,
        )
    appointment.status = Appointment.Status.CHECKED_IN
    appointment.checked_in_at = now
    appointment.save(update_fields=["status", "checked_in_at"])
    person = appointment.holder or appointment.booked_by
    ticket = _ticket_create(
        agency=agency,
        procedure=appointment.procedure,
        kind=Ticket.Kind.APPOINTMENT,
        priority=_priority_of(person, rules.local_today(now)),
        now=now,
        appointment=appointment,
        booked_start=appointment.starts_at,
        person=appointment.booked_by,
        name=appointment.booked_by.full_name,
    )
    if actor is not None:
        audit_record(
            actor=actor, action="appointments.check_in", target=ticket, after=snapshot(ticket)
        )
    return ticket


WALK_IN_REASONS = ("no_id", "priority", "late")


@transaction.atomic
def ticket_issue_walk_in(
    *,
    agency: Agency,
    procedure: ProcedureType,
    reason: str,
    identity: str = "",
    name: str = "",
    priority: str = "",
    booking_code: str = "",
    actor=None,
    now: datetime.datetime | None = None,
) -> Ticket:
    """A turn at the centre for a person without cédula or foreigner code, in a priority group,
    or late for their online turn. Everybody else books online (sheets 01-03)."""
    now = rules.now_or(now)
    today = rules.local_today(now)
    if selectors.agency_service_get(agency=agency, procedure=procedure) is None:
        raise ServiceError(
            _("Esta agencia no atiende ese trámite."), code="not_offered", field="procedure"
        )
    if priority not in ("", *[p.value for p in Ticket.Priority if p.value]):
        raise ServiceError(_("Seleccione un grupo prioritario de la lista."), field="priority")
    person = identity_lookup(identity) if identity.strip() else None
    derived = _priority_of(person, today)
    priority = priority or derived
    appointment = None
    if reason == "no_id":
        if person is not None:
            raise ServiceError(
                _(
                    "La persona tiene cédula o código de extranjero: "
                    "debe reservar su turno en línea."
                ),
                code="must_book_online",
                field="identity",
            )
        if len(" ".join(name.split())) < 3:
            raise ServiceError(_("Ingrese el nombre de la persona."), field="name")
    elif reason == "priority":
        if not priority:
            raise ServiceError(
                _("Indique el grupo prioritario (adulto mayor, discapacidad o embarazo)."),
                code="priority_required",
                field="priority",
            )
    elif reason == "late":
        code = booking_code_extract(booking_code) or ""
        appointment = (
            Appointment.objects.select_for_update()
            .filter(code=code, agency=agency, status=Appointment.Status.BOOKED)
            .first()
        )
        if appointment is None or rules.local(appointment.starts_at).date() != today:
            raise ServiceError(
                _("No hay un turno de hoy en esta agencia con ese código."),
                code="not_found",
                field="booking_code",
            )
        if now <= rules.check_in_window(appointment.starts_at)[1]:
            raise ServiceError(
                _("El turno aún está a tiempo: registre la llegada en el quiosco."),
                code="not_late",
                field="booking_code",
            )
        appointment.status = Appointment.Status.CHECKED_IN
        appointment.checked_in_at = now
        appointment.save(update_fields=["status", "checked_in_at"])
        person = appointment.booked_by
        procedure = appointment.procedure
    else:
        raise ServiceError(_("Seleccione el motivo del turno presencial."), field="reason")
    ticket = _ticket_create(
        agency=agency,
        procedure=procedure,
        kind=Ticket.Kind.WALK_IN,
        priority=priority,
        now=now,
        person=person,
        name=(person.full_name if person else " ".join(name.split()))[:250],
        appointment=appointment,
    )
    if actor is not None and getattr(actor, "is_authenticated", False):
        audit_record(
            actor=actor, action="appointments.walk_in", target=ticket, after=snapshot(ticket)
        )
    return ticket


def _ticket_of_agency(ticket_id, agency: Agency) -> Ticket:
    ticket = (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("procedure", "appointment")
        .filter(pk=ticket_id, agency=agency)
        .first()
    )
    if ticket is None:
        raise ServiceError(_("El turno no existe en su agencia."), code="not_found", status=404)
    return ticket


@transaction.atomic
def ticket_call_next(
    *, agency: Agency, counter: int, actor, now: datetime.datetime | None = None
) -> Ticket | None:
    """Calls the next person to a counter: priority groups first, then booked time, then
    walk-in order. Two clerks never get the same ticket (row lock, skipping locked rows)."""
    now = rules.now_or(now)
    busy = Ticket.objects.filter(
        agency=agency, counter=counter, status=Ticket.Status.CALLED
    ).first()
    if busy is not None:
        raise ServiceError(
            _("Termine primero la atención del turno %(number)s.") % {"number": busy.number},
            code="counter_busy",
        )
    queue = selectors.ticket_queue(agency=agency, day=rules.local_today(now))
    ticket = queue.select_for_update(skip_locked=True, of=("self",)).first()
    if ticket is None:
        return None
    before = snapshot(ticket)
    ticket.status = Ticket.Status.CALLED
    ticket.counter = counter
    ticket.called_at = now
    ticket.call_count = 1
    ticket.called_by = actor
    ticket.save()
    audit_record(
        actor=actor,
        action="appointments.call",
        target=ticket,
        before=before,
        after=snapshot(ticket),
    )
    return ticket


@transaction.atomic
def ticket_call_again(*, agency: Agency, ticket_id, actor, now=None) -> Ticket:
    now = rules.now_or(now)
    ticket = _ticket_of_agency(ticket_id, agency)
    if ticket.status != Ticket.Status.CALLED:
        raise ServiceError(_("Solo se puede volver a llamar un turno llamado."), code="not_called")
    ticket.called_at = now
    ticket.call_count += 1
    ticket.save(update_fields=["called_at", "call_count"])
    audit_record(
        actor=actor, action="appointments.call_again", target=ticket, after=snapshot(ticket)
    )
    return ticket


@transaction.atomic
def ticket_transfer(*, agency: Agency, ticket_id, counter: int, actor, now=None) -> Ticket:
    now = rules.now_or(now)
    if counter not in selectors.agency_counter_numbers(agency):
        raise ServiceError(_("Esa ventanilla no existe en la agencia."), field="counter")
    ticket = _ticket_of_agency(ticket_id, agency)
    if ticket.status != Ticket.Status.CALLED:
        raise ServiceError(_("Solo se puede transferir un turno llamado."), code="not_called")
    before = snapshot(ticket)
    ticket.counter = counter
    ticket.called_at = now
    ticket.call_count += 1
    ticket.save(update_fields=["counter", "called_at", "call_count"])
    audit_record(
        actor=actor,
        action="appointments.transfer",
        target=ticket,
        before=before,
        after=snapshot(ticket),
    )
    return ticket


@transaction.atomic
def ticket_finish(
    *, agency: Agency, ticket_id, attended: bool, outcome: str = "", actor, now=None
) -> Ticket:
    """Closes a called ticket as attended (recorded in the catalog's figures) or as no-show."""
    now = rules.now_or(now)
    ticket = _ticket_of_agency(ticket_id, agency)
    if ticket.status != Ticket.Status.CALLED:
        raise ServiceError(_("Solo se puede cerrar un turno llamado."), code="not_called")
    if attended and not outcome.strip():
        raise ServiceError(_("Indique el resultado de la atención."), field="outcome")
    before = snapshot(ticket)
    ticket.status = Ticket.Status.ATTENDED if attended else Ticket.Status.NO_SHOW
    ticket.finished_at = now
    ticket.outcome = outcome.strip()[:250]
    ticket.save(update_fields=["status", "finished_at", "outcome"])
    if ticket.appointment_id:
        Appointment.objects.filter(pk=ticket.appointment_id).update(
            status=Appointment.Status.ATTENDED if attended else Appointment.Status.NO_SHOW
        )
    audit_record(
        actor=actor,
        action="appointments.attend" if attended else "appointments.no_show",
        target=ticket,
        before=before,
        after=snapshot(ticket),
    )
    if attended:
        attention_record(
            procedure_slug=ticket.procedure.slug,
            at=now,
            channel=ATTENTION_CHANNEL,
            agency=agency.name,
            reference=f"turno:{agency.pk}:{ticket.pk}",
        )
    return ticket


@transaction.atomic
def membership_set(*, user, agency: Agency, actor=None):
    from iess.appointments.models import AgencyMembership

    membership, _created = AgencyMembership.objects.update_or_create(
        user=user, defaults={"agency": agency}
    )
    if actor is not None:
        audit_record(
            actor=actor,
            action="appointments.membership_set",
            target=membership,
            after=snapshot(membership),
        )
    return membership


@transaction.atomic
def procedure_type_sync(*, rows: list[tuple[str, str]]) -> int:
    for slug, name in rows:
        ProcedureType.objects.update_or_create(slug=slug, defaults={"name": name})
    return len(rows)
