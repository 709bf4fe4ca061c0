"""AFÍLIATE Ya: the voluntary affiliation, fully online, with an automatic answer.

Every write of the flow is one function here; the web pages, the JSON API, the background
task and the management commands call them. The application (`VoluntaryApplication`) records
what the person has proved so far; `voluntary_affiliation_register` turns a complete
application into an `Affiliation` of kind voluntary exactly once.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from iess.affiliation.models import (
    Affiliation,
    BirthDateFailure,
    Religion,
    VoluntaryAffiliation,
    VoluntaryApplication,
    VoluntaryBaseChange,
    VoluntaryObligation,
)
from iess.affiliation.selectors import affiliation_active_list, person_is_retired
from iess.affiliation.voluntary_selectors import (
    sbu_on,
    voluntary_affiliation_active_get,
    voluntary_base_for_month,
    voluntary_rate_on,
)
from iess.catalog.services import attention_record
from iess.core.errors import ServiceError
from iess.documents.models import IssuedDocument
from iess.documents.selectors import document_for_subject
from iess.documents.services import document_issue, document_render
from iess.notifications.services import (
    email_text_render,
    email_verification_check,
    email_verification_resend,
    email_verification_start,
)
from iess.registry.adapters import civil_registry
from iess.registry.selectors import person_get_by_identity, person_lock
from iess.registry.validators import (
    country_validate,
    identity_number_parse,
    mobile_validate,
)

CENT = Decimal("0.01")
ADULT_AGE = 18
DUE_DAY = 15
APPLICATION_TTL = datetime.timedelta(hours=2)
EMAIL_PURPOSE = "voluntary_affiliation"
NOTICE_KIND = "voluntary_affiliation_notice"
# The catalog sheet whose transparency figures count each registered affiliation.
PROCEDURE_SLUG = "afiliacion-voluntaria"
NOTICE_MAX_ATTEMPTS = 5
# Wrong dates of birth allowed per person in BIRTH_DATE_WINDOW before the step is refused.
BIRTH_DATE_MAX_FAILURES = 5
BIRTH_DATE_WINDOW = datetime.timedelta(hours=24)
EMAIL_MAX_LENGTH = 254
# The months a quote may be asked for: the rates tables start in 2000, and a quote more than a
# year ahead means nothing (the SBU changes every January).
QUOTE_FIRST_MONTH = datetime.date(2000, 1, 1)
QUOTE_MONTHS_AHEAD = 12


# --- dates and money -------------------------------------------------------------------------


def money(amount: Decimal) -> Decimal:
    """Rounds to the cent as the institution bills: half a cent goes up."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def usd(amount: Decimal) -> str:
    return f"USD {money(amount):,.2f}"


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_after(day: datetime.date) -> datetime.date:
    first = month_start(day)
    return (first + datetime.timedelta(days=32)).replace(day=1)


def due_date_for(month: datetime.date) -> datetime.date:
    """A month's contribution is due by the 15th of the following month."""
    return month_after(month).replace(day=DUE_DAY)


def today() -> datetime.date:
    return timezone.localdate()


# --- the calculation -------------------------------------------------------------------------


@dataclass(frozen=True)
class Quote:
    month: datetime.date
    declared_base: Decimal
    sbu: Decimal
    contribution_rate: Decimal
    spouse_health_rate: Decimal
    spouse_cover: bool
    contribution_amount: Decimal
    spouse_amount: Decimal

    @property
    def total(self) -> Decimal:
        return self.contribution_amount + self.spouse_amount

    @property
    def due_date(self) -> datetime.date:
        return due_date_for(self.month)

    def as_dict(self) -> dict:
        return {
            "month": self.month,
            "declared_base": self.declared_base,
            "sbu": self.sbu,
            "contribution_rate": self.contribution_rate,
            "spouse_health_rate": self.spouse_health_rate,
            "spouse_cover": self.spouse_cover,
            "contribution_amount": self.contribution_amount,
            "spouse_amount": self.spouse_amount,
            "total": self.total,
            "due_date": self.due_date,
        }


