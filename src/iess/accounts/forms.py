import json

from django import forms
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from django_altcha import AltchaField

from iess.accounts.identity_questions import question_text
from iess.accounts.models import SecretQuestion
from iess.accounts.passwords import clave_validate
from iess.accounts.selectors import clave_is_blocked
from iess.accounts.text_challenge import TextChallenge, text_challenge_check
from iess.core.errors import ServiceError
from iess.core.ratelimits import rate_limit_check
from iess.registry.validators import identity_number_parse, mobile_validate, phone_validate

MONTH_NAMES = MONTHS
# Proof-of-work size: a phone solves it in about a second; a bot pays for every try.
CAPTCHA_MAX_NUMBER = 50_000
# Answers to the no-JavaScript question per address: a person needs one or two; a bot that
# guesses instead of parsing is slowed down (counters per process, see docs/decisions.md).
TEXT_CHALLENGE_RATE = "10/5m"


class PlainLabelForm(forms.Form):
    """Labels without the trailing colon: they read better, in Spanish and to screen readers."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class PortalLoginForm(forms.Form):
    identity = forms.CharField(
        label=_("Cédula o código de identificación para extranjero"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "username", "inputmode": "text"}),
    )
    password = forms.CharField(
        label=_("Clave"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean_identity(self):
        return identity_number_parse(self.cleaned_data["identity"]).value

    def clean(self):
        cleaned = super().clean()
        identity, password = cleaned.get("identity"), cleaned.get("password")
        if identity and password:
            self.user = authenticate(self.request, username=identity, password=password)
            if self.user is None or not hasattr(self.user, "portal_account"):
                raise ValidationError(
                    _("La identificación o la clave no son correctas."), code="invalid_login"
                )
            if clave_is_blocked(person_id=self.user.portal_account.person_id):
                self.user = None
                raise ValidationError(
                    _(
                        "Su clave está bloqueada. Acérquese a un Centro de Atención Universal "
                        "con su documento de identidad para que un funcionario la desbloquee."
                    ),
                    code="blocked",
                )
        return cleaned


class OptionalAltchaField(AltchaField):
    """The ALTCHA proof of work, checked only when the widget sent one: without JavaScript
    there is none, and the form asks for the text question instead."""

    def validate(self, value):
        if value:
            super().validate(value)


class ClaveStartForm(PlainLabelForm):
    """Step 1: who (cédula or foreigner code) and "No soy un robot": the ALTCHA proof of work
    when the browser runs JavaScript, otherwise a text question (in the page's <noscript>)."""

    identity = forms.CharField(
        label=_("Cédula o código de identificación para extranjero"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
        help_text=_("Cédula de 10 dígitos o código EX seguido de 8 dígitos."),
    )
    captcha = OptionalAltchaField(
        label=_("Verificación: No soy un robot"),
        required=False,
        maxnumber=CAPTCHA_MAX_NUMBER,
        hidefooter=True,
        hidelogo=True,
        error_messages={
            "invalid": _("La verificación «No soy un robot» no es válida; inténtelo de nuevo."),
            "error": _("La verificación «No soy un robot» no es válida; inténtelo de nuevo."),
            "replay": _("Esta verificación ya se usó; márquela de nuevo."),
        },
    )
    challenge_id = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    challenge_answer = forms.CharField(
        # The label is the question itself, set by text_challenge_show.
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "size": 10}),
        help_text=_("Escriba la respuesta en números (por ejemplo 7) o en letras (siete)."),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        # The widget speaks the page's language (texts read by screen readers too).
        widget = self.fields["captcha"].widget
        widget.options = {**widget.options}
        widget.options["strings"] = json.dumps(
            {
                "label": str(_("No soy un robot")),
                "verified": str(_("Verificado")),
                "verifying": str(_("Verificando…")),
                "waitAlert": str(_("Verificando… espere un momento.")),
                "error": str(_("La verificación falló. Inténtelo de nuevo.")),
                "expired": str(_("La verificación caducó. Márquela de nuevo.")),
                "ariaLinkLabel": str(_("Acerca de la verificación")),
            }
        )

    def clean_identity(self):
        return identity_number_parse(self.cleaned_data["identity"]).value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("captcha") or self.has_error("captcha"):
            return cleaned
        challenge_id = cleaned.get("challenge_id")
        if not challenge_id:
            # Neither solved: JavaScript runs (the text question is inside <noscript>) and
            # the box was not ticked.
            self.add_error(
                "captcha",
                ValidationError(
                    _("Marque la casilla «No soy un robot» y espere a que se verifique."),
                    code="required",
                ),
            )
            return cleaned
        answer = cleaned.get("challenge_answer", "")
        try:
            rate_limit_check(self.request, group="clave-text-challenge", rate=TEXT_CHALLENGE_RATE)
        except ServiceError as error:
            self.add_error("challenge_answer", ValidationError(error.message, code=error.code))
            return cleaned
        try:
            # Checked (and used up) even when empty, so every submission costs a question.
            text_challenge_check(self.request.session, challenge_id=challenge_id, answer=answer)
        except ValidationError as failure:
            if answer.strip():
                self.add_error("challenge_answer", failure)
            else:
                self.add_error(
                    "challenge_answer",
                    ValidationError(_("Responda la pregunta «No soy un robot»."), code="required"),
                )
        return cleaned

    def text_challenge_show(self, challenge: TextChallenge) -> None:
        """Puts a fresh question on the form for the page; any answered one is used up, so
        its id and answer are not shown again (the identity number stays)."""
        self.fields["challenge_answer"].label = challenge.question
        self["challenge_answer"].label = challenge.question  # already bound when validated
        if self.is_bound:
            self.data = self.data.copy()
            self.data["challenge_id"] = challenge.id
            self.data["challenge_answer"] = ""
        else:
            self.initial["challenge_id"] = challenge.id


class BirthDayForm(PlainLabelForm):
    """Step 2: day and month of birth."""

    day = forms.TypedChoiceField(
        label=_("Día"), coerce=int, choices=[("", "—")] + [(d, d) for d in range(1, 32)]
    )
    month = forms.TypedChoiceField(label=_("Mes"), coerce=int, choices=[])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [("", "—")] + [
            (number, name) for number, name in MONTH_NAMES.items()
        ]


class HistoryQuestionsForm(PlainLabelForm):
    """Step 3: the multiple-choice employment questions; options carry opaque values."""

    def __init__(self, *args, questions: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        for index, question in enumerate(questions):
            self.fields[f"q{index}"] = forms.ChoiceField(
                label=question_text(question),
                choices=[tuple(option) for option in question["options"]],
                widget=forms.RadioSelect,
                error_messages={"required": _("Elija una respuesta.")},
            )

    def answers(self) -> list[str]:
        return [self.cleaned_data[name] for name in self.fields]


class SecretAnswersForm(PlainLabelForm):
    """Step 4 (recovery): the answers to the person's two personal questions."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[f"answer{question.position}"] = forms.CharField(
                label=question.get_question_display(),
                max_length=100,
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            )

    def answers(self) -> list[str]:
        return [self.cleaned_data[name] for name in self.fields]


class ContactForm(PlainLabelForm):
    """After the identity proof: confirm or change the email; the first time also the phones
    and the two personal questions."""

    email = forms.EmailField(
        label=_("Correo electrónico"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Le enviaremos aquí el enlace para crear su clave."),
    )

    def __init__(self, *args, first_time: bool, email_change_allowed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.first_time = first_time
        if not email_change_allowed:
            self.fields["email"].disabled = True
            self.fields["email"].help_text = _(
                "Por seguridad el correo registrado solo puede cambiarse en un Centro de "
                "Atención Universal."
            )
        if first_time:
            self.fields["mobile"] = forms.CharField(
                label=_("Celular"),
                required=False,
                max_length=20,
                widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
                help_text=_("09XXXXXXXX. Ingrese al menos un teléfono: celular y/o fijo."),
            )
            self.fields["landline"] = forms.CharField(
                label=_("Teléfono fijo"),
                required=False,
                max_length=20,
                widget=forms.TextInput(attrs={"inputmode": "tel"}),
                help_text=_("Con el código de provincia, por ejemplo 022345678."),
            )
            choices = [("", "—")] + list(SecretQuestion.Question.choices)
            for position in (1, 2):
                self.fields[f"question{position}"] = forms.ChoiceField(
                    label=_("Pregunta personal %(n)d") % {"n": position}, choices=choices
                )
                self.fields[f"answer{position}"] = forms.CharField(
                    label=_("Respuesta %(n)d") % {"n": position},
                    max_length=100,
                    widget=forms.TextInput(attrs={"autocomplete": "off"}),
                    help_text=_("No distingue mayúsculas, tildes ni espacios al inicio o final."),
                )

    def clean_mobile(self):
        value = self.cleaned_data.get("mobile", "").strip()
        return mobile_validate(value) if value else ""

    def clean_landline(self):
        value = self.cleaned_data.get("landline", "").strip()
        return phone_validate(value) if value else ""

    def clean(self):
        cleaned = super().clean()
        if self.first_time:
            phone_errors = self.errors.get("mobile") or self.errors.get("landline")
            if not phone_errors and not cleaned.get("mobile") and not cleaned.get("landline"):
                self.add_error("mobile", _("Ingrese un celular o un teléfono fijo."))
            first, second = cleaned.get("question1"), cleaned.get("question2")
            if first and second and first == second:
                self.add_error("question2", _("Elija una pregunta distinta de la primera."))
        return cleaned

    def questions(self) -> list[tuple[str, str]] | None:
        if not self.first_time:
            return None
        return [
            (self.cleaned_data["question1"], self.cleaned_data["answer1"]),
            (self.cleaned_data["question2"], self.cleaned_data["answer2"]),
        ]


class NewClaveForm(PlainLabelForm):
    """Through the emailed link: the declaration and the new clave."""

    declaration = forms.BooleanField(
        label=_(
            "Declaración de información fidedigna: declaro que la información que he "
            "proporcionado es verdadera y que soy el titular de esta cuenta."
        ),
        error_messages={
            "required": _("Marque la Declaración de información fidedigna para continuar.")
        },
    )
    password = forms.CharField(
        label=_("Nueva clave"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Mínimo 8 caracteres, solo letras y números, combinados. No use su cédula, su "
            "nombre, su fecha de nacimiento ni una clave común."
        ),
    )
    password2 = forms.CharField(
        label=_("Repita la nueva clave"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_password(self):
        password = self.cleaned_data["password"]
        clave_validate(password, person=self.person)
        return password

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password") and cleaned.get("password2") != cleaned.get("password"):
            self.add_error("password2", _("Las dos claves no coinciden."))
        return cleaned


class ClaveUnblockSearchForm(PlainLabelForm):
    identity = forms.CharField(
        label=_("Cédula o código de identificación para extranjero"), max_length=20
    )

    def clean_identity(self):
        return identity_number_parse(self.cleaned_data["identity"]).value


class ClaveUnblockForm(PlainLabelForm):
    identity_checked = forms.BooleanField(
        label=_("Verifiqué en persona la identidad del titular con su documento original.")
    )
    reason = forms.CharField(
        label=_("Cómo verificó la identidad (documento, observaciones)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
