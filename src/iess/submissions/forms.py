from django import forms
from django.utils.translation import gettext_lazy as _

from iess.core.forms import AccessibleForm
from iess.registry.selectors import province_list
from iess.registry.validators import IdentityDocumentKind, country_choices
from iess.submissions.services import MESSAGE_MAX


class ProcedureChoiceForm(AccessibleForm):
    procedure = forms.ChoiceField(label=_("Trámite"))

    def __init__(self, *args, procedures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedure"].choices = [("", "—")] + [
            (procedure.slug, procedure.localized_name) for procedure in procedures
        ]


class SubmissionForm(AccessibleForm):
    """The "Recepción de trámites" form without its files (the page lists one file input per
    document the sheet asks for; the view reads them from request.FILES)."""

    identity_kind = forms.ChoiceField(
        label=_("Documento de identidad"),
        choices=IdentityDocumentKind.choices,
        initial=IdentityDocumentKind.CEDULA,
        widget=forms.RadioSelect,
        help_text=_(
            "De la persona que presenta el trámite. Pasaporte y visa: solo ciudadanos extranjeros."
        ),
    )
    identity = forms.CharField(
        label=_("Número del documento de identidad"),
        max_length=30,
        help_text=_(
            "Cédula de 10 dígitos, código EX seguido de 8 dígitos, o el número del pasaporte o "
            "de la visa."
        ),
    )
    nationality = forms.ChoiceField(
        label=_("Nacionalidad del pasaporte o de la visa"),
        required=False,
        choices=[],
        help_text=_("Solo si se identifica con pasaporte o visa."),
    )
    names = forms.CharField(label=_("Nombres y apellidos"), max_length=250)
    email = forms.EmailField(
        label=_("Correo electrónico"),
        max_length=254,
        help_text=_("Aquí recibirá el comprobante y la respuesta."),
    )
    mobile = forms.CharField(label=_("Celular"), max_length=20, help_text=_("09XXXXXXXX"))
    province = forms.ChoiceField(
        label=_("Provincia"),
        help_text=_("El trámite se dirige a la coordinación provincial del IESS que elija."),
    )
    reference = forms.CharField(max_length=60)
    submit_key = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("Mensaje"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Detalle su pedido."),
    )

    def __init__(self, *args, reference_label: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", "—")] + [(p.code, p.name) for p in province_list()]
        self.fields["nationality"].choices = [("", "—")] + [
            choice for choice in country_choices() if choice[0] != "ECU"
        ]
        if reference_label:
            self.fields["reference"].label = reference_label
        else:
            del self.fields["reference"]
        self.describe_fields()


class StatusForm(AccessibleForm):
    tracking_number = forms.CharField(
        label=_("Número de trámite"), max_length=20, help_text=_("Por ejemplo VV-2026-ABCD2345.")
    )
    identity = forms.CharField(
        label=_("Número del documento de identidad"),
        max_length=30,
        help_text=_(
            "El mismo con el que presentó el trámite: cédula, código de extranjero, pasaporte o "
            "visa. Para el pasaporte o la visa basta el número, sin la nacionalidad."
        ),
    )


class DecisionForm(AccessibleForm):
    reason = forms.CharField(
        label=_("Motivo"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obligatorio para rechazar o pedir una corrección; el ciudadano lo lee."),
    )
    documents = forms.MultipleChoiceField(
        label=_("Documentos que debe reemplazar (para pedir una corrección)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["documents"].choices = [(slot.key, slot.label) for slot in slots]
        self.describe_fields()