def voluntary_contribution_calculate(
    *, declared_base: Decimal, spouse_cover: bool, month: datetime.date
) -> Quote:
    """The monthly bill for a declared base, with the rate and the SBU in force in `month`.

    Each part is rounded to the cent on its own (they are billed as separate lines)."""
    month = month_start(month)
    last = month_start(today())
    for _month in range(QUOTE_MONTHS_AHEAD):
        last = month_after(last)
    if not QUOTE_FIRST_MONTH <= month <= last:
        raise ServiceError(
            _("El mes debe estar entre %(first)s y %(last)s.")
            % {"first": QUOTE_FIRST_MONTH.strftime("%m/%Y"), "last": last.strftime("%m/%Y")},
            code="month_out_of_range",
            field="month",
        )
    rate = voluntary_rate_on(month)
    sbu = sbu_on(month)
    if rate is None or sbu is None:
        raise ServiceError(
            _("No hay tasas o salario básico vigentes para %(month)s; intente más tarde.")
            % {"month": month.strftime("%m/%Y")},
            code="rates_missing",
            status=503,
        )
    declared_base = Decimal(declared_base)
    if declared_base.as_tuple().exponent < -2:
        raise ServiceError(
            _("La base declarada admite como máximo dos decimales (centavos)."),
            code="base_precision",
            field="declared_base",
        )
    if declared_base < sbu.amount:
        raise ServiceError(
            _(
                "La base declarada (%(base)s) no puede ser menor que el Salario Básico "
                "Unificado vigente (%(sbu)s)."
            )
            % {"base": usd(declared_base), "sbu": usd(sbu.amount)},
            code="base_below_sbu",
            field="declared_base",
        )
    return Quote(
        month=month,
        declared_base=money(declared_base),
        sbu=sbu.amount,
        contribution_rate=rate.contribution_rate,
        spouse_health_rate=rate.spouse_health_rate,
        spouse_cover=spouse_cover,
        contribution_amount=money(declared_base * rate.contribution_rate),
        spouse_amount=money(declared_base * rate.spouse_health_rate) if spouse_cover else CENT * 0,
    )


# --- eligibility -----------------------------------------------------------------------------


def _refuse_if_ineligible(person, *, on: datetime.date) -> None:
    if person_is_retired(person_id=person.pk):
        raise ServiceError(
            _(
                "Usted consta como jubilado del IESS; los jubilados no pueden afiliarse al "
                "Seguro Voluntario."
            ),
            code="retired",
        )
    active = list(affiliation_active_list(person_id=person.pk))
    if any(a.kind == Affiliation.Kind.VOLUNTARY for a in active):
        raise ServiceError(
            _("Usted ya tiene una afiliación voluntaria activa; puede verla en Mi cuenta."),
            code="already_voluntary",
        )
    if active:
        raise ServiceError(
            _(
                "Usted ya está afiliado activamente (%(kind)s); mientras dure esa afiliación "
                "no puede afiliarse voluntariamente."
            )
            % {"kind": active[0].get_kind_display()},
            code="already_affiliated",
        )
    if person.age_on(on) < ADULT_AGE:
        raise ServiceError(
            _("La afiliación voluntaria es solo para personas mayores de 18 años."),
            code="under_age",
        )


# --- the application, step by step ----------------------------------------------------------


def voluntary_application_get(*, application_id) -> VoluntaryApplication | None:
    """The application if it exists and is still fresh (two hours)."""
    if not application_id:
        return None
    try:
        application = (
            VoluntaryApplication.objects.select_related("person", "voluntary_affiliation")
            .filter(pk=application_id)
            .first()
        )
    except (ValueError, ValidationError):
        return None
    if application is None:
        return None
    if application.voluntary_affiliation_id is None and (
        timezone.now() - application.created_at > APPLICATION_TTL
    ):
        return None
    return application


def _application_or_error(application_id) -> VoluntaryApplication:
    application = voluntary_application_get(application_id=application_id)
    if application is None:
        raise ServiceError(
            _("La solicitud no existe o caducó; empiece de nuevo."), code="not_found", status=404
        )
    if application.voluntary_affiliation_id is not None:
        raise ServiceError(
            _("Esta solicitud ya fue registrada."), code="already_registered", status=409
        )
    return application


def _require(condition: bool, message) -> None:
    if not condition:
        raise ServiceError(message, code="step_missing", status=409)


