from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from iess.affiliation.models import Religion
from iess.core.forms import AccessibleForm
from iess.registry.validators import country_choices


class IdentityForm(AccessibleForm):
    identity = forms.CharField(
        label=_("Número de cédula"),
        max_length=20,
        help_text=_("10 dígitos. Validaremos sus datos con el Registro Civil."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class BirthDateForm(AccessibleForm):
    birth_date = forms.DateField(
        label=_("Fecha de nacimiento"),
        help_text=_("Como consta en su cédula (día, mes y año)."),
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"),
    )


class BaseForm(AccessibleForm):
    declared_base = forms.DecimalField(
        label=_("Valor mensual a declarar (USD)"),
        min_value=Decimal("0.01"),
        max_digits=10,
        decimal_places=2,
        help_text=_("No puede ser menor que el Salario Básico Unificado vigente."),
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    spouse_cover = forms.BooleanField(
        label=_("Extender la cobertura de salud a mi cónyuge o conviviente"),
        required=False,
        help_text=_("Suma un porcentaje adicional de la base declarada."),
    )


class ContactForm(AccessibleForm):
    mobile = forms.CharField(
        label=_("Número de celular"),
        max_length=20,
        help_text=_("Celular ecuatoriano: 09XXXXXXXX o +5939XXXXXXXX."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("Correo electrónico"),
        help_text=_("Le enviaremos un código de 6 dígitos."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class CodeForm(AccessibleForm):
    code = forms.CharField(
        label=_("Código de verificación"),
        max_length=6,
        min_length=6,
        help_text=_("Los 6 dígitos que enviamos a su correo."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


YES_NO = [("yes", _("SÍ")), ("no", _("NO"))]


class ResidenceForm(AccessibleForm):
    resident = forms.ChoiceField(
        label=_("¿Reside en el país (Ecuador)?"), choices=YES_NO, widget=forms.RadioSelect
    )
    residence_country = forms.ChoiceField(
        label=_("País de residencia"),
        required=False,
        help_text=_("Solo si no reside en Ecuador."),
    )
    address_abroad = forms.CharField(
        label=_("Dirección en el exterior"),
        max_length=250,
        required=False,
        help_text=_("Solo si no reside en Ecuador."),
    )
    religion = forms.ChoiceField(label=_("Religión"), choices=Religion.choices)
    home_address = forms.CharField(
        label=_("Dirección del domicilio"),
        max_length=250,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["residence_country"].choices = [("", "—"), *country_choices()]


class TermsForm(AccessibleForm):
    accept_terms = forms.BooleanField(label=_("ACEPTO TÉRMINOS Y CONDICIONES"), required=True)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accept_terms"].error_messages["required"] = _(
            "Para continuar debe aceptar los términos y condiciones."
        )


class BaseChangeForm(AccessibleForm):
    declared_base = forms.DecimalField(
        label=_("Nueva base declarada (USD)"),
        min_value=Decimal("0.01"),
        max_digits=10,
        decimal_places=2,
        help_text=_("Rige desde el primer día del mes siguiente."),
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
