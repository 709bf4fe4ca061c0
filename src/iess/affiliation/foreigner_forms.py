from django import forms
from django.utils.translation import gettext_lazy as _

from iess.core.forms import AccessibleForm
from iess.registry.validators import country_choices


def _nationality_choices():
    return [("", _("Seleccione el país")), *country_choices()]


def _nationality_field():
    # A callable: the names are read in the language of the request that shows the form.
    return forms.ChoiceField(label=_("Nacionalidad"), choices=_nationality_choices)


class ForeignerCodeRequestForm(AccessibleForm):
    """Sheet 01: what the signed request carries, as the clerk reads it from paper."""

    first_names = forms.CharField(label=_("Nombres del solicitante"), max_length=120)
    last_names = forms.CharField(label=_("Apellidos del solicitante"), max_length=120)
    birth_date = forms.DateField(
        label=_("Fecha de nacimiento"),
        help_text=_("Como consta en el pasaporte o la visa."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    nationality = _nationality_field()
    passport_number = forms.CharField(label=_("Número de pasaporte"), max_length=20, required=False)
    visa_number = forms.CharField(
        label=_("Número de visa"),
        max_length=30,
        required=False,
        help_text=_("Obligatorio solo si la persona no tiene pasaporte."),
    )
    ruc = forms.CharField(
        label=_("RUC"),
        max_length=13,
        help_text=_("13 dígitos, como consta en la solicitud."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    narrative = forms.CharField(
        label=_("Narración de la solicitud"), widget=forms.Textarea(attrs={"rows": 3})
    )
    signed_by_hand = forms.BooleanField(
        label=_("La solicitud está firmada de forma manuscrita por el solicitante"),
        required=False,
        help_text=_("No se reciben solicitudes con firma electrónica."),
    )
    identity_document_seen = forms.BooleanField(
        label=_("Revisé el pasaporte (o la visa) original y su copia simple"), required=False
    )
    proxy_names = forms.CharField(
        label=_("Nombres y apellidos del apoderado"),
        max_length=250,
        required=False,
        help_text=_("Solo si el trámite lo realiza un apoderado con poder notarial."),
    )
    proxy_identity = forms.CharField(
        label=_("Identificación del apoderado"),
        max_length=20,
        required=False,
        help_text=_("Cédula, código de extranjero o pasaporte."),
    )
    power_notary = forms.CharField(label=_("Notaría del poder"), max_length=200, required=False)
    power_reference = forms.CharField(
        label=_("Número o fecha del poder notarial"), max_length=120, required=False
    )


class PowerDecisionForm(AccessibleForm):
    reason = forms.CharField(
        label=_("Observación"),
        required=False,
        help_text=_("Obligatoria si rechaza el poder."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NonAffiliationRequestForm(AccessibleForm):
    """Sheet 02: the letter to the Provincial Director and, through a third party, the
    simple authorisation with its six items."""

    first_names = forms.CharField(label=_("Nombres del titular"), max_length=120)
    last_names = forms.CharField(label=_("Apellidos del titular"), max_length=120)
    nationality = _nationality_field()
    passport_number = forms.CharField(label=_("Número de pasaporte"), max_length=20)
    visa_number = forms.CharField(label=_("Número de visa"), max_length=30)
    phone = forms.CharField(
        label=_("Teléfono de contacto"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    email = forms.EmailField(label=_("Correo electrónico"), required=False)
    address = forms.CharField(label=_("Dirección"), max_length=250)
    passport_and_visa_seen = forms.BooleanField(
        label=_("Revisé el pasaporte y la visa originales"), required=False
    )
    letter_signed_by_hand = forms.BooleanField(
        label=_(
            "La carta al Director Provincial tiene los datos personales, de contacto, el pedido "
            "y la firma manuscrita del titular"
        ),
        required=False,
    )
    third_party_names = forms.CharField(
        label=_("Nombres y apellidos del tercero"),
        max_length=250,
        required=False,
        help_text=_("Solo si el trámite lo realiza un tercero autorizado."),
    )
    third_party_identity = forms.CharField(
        label=_("Cédula o código de extranjero del tercero"), max_length=20, required=False
    )
    authorisation_narrative = forms.CharField(
        label=_("Narración de la autorización"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    authorisation_signed_by_hand = forms.BooleanField(
        label=_(
            "La autorización tiene los nombres y el pasaporte del titular, los nombres y la "
            "identificación del tercero, la narración y la firma manuscrita"
        ),
        required=False,
    )
    third_party_documents_seen = forms.BooleanField(
        label=_(
            "Revisé el pasaporte del titular (original y copia) y la cédula o el código del tercero"
        ),
        required=False,
    )