@transaction.atomic
def voluntary_application_start(*, identity: str, language: str = "es") -> VoluntaryApplication:
    """Step 1: the person gives a cédula (or an IESS foreigner code); the Registro Civil
    must know the cédula."""
    raw = (identity or "").strip()
    try:
        number = identity_number_parse(raw)
    except ValidationError as error:
        if raw and not raw.isdigit():
            raise ServiceError(
                _(
                    "Este trámite requiere cédula de identidad. Las personas extranjeras sin "
                    "cédula pueden usar su código de identificación para extranjero."
                ),
                code="identity_required",
                field="identity",
            ) from None
        raise ServiceError(error.messages[0], code="invalid_identity", field="identity") from None
    record = None
    if number.kind == "cedula":
        record = civil_registry().lookup(number.value)
        if record is None:
            raise ServiceError(
                _("El Registro Civil no tiene datos de la cédula %(cedula)s; revise el número.")
                % {"cedula": number.value},
                code="not_in_civil_registry",
                field="identity",
            )
    person = person_get_by_identity(number)
    if person is None:
        raise ServiceError(
            _("No encontramos a la persona con la identificación %(number)s.")
            % {"number": number.value},
            code="person_not_found",
            field="identity",
        )
    # Eligibility (retired, affiliated, age) is told only after the birth date matches, so
    # that a cédula alone reveals nothing about its holder.
    # The Registro Civil's birth date is the one step 2 checks; a foreigner code (no cédula)
    # has only the institute's own record.
    return VoluntaryApplication.objects.create(
        person=person,
        language=language[:8],
        registry_birth_date=record.birth_date if record else person.birth_date,
    )


def _registered_birth_date(application) -> datetime.date:
    return application.registry_birth_date or application.person.birth_date


def voluntary_application_confirm_birth_date(
    *, application_id, birth_date: datetime.date
) -> VoluntaryApplication:
    """Step 2: the date of birth must be the one the Registro Civil holds.

    Wrong dates are counted per person and stay counted (the failure commits before the
    refusal is raised); after BIRTH_DATE_MAX_FAILURES in BIRTH_DATE_WINDOW the step refuses
    every attempt for that person, right or wrong, so a date of birth cannot be guessed."""
    with transaction.atomic():
        application = _application_or_error(application_id)
        # Serialises the attempts of one person, so racing guesses cannot pass the limit.
        person_lock(person_id=application.person_id)
        recent = BirthDateFailure.objects.filter(
            person_id=application.person_id, failed_at__gt=timezone.now() - BIRTH_DATE_WINDOW
        ).count()
        if recent >= BIRTH_DATE_MAX_FAILURES:
            raise ServiceError(
                _(
                    "Por seguridad, la fecha de nacimiento de esta persona no puede "
                    "confirmarse en línea durante 24 horas, por demasiados intentos "
                    "equivocados. Vuelva a intentarlo más tarde o acérquese a un centro de "
                    "atención del IESS con su cédula."
                ),
                code="birth_date_locked",
                field="birth_date",
                status=429,
            )
        matches = birth_date == _registered_birth_date(application)
        if matches:
            _refuse_if_ineligible(application.person, on=today())
            application.birth_date_confirmed = True
            application.save(update_fields=["birth_date_confirmed"])
        else:
            BirthDateFailure.objects.create(person_id=application.person_id)
    if not matches:
        raise ServiceError(
            _("La fecha de nacimiento no coincide con la registrada en el Registro Civil."),
            code="birth_date_mismatch",
            field="birth_date",
        )
    return application


@transaction.atomic
def voluntary_application_set_base(
    *, application_id, declared_base: Decimal, spouse_cover: bool
) -> Quote:
    """Step 3 ("Calcular"): the declared monthly base, not below the SBU."""
    application = _application_or_error(application_id)
    _require(application.birth_date_confirmed, _("Primero confirme su fecha de nacimiento."))
    quote = voluntary_contribution_calculate(
        declared_base=declared_base, spouse_cover=spouse_cover, month=today()
    )
    application.declared_base = quote.declared_base
    application.spouse_cover = spouse_cover
    application.save(update_fields=["declared_base", "spouse_cover"])
    return quote


