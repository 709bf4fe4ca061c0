import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iess.accounts.models import (
    ClaveDecoyState,
    ClaveLink,
    ClaveState,
    SecretQuestion,
    StaffProfile,
)
from iess.accounts.passwords import clave_validate, fold
from iess.accounts.roles import Role
from iess.catalog.services import attention_record
from iess.core.errors import ServiceError
from iess.core.services import audit_record, snapshot
from iess.notifications.services import email_queue
from iess.registry.services import person_contact_update

CLAVE_MAX_FAILURES = 5
# The catalog sheet whose transparency figures count each clave generated or recovered.
CLAVE_PROCEDURE_SLUG = "clave-afiliado-portal"
CLAVE_LINK_MINUTES = 15
NOT_ME_LINK_DAYS = 30


@transaction.atomic
def roles_sync() -> None:
    """Creates the group of every staff role (idempotent)."""
    for role in Role:
        Group.objects.get_or_create(name=role.value)


@transaction.atomic
def staff_user_create(
    *,
    username: str,
    password: str,
    role: Role,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    province_code: str | None = None,
    actor=None,
):
    """Creates (or updates) a staff member with one role and, optionally, a province."""
    roles_sync()
    user_model = get_user_model()
    user, _created = user_model.objects.get_or_create(username=username)
    before = snapshot(user) if not _created else None
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.is_staff = True
    user.is_superuser = role == Role.ADMINISTRATOR
    user.set_password(password)
    user.save()
    user.groups.set([Group.objects.get(name=role.value)])
    StaffProfile.objects.update_or_create(user=user, defaults={"province_id": province_code})
    if actor is not None:
        audit_record(
            actor=actor,
            action="staff.create" if _created else "staff.update",
            target=user,
            before=before,
            after=snapshot(user),
        )
    return user


@transaction.atomic
def portal_account_set_password(*, person, password: str):
    """Creates the person's portal account if needed and sets its clave (argon2-hashed).
    Changing the password ends the person's other sessions (Django's session auth hash)."""
    from iess.accounts.models import PortalAccount

    account = PortalAccount.objects.select_related("user").filter(person=person).first()
    if account is None:
        user = get_user_model().objects.create_user(username=person.identity_number)
        account = PortalAccount.objects.create(user=user, person=person)
    account.user.set_password(password)
    account.user.save(update_fields=["password"])
    return account


def clave_state_get(*, person) -> ClaveState:
    state, _created = ClaveState.objects.get_or_create(person=person)
    return state


@transaction.atomic
def clave_failure_record(*, person) -> ClaveState:
    """Counts one wrong answer (birth date, employment or personal questions) for the person,
    in the database, and blocks the clave at the fifth. Runs in its own transaction, so the
    count stays whatever the caller does next."""
    ClaveState.objects.get_or_create(person=person)
    state = ClaveState.objects.select_for_update().get(person=person)
    if state.is_blocked:
        return state
    state.failures += 1
    if state.failures >= CLAVE_MAX_FAILURES:
        state.blocked_at = timezone.now()
        state.block_reason = ClaveState.BlockReason.TOO_MANY_FAILURES
    state.save()
    return state


def clave_identity_digest(identity: str) -> str:
    """A keyed hash of an identity number, so an unregistered number is never stored."""
    return hmac.new(
        settings.SECRET_KEY.encode(), f"clave-decoy:{identity}".encode(), hashlib.sha256
    ).hexdigest()


@transaction.atomic
def clave_decoy_failure_record(*, identity_digest: str) -> ClaveDecoyState:
    """Counts one wrong answer for an identity number no person holds, exactly as
    clave_failure_record does for a person, so both count down and block alike."""
    ClaveDecoyState.objects.get_or_create(identity_digest=identity_digest)
    state = ClaveDecoyState.objects.select_for_update().get(identity_digest=identity_digest)
    if state.blocked_at is None:
        state.failures += 1
        if state.failures >= CLAVE_MAX_FAILURES:
            state.blocked_at = timezone.now()
        state.save()
    return state


def clave_decoy_is_blocked(*, identity_digest: str) -> bool:
    return ClaveDecoyState.objects.filter(
        identity_digest=identity_digest, blocked_at__isnull=False
    ).exists()


def _block(person, reason: str) -> ClaveState:
    ClaveState.objects.get_or_create(person=person)
    state = ClaveState.objects.select_for_update().get(person=person)
    if not state.is_blocked:
        state.blocked_at = timezone.now()
        state.block_reason = reason
        state.save()
    return state


