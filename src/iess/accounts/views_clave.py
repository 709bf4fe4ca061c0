"""Generar / recuperar la clave de afiliado, step by step as the sheet describes it.

The flow's state lives in the server-side session (who, which step, the employment questions
with their correct opaque values); wrong answers are counted per person in the database."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from iess.accounts import services
from iess.accounts.forms import (
    BirthDayForm,
    ClaveStartForm,
    ContactForm,
    HistoryQuestionsForm,
    NewClaveForm,
    SecretAnswersForm,
)
from iess.accounts.identity_questions import history_answers_correct, history_questions_build
from iess.accounts.models import ClaveLink, ClaveState, SecretQuestion
from iess.accounts.selectors import clave_is_blocked
from iess.accounts.text_challenge import text_challenge_new, text_challenges_clear
from iess.core.errors import ServiceError
from iess.registry.selectors import person_get, person_get_by_identity

FLOW = "clave_flow"
SENT = "clave_sent_to"
STAGE_URLS = {
    "birth": "clave:birth",
    "history": "clave:history",
    "personal": "clave:personal",
    "contact": "clave:contact",
}


def _flow(request, stage: str):
    """The flow in this session if it is at `stage`; otherwise None."""
    flow = request.session.get(FLOW)
    if not flow or flow.get("stage") != stage:
        return None
    return flow


def _elsewhere(request):
    flow = request.session.get(FLOW)
    if flow and flow.get("stage") in STAGE_URLS:
        return redirect(STAGE_URLS[flow["stage"]])
    return redirect("clave:start")


def _advance(request, flow: dict, stage: str):
    flow["stage"] = stage
    request.session[FLOW] = flow
    return redirect(STAGE_URLS[stage])


def _blocked(request, reason: str = ClaveState.BlockReason.TOO_MANY_FAILURES):
    request.session.pop(FLOW, None)
    return render(request, "accounts/clave/blocked.html", {"reason": reason}, status=403)


def _wrong_answer(request, flow: dict, form):
    """Counts one failure (in the database for a real person) and puts the message on the
    form; returns a response when the clave is now blocked."""
    if flow["person"] is None:
        # Unknown identity: the same count in the database under a keyed hash of the number,
        # so neither the countdown nor a new session tells whether the number is registered.
        decoy = services.clave_decoy_failure_record(identity_digest=flow["decoy"])
        if decoy.blocked_at is not None:
            return _blocked(request)
        remaining = services.CLAVE_MAX_FAILURES - decoy.failures
    else:
        state = services.clave_failure_record(person=person_get(person_id=flow["person"]))
        if state.is_blocked:
            return _blocked(request)
        remaining = services.CLAVE_MAX_FAILURES - state.failures
    if remaining <= 0:
        return _blocked(request)
    form.add_error(
        None,
        _(
            "Las respuestas no coinciden con nuestros registros. Le quedan %(remaining)d "
            "intentos; después su clave se bloqueará."
        )
        % {"remaining": remaining},
    )
    return None


def _person(flow):
    return person_get(person_id=flow["person"]) if flow.get("person") else None


def _is_blocked(person) -> bool:
    return clave_is_blocked(person_id=person.pk)


def clave_start(request):
    form = ClaveStartForm(data=request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        text_challenges_clear(request.session)
        identity = form.cleaned_data["identity"]
        person = person_get_by_identity(identity)
        decoy = services.clave_identity_digest(identity) if person is None else None
        if person is not None and _is_blocked(person):
            return _blocked(request)
        if decoy is not None and services.clave_decoy_is_blocked(identity_digest=decoy):
            return _blocked(request)
        request.session.cycle_key()
        request.session[FLOW] = {
            "person": person.pk if person else None,
            "decoy": decoy,
            "stage": "birth",
        }
        return redirect("clave:birth")
    form.text_challenge_show(text_challenge_new(request.session))
    return render(request, "accounts/clave/start.html", {"form": form})


def clave_birth(request):
    flow = _flow(request, "birth")
    if flow is None:
        return _elsewhere(request)
    form = BirthDayForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = _person(flow)
        day, month = form.cleaned_data["day"], form.cleaned_data["month"]
        if person is not None and (person.birth_date.day, person.birth_date.month) == (
            day,
            month,
        ):
            if _is_blocked(person):
                return _blocked(request)
            questions = history_questions_build(person=person)
            flow["questions"] = questions
            flow["strong"] = len(questions) >= 2
            flow["first_time"] = not SecretQuestion.objects.filter(person=person).exists()
            return _advance(request, flow, "history" if questions else _after_history(flow))
        response = _wrong_answer(request, flow, form)
        if response is not None:
            return response
    return render(request, "accounts/clave/birth.html", {"form": form, "step": 2})


def _after_history(flow) -> str:
    return "contact" if flow["first_time"] else "personal"


def clave_history(request):
    flow = _flow(request, "history")
    if flow is None:
        return _elsewhere(request)
    form = HistoryQuestionsForm(data=request.POST or None, questions=flow["questions"])
    if request.method == "POST" and form.is_valid():
        if _is_blocked(_person(flow)):
            return _blocked(request)
        if history_answers_correct(flow["questions"], form.answers()):
            return _advance(request, flow, _after_history(flow))
        response = _wrong_answer(request, flow, form)
        if response is not None:
            return response
    return render(request, "accounts/clave/history.html", {"form": form, "step": 3})


def clave_personal(request):
    flow = _flow(request, "personal")
    if flow is None:
        return _elsewhere(request)
    person = _person(flow)
    questions = list(SecretQuestion.objects.filter(person=person).order_by("position"))
    form = SecretAnswersForm(data=request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        if _is_blocked(person):
            return _blocked(request)
        if services.secret_answers_match(person=person, answers=form.answers()):
            return _advance(request, flow, "contact")
        response = _wrong_answer(request, flow, form)
        if response is not None:
            return response
    return render(request, "accounts/clave/personal.html", {"form": form, "step": 4})


def clave_contact(request):
    flow = _flow(request, "contact")
    if flow is None:
        return _elsewhere(request)
    person = _person(flow)
    if _is_blocked(person):
        return _blocked(request)
    strong = flow["strong"]
    if not strong and not person.email:
        request.session.pop(FLOW, None)
        return render(request, "accounts/clave/no_email.html", status=409)
    form = ContactForm(
        data=request.POST or None,
        initial={"email": person.email, "mobile": person.mobile, "landline": person.landline},
        first_time=flow["first_time"],
        email_change_allowed=strong,
    )
    if request.method == "POST" and form.is_valid():
        try:
            confirmation = services.clave_contact_confirm(
                person=person,
                email=form.cleaned_data["email"],
                email_change_allowed=strong,
                mobile=form.cleaned_data.get("mobile") if flow["first_time"] else None,
                landline=form.cleaned_data.get("landline") if flow["first_time"] else None,
                questions=form.questions(),
            )
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            request.session.pop(FLOW, None)
            request.session[SENT] = confirmation.link.email
            return redirect("clave:sent")
    return render(
        request,
        "accounts/clave/contact.html",
        {"form": form, "person": person, "first_time": flow["first_time"], "step": 5},
    )


def _mask(email: str) -> str:
    local, _at, domain = email.partition("@")
    return f"{local[:1]}{'•' * max(len(local) - 1, 3)}@{domain}"


def clave_sent(request):
    email = request.session.get(SENT)
    if not email:
        return redirect("clave:start")
    return render(
        request,
        "accounts/clave/sent.html",
        {"email": _mask(email), "minutes": services.CLAVE_LINK_MINUTES},
    )


def _link_error(request, status: str):
    http_status = 404 if status == services.LinkStatus.UNKNOWN else 410
    return render(
        request,
        "accounts/clave/link_error.html",
        {"message": services.LINK_ERRORS[status], "status": status},
        status=http_status,
    )


def clave_link(request, token: str):
    link, status = services.clave_link_status(token=token, purpose=ClaveLink.Purpose.SET_CLAVE)
    if status != services.LinkStatus.VALID:
        return _link_error(request, status)
    form = NewClaveForm(data=request.POST or None, person=link.person)
    if request.method == "POST" and form.is_valid():
        try:
            services.clave_set_with_link(
                token=token,
                password=form.cleaned_data["password"],
                declaration=form.cleaned_data["declaration"],
            )
        except ServiceError as error:
            if error.code.startswith("link_"):
                return _link_error(request, error.code.removeprefix("link_"))
            form.add_error(error.field if error.field in form.fields else None, error.message)
        except ValidationError as error:
            form.add_error("password", error)
        else:
            return redirect("clave:done")
    return render(request, "accounts/clave/new_clave.html", {"form": form, "person": link.person})


def clave_done(request):
    return render(request, "accounts/clave/done.html")


def clave_not_me(request, token: str):
    link, status = services.clave_link_status(token=token, purpose=ClaveLink.Purpose.NOT_ME)
    if status != services.LinkStatus.VALID:
        return _link_error(request, status)
    if request.method == "POST":
        try:
            services.clave_not_me(token=token)
        except ServiceError as error:
            return _link_error(request, error.code.removeprefix("link_"))
        return _blocked(request, ClaveState.BlockReason.NOT_ME)
    return render(request, "accounts/clave/not_me.html", {"person": link.person})