def voluntary_application_quote(*, application: VoluntaryApplication) -> Quote | None:
    if application.declared_base is None:
        return None
    return voluntary_contribution_calculate(
        declared_base=application.declared_base,
        spouse_cover=application.spouse_cover,
        month=today(),
    )


def _code_email(application):
    return {
        "subject": gettext("Código de verificación AFÍLIATE Ya"),
        "template": "affiliation/email/voluntary_code",
        "context": {"person": application.person},
    }


@transaction.atomic
def voluntary_application_set_contact(
    *, application_id, mobile: str, email: str
) -> VoluntaryApplication:
    """Step 4: mobile and email; a 6-digit code goes to the email."""
    application = _application_or_error(application_id)
    _require(application.declared_base is not None, _("Primero calcule su aporte mensual."))
    try:
        mobile = mobile_validate(mobile)
    except ValidationError as error:
        raise ServiceError(error.messages[0], code="invalid_mobile", field="mobile") from None
    email = (email or "").strip()
    try:
        if len(email) > EMAIL_MAX_LENGTH:
            raise ValidationError("too long")
        validate_email(email)
    except ValidationError:
        raise ServiceError(
            _("Ingrese un correo electrónico válido, por ejemplo nombre@correo.com."),
            code="invalid_email",
            field="email",
        ) from None
    verification = email_verification_start(
        email=email, purpose=EMAIL_PURPOSE, **_code_email(application)
    )
    application.mobile = mobile
    application.email = email
    application.email_verification_id = verification.pk
    application.email_verified = False
    application.save(update_fields=["mobile", "email", "email_verification_id", "email_verified"])
    return application


def voluntary_application_resend_code(*, application_id) -> VoluntaryApplication:
    application = _application_or_error(application_id)
    _require(application.email_verification_id is not None, _("Primero ingrese su correo."))
    email_verification_resend(
        verification_id=application.email_verification_id, **_code_email(application)
    )
    return application


def voluntary_application_verify_email(*, application_id, code: str) -> VoluntaryApplication:
    """Checks the code outside any transaction, so that a wrong try stays counted."""
    application = _application_or_error(application_id)
    _require(application.email_verification_id is not None, _("Primero ingrese su correo."))
    email_verification_check(verification_id=application.email_verification_id, code=code)
    VoluntaryApplication.objects.filter(pk=application.pk).update(email_verified=True)
    application.email_verified = True
    return application


@transaction.atomic
def voluntary_application_set_residence(
    *,
    application_id,
    resident_in_ecuador: bool,
    religion: str,
    home_address: str,
    residence_country: str = "",
    address_abroad: str = "",
) -> VoluntaryApplication:
    """Step 5: residence (country and address abroad when not in Ecuador), religion and home
    address."""
    application = _application_or_error(application_id)
    _require(application.email_verified, _("Primero verifique su correo electrónico."))
    person = application.person
    if resident_in_ecuador:
        residence_country, address_abroad = "ECU", ""
    else:
        if not person.cedula and person.is_foreigner:
            raise ServiceError(
                _(
                    "Las personas extranjeras sin cédula ecuatoriana que residen en el "
                    "exterior no pueden afiliarse voluntariamente en línea."
                ),
                code="foreigner_abroad_without_cedula",
                field="resident_in_ecuador",
            )
        try:
            residence_country = country_validate(residence_country)
        except ValidationError as error:
            raise ServiceError(
                error.messages[0], code="invalid_country", field="residence_country"
            ) from None
        if residence_country == "ECU":
            raise ServiceError(
                _("Si reside en el exterior, el país de residencia no puede ser Ecuador."),
                code="invalid_country",
                field="residence_country",
            )
        address_abroad = (address_abroad or "").strip()
        if not address_abroad:
            raise ServiceError(
                _("Ingrese su dirección en el exterior."),
                code="address_abroad_required",
                field="address_abroad",
            )
    if religion not in Religion.values:
        raise ServiceError(
            _("Seleccione una opción de la lista."), code="invalid_religion", field="religion"
        )
    home_address = (home_address or "").strip()
    if not home_address:
        raise ServiceError(
            _("Ingrese la dirección de su domicilio."),
            code="home_address_required",
            field="home_address",
        )
    application.resident_in_ecuador = resident_in_ecuador
    application.residence_country = residence_country
    application.address_abroad = address_abroad[:250]
    application.religion = religion
    application.home_address = home_address[:250]
    application.save()
    return application