@transaction.atomic
def clave_unblock(*, person, actor, reason: str) -> ClaveState:
    """A counter clerk, having checked the person's identity in person, lifts the block and
    clears the count of wrong answers. Audited."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(
            _("Indique cómo verificó la identidad de la persona."), code="reason", field="reason"
        )
    ClaveState.objects.get_or_create(person=person)
    state = ClaveState.objects.select_for_update().get(person=person)
    if not state.is_blocked:
        raise ServiceError(_("La clave de esta persona no está bloqueada."), code="not_blocked")
    before = snapshot(state)
    state.failures = 0
    state.blocked_at = None
    state.block_reason = ""
    state.save()
    audit_record(
        actor=actor,
        action="clave.unblock",
        target=state,
        before=before,
        after=snapshot(state),
        reason=reason,
    )
    return state


def secret_answers_match(*, person, answers: list[str]) -> bool:
    """Whether the answers match the person's two personal questions, in order (case,
    accents and surrounding spaces ignored). Every hash is checked, whatever the first says."""
    questions = list(SecretQuestion.objects.filter(person=person).order_by("position"))
    if not questions or len(answers) != len(questions):
        return False
    results = [
        check_password(fold(answer), question.answer_hash)
        for question, answer in zip(questions, answers, strict=True)
    ]
    return all(results)


@transaction.atomic
def secret_questions_set(*, person, questions: list[tuple[str, str]]) -> None:
    """Stores the person's two personal questions; answers hashed after normalisation."""
    if len(questions) != 2 or questions[0][0] == questions[1][0]:
        raise ServiceError(_("Elija dos preguntas distintas."), code="questions")
    if not all(fold(answer) for _question, answer in questions):
        raise ServiceError(_("Responda las dos preguntas."), code="answers")
    SecretQuestion.objects.filter(person=person).delete()
    for position, (question, answer) in enumerate(questions, start=1):
        SecretQuestion.objects.create(
            person=person,
            position=position,
            question=question,
            answer_hash=make_password(fold(answer)),
        )


@dataclass(frozen=True)
class ContactConfirmation:
    link: ClaveLink
    email_changed: bool


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _link_create(*, person, purpose, email, previous_email="", lifetime) -> tuple[ClaveLink, str]:
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    link = ClaveLink.objects.create(
        person=person,
        purpose=purpose,
        token_hash=_token_hash(token),
        email=email,
        previous_email=previous_email,
        created_at=now,
        expires_at=now + lifetime,
    )
    return link, token


@transaction.atomic
def clave_contact_confirm(
    *,
    person,
    email: str,
    email_change_allowed: bool,
    mobile: str | None = None,
    landline: str | None = None,
    questions: list[tuple[str, str]] | None = None,
) -> ContactConfirmation:
    """The person, having proved who they are, confirms or changes their email (and, the first
    time, sets phones and the two personal questions). Sends the 15-minute single-use link to
    set the clave; a changed email also sends the previous address a notice with a link that
    blocks the account at once."""
    email = (email or "").strip()
    previous = person.email or ""
    changed = email.lower() != previous.lower()
    if changed and not email_change_allowed:
        raise ServiceError(
            _("Por seguridad el correo solo puede cambiarse en un Centro de Atención Universal."),
            code="email_change_not_allowed",
            field="email",
        )
    if not email:
        raise ServiceError(_("Ingrese su correo electrónico."), code="email", field="email")
    try:
        person_contact_update(person=person, email=email, mobile=mobile, landline=landline)
    except ValidationError as error:
        raise ServiceError(" ".join(error.messages), code="contact") from None
    if questions is not None:
        secret_questions_set(person=person, questions=questions)
    # A new link replaces any earlier one still open.
    ClaveLink.objects.filter(
        person=person, purpose=ClaveLink.Purpose.SET_CLAVE, used_at__isnull=True
    ).update(used_at=timezone.now())
    link, token = _link_create(
        person=person,
        purpose=ClaveLink.Purpose.SET_CLAVE,
        email=email,
        lifetime=timezone.timedelta(minutes=CLAVE_LINK_MINUTES),
    )
    email_queue(
        to=email,
        subject=_("IESS: enlace para crear su clave de afiliado"),
        template="accounts/email/clave_link",
        context={
            "person": person,
            "url": settings.SITE_URL + reverse("clave:link", args=[token]),
            "minutes": CLAVE_LINK_MINUTES,
        },
    )
    if changed and previous:
        _notice, notice_token = _link_create(
            person=person,
            purpose=ClaveLink.Purpose.NOT_ME,
            email=previous,
            previous_email=previous,
            lifetime=timezone.timedelta(days=NOT_ME_LINK_DAYS),
        )
        email_queue(
            to=previous,
            subject=_("IESS: se cambió el correo de su cuenta"),
            template="accounts/email/email_changed",
            context={
                "person": person,
                "new_email": email,
                "url": settings.SITE_URL + reverse("clave:not_me", args=[notice_token]),
            },
        )
    return ContactConfirmation(link=link, email_changed=changed)


