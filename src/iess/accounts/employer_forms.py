from django import forms
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from iess.accounts.forms import PlainLabelForm
from iess.registry.models import Employer, EmployerRegistration
from iess.registry.validators import country_choices, ruc_validate


class EmployerRegistrationForm(PlainLabelForm):
    """Registro de empleador. The form only parses; the rules are the registry's service."""

    ruc = forms.CharField(
        label=_("RUC del empleador"),
        max_length=13,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("13 dígitos."),
    )
    legal_name = forms.CharField(
        label=_("Razón social"),
        max_length=200,
        help_text=_("Como consta en el RUC; persona natural: sus nombres y apellidos."),
    )
    sector = forms.ChoiceField(
        label=_("Sector"), choices=[("", "—")] + list(Employer.Sector.choices)
    )
    artisan_qualification_number = forms.CharField(
        label=_("Número de la Calificación Artesanal"),
        max_length=30,
        required=False,
        help_text=_("Solo artesanos calificados."),
    )
    artisan_qualification_date = forms.DateField(
        label=_("Fecha de la Calificación Artesanal"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Solo artesanos calificados. Vigente: de los últimos 3 años."),
    )
    representative_document = forms.ChoiceField(
        label=_("Documento del representante legal"),
        choices=EmployerRegistration.RepresentativeDocument.choices,
        initial=EmployerRegistration.RepresentativeDocument.CEDULA,
        widget=forms.RadioSelect,
    )
    representative_number = forms.CharField(
        label=_("Número del documento del representante legal"),
        max_length=20,
        help_text=_("Cédula de 10 dígitos, código EX seguido de 8 dígitos, o pasaporte."),
    )
    representative_nationality = forms.ChoiceField(
        label=_("Nacionalidad del pasaporte"),
        required=False,
        choices=[],
        help_text=_("Solo si se identifica con pasaporte."),
    )
    visa_number = forms.CharField(
        label=_("Número de visa"),
        max_length=30,
        required=False,
        help_text=_("Solo extranjeros con pasaporte, si tienen visa."),
    )
    email = forms.EmailField(
        label=_("Correo electrónico activo del empleador"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Le enviaremos un código de 6 dígitos y, luego, el enlace de su clave."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["representative_nationality"].choices = [("", "—")] + [
            choice for choice in country_choices() if choice[0] != "ECU"
        ]

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("email")
        return data


class RucForm(PlainLabelForm):
    ruc = forms.CharField(
        label=_("RUC del empleador"),
        max_length=13,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )

    def clean_ruc(self):
        return ruc_validate(self.cleaned_data["ruc"])


class CodeForm(PlainLabelForm):
    code = forms.CharField(
        label=_("Código de 6 dígitos"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class ClaveRequestForm(PlainLabelForm):
    """The optional "Autorización de Retiro de Contraseña" for a third party."""

    third_party_name = forms.CharField(
        label=_("Nombres y apellidos del tercero autorizado"),
        max_length=200,
        required=False,
        help_text=_("Déjelo vacío si el representante legal entregará el trámite."),
    )
    third_party_cedula = forms.CharField(
        label=_("Cédula del tercero autorizado"),
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


class EmployerLoginForm(forms.Form):
    ruc = forms.CharField(
        label=_("RUC del empleador"),
        max_length=13,
        widget=forms.TextInput(attrs={"autocomplete": "username", "inputmode": "numeric"}),
    )
    password = forms.CharField(
        label=_("Clave patronal"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user = None
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_ruc(self):
        return ruc_validate(self.cleaned_data["ruc"])

    def clean(self):
        cleaned = super().clean()
        ruc, password = cleaned.get("ruc"), cleaned.get("password")
        if ruc and password:
            # django-axes counts the failures and locks out, as on the affiliate sign-in.
            self.user = authenticate(self.request, username=ruc, password=password)
            if self.user is None or not hasattr(self.user, "employer_account"):
                self.user = None
                raise ValidationError(
                    _("El RUC o la clave patronal no son correctos."), code="invalid_login"
                )
        return cleaned


COLLECTOR_CHOICES = [
    ("representative", _("El representante legal")),
    ("third_party", _("El tercero autorizado en la solicitud")),
]


class CounterSearchForm(PlainLabelForm):
    q = forms.CharField(
        label=_("RUC del empleador o código de la solicitud"),
        max_length=20,
        help_text=_("El código está impreso junto al QR de la solicitud."),
    )


class CounterIssueForm(PlainLabelForm):
    request_signed = forms.BooleanField(
        label=_("Recibí la Solicitud de entrega de clave original, firmada a mano."),
        required=False,
    )
    agreement_signed = forms.BooleanField(
        label=_("Recibí el Acuerdo de Responsabilidad y Uso de la Información, firmado a mano."),
        required=False,
    )
    collector = forms.ChoiceField(
        label=_("¿Quién entrega el trámite?"),
        choices=COLLECTOR_CHOICES,
        widget=forms.RadioSelect,
    )
    representative_identity_seen = forms.BooleanField(
        label=_(
            "Representante legal: verifiqué su documento de identidad original (cédula; "
            "extranjeros: pasaporte y visa, o copia del código de identificación)."
        ),
        required=False,
    )
    third_party_cedula_seen = forms.CharField(
        label=_("Tercero: número de la cédula original que presenta"),
        max_length=10,
        required=False,
    )
    authorisation_present = forms.BooleanField(
        label=_("Tercero: recibí la Autorización de Retiro de Contraseña firmada."),
        required=False,
    )