def voluntary_application_next_step(application: VoluntaryApplication) -> str:
    """The name of the first step the application still lacks."""
    if application.voluntary_affiliation_id:
        return "done"
    if not application.birth_date_confirmed:
        return "birth_date"
    if application.declared_base is None:
        return "base"
    if not application.email_verification_id:
        return "contact"
    if not application.email_verified:
        return "code"
    if application.resident_in_ecuador is None:
        return "residence"
    return "terms"


# --- registration ----------------------------------------------------------------------------


def voluntary_affiliation_register(
    *, application_id, accept_terms: bool, idempotency_key: str
) -> VoluntaryAffiliation:
    """Step 6 ("ACEPTAR"): registers the affiliation at once, exactly once.

    A retried or doubled request (same idempotency key or same application) gets the
    affiliation the first one registered. Two racing requests are serialised by the lock on
    the application row; should two applications of one person race, the database's
    one-active-voluntary constraint stops the second and it answers with the first one's."""
    if not accept_terms:
        raise ServiceError(
            _("Para continuar debe aceptar los términos y condiciones."),
            code="terms_not_accepted",
            field="accept_terms",
        )
    idempotency_key = (idempotency_key or "").strip()[:64]
    if not idempotency_key:
        raise ServiceError(_("Falta la clave de idempotencia."), code="idempotency_key_missing")
    previous = _previous_registration(application_id, idempotency_key)
    if previous is not None:
        return previous
    try:
        return _register(application_id, idempotency_key)
    except (IntegrityError, ServiceError) as error:
        # Lost a race: the same request (key/application) or another application of the
        # same person registered first. On PostgreSQL each statement sees the latest commit,
        # so the loser meets either the one-active-voluntary constraint or, when the winner
        # committed between two checks, the eligibility rule "already voluntary".
        if isinstance(error, ServiceError) and error.code != "already_voluntary":
            raise
        previous = _previous_registration(application_id, idempotency_key)
        if previous is None:
            application = VoluntaryApplication.objects.filter(pk=application_id).first()
            if application is not None:
                previous = voluntary_affiliation_active_get(person_id=application.person_id)
        if previous is not None:
            return previous
        raise


def _previous_registration(application_id, idempotency_key) -> VoluntaryAffiliation | None:
    application = VoluntaryApplication.objects.filter(pk=application_id).first()
    if application is None:
        return None
    if application.voluntary_affiliation_id is not None:
        return application.voluntary_affiliation
    by_key = VoluntaryAffiliation.objects.filter(idempotency_key=idempotency_key).first()
    if by_key is not None and by_key.person_id == application.person_id:
        return by_key
    return None


@transaction.atomic
def _register(application_id, idempotency_key) -> VoluntaryAffiliation:
    locked = VoluntaryApplication.objects.select_for_update().filter(pk=application_id).first()
    if locked is not None and locked.voluntary_affiliation_id is not None:
        return locked.voluntary_affiliation
    application = _application_or_error(application_id)
    if voluntary_application_next_step(application) != "terms":
        raise ServiceError(
            _("Faltan pasos de la solicitud; complételos antes de aceptar."),
            code="step_missing",
            status=409,
        )
    person = application.person
    start = today()
    existing = voluntary_affiliation_active_get(person_id=person.pk)
    if existing is not None:
        # Another application of the same person got there first.
        return existing
    _refuse_if_ineligible(person, on=start)
    quote = voluntary_contribution_calculate(
        declared_base=application.declared_base,
        spouse_cover=application.spouse_cover,
        month=start,
    )
    affiliation = Affiliation.objects.create(
        person=person, kind=Affiliation.Kind.VOLUNTARY, start_date=start
    )
    voluntary = VoluntaryAffiliation.objects.create(
        affiliation=affiliation,
        person=person,
        declared_base=quote.declared_base,
        spouse_cover=application.spouse_cover,
        mobile=application.mobile,
        email=application.email,
        resident_in_ecuador=application.resident_in_ecuador,
        residence_country=application.residence_country,
        address_abroad=application.address_abroad,
        religion=application.religion,
        home_address=application.home_address,
        terms_accepted_at=timezone.now(),
        language=application.language,
        idempotency_key=idempotency_key,
    )
    _obligation_create(voluntary, quote)
    application.voluntary_affiliation = voluntary
    application.save(update_fields=["voluntary_affiliation"])
    # The contact stays on the VoluntaryAffiliation: the registry's email is where /clave/
    # sends its link, so an unverified flow must never change it (docs/security.md).
    attention_record(
        procedure_slug=PROCEDURE_SLUG,
        channel="online",
        reference=f"afiliacion-voluntaria:{voluntary.pk}",
    )
    transaction.on_commit(lambda: _notice_enqueue(voluntary.pk))
    return voluntary