class LinkStatus:
    VALID = "valid"
    USED = "used"
    EXPIRED = "expired"
    BLOCKED = "blocked"
    UNKNOWN = "unknown"


def clave_link_status(*, token: str, purpose: str) -> tuple[ClaveLink | None, str]:
    link = (
        ClaveLink.objects.select_related("person")
        .filter(token_hash=_token_hash(token or ""), purpose=purpose)
        .first()
    )
    if link is None:
        return None, LinkStatus.UNKNOWN
    if link.used_at is not None:
        return link, LinkStatus.USED
    if timezone.now() >= link.expires_at:
        return link, LinkStatus.EXPIRED
    if purpose == ClaveLink.Purpose.SET_CLAVE and clave_state_get(person=link.person).is_blocked:
        return link, LinkStatus.BLOCKED
    return link, LinkStatus.VALID


LINK_ERRORS = {
    LinkStatus.USED: _("Este enlace ya fue usado. Cada enlace sirve una sola vez."),
    LinkStatus.EXPIRED: _("Este enlace caducó: era válido por 15 minutos."),
    LinkStatus.BLOCKED: _("Su clave está bloqueada; este enlace ya no sirve."),
    LinkStatus.UNKNOWN: _("Este enlace no es válido."),
}


def _locked_link(token: str, purpose: str) -> ClaveLink:
    link = (
        ClaveLink.objects.select_for_update()
        .select_related("person")
        .filter(token_hash=_token_hash(token or ""), purpose=purpose)
        .first()
    )
    _link, status = clave_link_status(token=token, purpose=purpose)
    if link is None or status != LinkStatus.VALID:
        raise ServiceError(LINK_ERRORS[status], code=f"link_{status}", status=410)
    return link


@transaction.atomic
def clave_set_with_link(*, token: str, password: str, declaration: bool):
    """Sets the new clave through the emailed link (once, within 15 minutes), after the
    person ticks the declaration of truthful information. Every other open session of the
    person ends (the session hash follows the password) and a confirmation email is sent."""
    link = _locked_link(token, ClaveLink.Purpose.SET_CLAVE)
    person = link.person
    if not declaration:
        raise ServiceError(
            _("Marque la Declaración de información fidedigna para continuar."),
            code="declaration",
            field="declaration",
        )
    try:
        clave_validate(password, person=person)
    except ValidationError as error:
        raise ServiceError(" ".join(error.messages), code="password", field="password") from None
    account = portal_account_set_password(person=person, password=password)
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    ClaveState.objects.filter(person=person).update(failures=0)
    attention_record(
        procedure_slug=CLAVE_PROCEDURE_SLUG, channel="online", reference=f"clave:{link.pk}"
    )
    email_queue(
        to=link.email,
        subject=_("IESS: su clave de afiliado fue creada"),
        template="accounts/email/clave_changed",
        context={"person": person, "url": settings.SITE_URL + reverse("portal:login")},
    )
    return account


@transaction.atomic
def clave_not_me(*, token: str):
    """The holder of the previous email says they did not change it: the account is blocked
    at once (clave unusable, so every session ends; open links die) and the previous email is
    put back. Only a counter clerk can unblock it."""
    link = _locked_link(token, ClaveLink.Purpose.NOT_ME)
    person = link.person
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    _block(person, ClaveState.BlockReason.NOT_ME)
    ClaveLink.objects.filter(
        person=person, purpose=ClaveLink.Purpose.SET_CLAVE, used_at__isnull=True
    ).update(used_at=timezone.now())
    account = getattr(person, "portal_account", None)
    if account is not None:
        account.user.set_unusable_password()
        account.user.save(update_fields=["password"])
    person_contact_update(person=person, email=link.previous_email)
    audit_record(
        actor="persona",
        action="clave.block_not_me",
        target=person,
        after={"email": link.previous_email},
    )
    return person