def _notice_enqueue(voluntary_id: int) -> None:
    from iess.affiliation.tasks import voluntary_notice_deliver

    voluntary_notice_deliver.enqueue(voluntary_id=voluntary_id)


def _obligation_create(voluntary: VoluntaryAffiliation, quote: Quote) -> VoluntaryObligation:
    obligation, _created = VoluntaryObligation.objects.get_or_create(
        voluntary=voluntary,
        month=quote.month,
        defaults={
            "declared_base": quote.declared_base,
            "contribution_rate": quote.contribution_rate,
            "contribution_amount": quote.contribution_amount,
            "spouse_amount": quote.spouse_amount,
            "total": quote.total,
            "due_date": quote.due_date,
        },
    )
    return obligation


# --- after registration ----------------------------------------------------------------------


@transaction.atomic
def voluntary_obligations_generate(
    *, voluntary: VoluntaryAffiliation, through: datetime.date
) -> list[VoluntaryObligation]:
    """Creates the missing monthly obligations from the start month through `through`'s
    month, each with the base, rate and SBU in force in its month (idempotent)."""
    created = []
    month = month_start(voluntary.affiliation.start_date)
    last = month_start(through)
    existing = set(
        VoluntaryObligation.objects.filter(voluntary=voluntary).values_list("month", flat=True)
    )
    while month <= last:
        if month not in existing:
            quote = voluntary_contribution_calculate(
                declared_base=voluntary_base_for_month(voluntary=voluntary, month=month),
                spouse_cover=voluntary.spouse_cover,
                month=month,
            )
            created.append(_obligation_create(voluntary, quote))
        month = month_after(month)
    return created


@transaction.atomic
def voluntary_base_change(*, person, declared_base: Decimal) -> VoluntaryBaseChange:
    """A new declared base, in force from the first day of next month (a second change in
    the same month replaces the first)."""
    voluntary = voluntary_affiliation_active_get(person_id=person.pk)
    if voluntary is None:
        raise ServiceError(
            _("Usted no tiene una afiliación voluntaria activa."), code="not_voluntary", status=404
        )
    VoluntaryAffiliation.objects.select_for_update().filter(pk=voluntary.pk).first()
    effective_from = month_after(today())
    quote = voluntary_contribution_calculate(
        declared_base=declared_base, spouse_cover=voluntary.spouse_cover, month=effective_from
    )
    change, _created = VoluntaryBaseChange.objects.update_or_create(
        voluntary=voluntary,
        effective_from=effective_from,
        defaults={"declared_base": quote.declared_base},
    )
    return change


# --- the aviso de entrada --------------------------------------------------------------------


def _notice_fields(voluntary: VoluntaryAffiliation) -> list[tuple[str, str]]:
    person = voluntary.person
    first = voluntary.obligations.order_by("month").first()
    fields = [
        (gettext("Afiliado"), person.full_name),
        (gettext("Identificación"), person.identity_label),
        (gettext("Tipo de afiliación"), gettext("Afiliación voluntaria (Seguro Voluntario)")),
        (gettext("Fecha de inicio"), voluntary.affiliation.start_date.strftime("%d/%m/%Y")),
        (gettext("Base declarada"), usd(voluntary.declared_base)),
    ]
    if first is not None:
        fields.append(
            (
                gettext("Aporte mensual (%(rate)s %%)")
                % {"rate": f"{first.contribution_rate * 100:.2f}"},
                usd(first.contribution_amount),
            )
        )
        if voluntary.spouse_cover:
            fields.append((gettext("Extensión de salud al cónyuge"), usd(first.spouse_amount)))
        fields.append((gettext("Total mensual"), usd(first.total)))
        fields.append((gettext("Primer vencimiento"), first.due_date.strftime("%d/%m/%Y")))
    fields.append(
        (
            gettext("Residencia"),
            gettext("Ecuador")
            if voluntary.resident_in_ecuador
            else gettext("Exterior (%(country)s)") % {"country": voluntary.residence_country},
        )
    )
    return fields


@transaction.atomic
def voluntary_notice_ensure(*, voluntary_id: int) -> IssuedDocument:
    """The aviso de entrada with its PDF: issued and rendered the first time it is needed
    (by the background task or by a download that comes first), then reused."""
    voluntary = (
        VoluntaryAffiliation.objects.select_for_update()
        .select_related("person", "affiliation")
        .get(pk=voluntary_id)
    )
    document = document_for_subject(subject=voluntary, kind=NOTICE_KIND)
    if document is None:
        document = document_issue(
            kind=NOTICE_KIND,
            title=gettext("Aviso de entrada del afiliado"),
            fields=_notice_fields(voluntary),
            person=voluntary.person,
            subject=voluntary,
        )
    if not document.pdf:
        document_render(
            document=document,
            subtitle=gettext("Régimen Especial del Seguro Voluntario"),
            paragraphs=[
                gettext(
                    "El Instituto Ecuatoriano de Seguridad Social certifica que la persona "
                    "indicada quedó afiliada al Seguro Voluntario en la fecha de inicio."
                ),
                gettext(
                    "El aporte de cada mes se paga hasta el día 15 del mes siguiente. La base "
                    "declarada puede cambiarse desde Mi cuenta y rige desde el mes siguiente."
                ),
            ],
            footer=gettext("Documento generado automáticamente por IESS en línea."),
        )
    return document


def voluntary_notice_send(*, voluntary_id: int) -> bool:
    """Generates the notice and emails it. Each attempt is counted in its own committed
    transaction and a failure is recorded on the affiliation, which stands regardless.
    Returns False when there was nothing left to do."""
    with transaction.atomic():
        voluntary = VoluntaryAffiliation.objects.select_for_update().get(pk=voluntary_id)
        if voluntary.notice_emailed_at is not None:
            return False
        VoluntaryAffiliation.objects.filter(pk=voluntary_id).update(
            notice_attempts=F("notice_attempts") + 1, notice_last_attempt_at=timezone.now()
        )
    try:
        with translation.override(voluntary.language):
            # The PDF commits on its own, so the portal serves it even if the mail fails.
            document = voluntary_notice_ensure(voluntary_id=voluntary_id)
            _notice_email(voluntary, document)
        VoluntaryAffiliation.objects.filter(pk=voluntary_id).update(
            notice_emailed_at=timezone.now(), notice_last_error=""
        )
    except Exception as error:
        VoluntaryAffiliation.objects.filter(pk=voluntary_id).update(
            notice_last_error=f"{type(error).__name__}: {error}"[:500]
        )
        raise
    return True


def _notice_email(voluntary: VoluntaryAffiliation, document: IssuedDocument) -> None:
    # Sent here rather than through another queued task, so that a mail failure fails this
    # task and is retried with it (docs/decisions.md).
    context = {
        "SITE_URL": settings.SITE_URL,
        "person": voluntary.person,
        "voluntary": voluntary,
        "code": document.code,
    }
    message = EmailMultiAlternatives(
        subject=gettext("Aviso de entrada del afiliado - IESS"),
        body=email_text_render("affiliation/email/voluntary_notice.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[voluntary.email],
    )
    message.attach(f"aviso-de-entrada-{document.code}.pdf", bytes(document.pdf), "application/pdf")
    message.send()


def voluntary_notices_undelivered(*, retry_after: datetime.timedelta):
    """Affiliations whose notice is not yet emailed, with attempts left, and whose last
    attempt (or registration) is older than `retry_after`."""
    cutoff = timezone.now() - retry_after
    return (
        VoluntaryAffiliation.objects.filter(
            notice_emailed_at__isnull=True, notice_attempts__lt=NOTICE_MAX_ATTEMPTS
        )
        .exclude(notice_last_attempt_at__gt=cutoff)
        .filter(created_at__lte=cutoff)
    )
