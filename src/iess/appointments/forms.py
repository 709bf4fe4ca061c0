from django import forms
from django.utils.translation import gettext_lazy as _

from iess.appointments import selectors
from iess.appointments.models import Ticket
from iess.core.forms import AccessibleForm
from iess.registry.selectors import province_list


class IdentityForm(AccessibleForm):
    identity = forms.CharField(
        label=_("Cédula o código de identificación para extranjero"),
        max_length=20,
        help_text=_("De la persona que realizará el trámite en la agencia."),
    )


class ContactForm(AccessibleForm):
    email = forms.EmailField(label=_("Correo electrónico"), max_length=254)
    mobile = forms.CharField(label=_("Celular"), max_length=20, help_text=_("09XXXXXXXX"))
    holder_identity = forms.CharField(
        label=_("Identificación del titular (solo si reserva como apoderado o tercero)"),
        max_length=20,
        required=False,
        help_text=_("Cédula, código de extranjero o pasaporte del titular del trámite."),
    )
    holder_name = forms.CharField(
        label=_("Nombres y apellidos del titular (si se identifica con pasaporte)"),
        max_length=250,
        required=False,
    )

    def __init__(self, *args, registered_email: str = "", **kwargs):
        """`registered_email` is the masked address on file: the one to type."""
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = (
            _("El código se envía al correo registrado en el IESS: %(masked)s. Escríbalo completo.")
            % {"masked": registered_email}
            if registered_email
            else _("No tiene un correo registrado en el IESS; el código llegará a este correo.")
        )
        self.describe_fields()


class CodeForm(AccessibleForm):
    code = forms.CharField(
        label=_("Código de verificación"),
        max_length=6,
        min_length=6,
        help_text=_("Los 6 dígitos del correo «Verificar IESS turno online»."),
    )


class ProcedureForm(AccessibleForm):
    province = forms.ChoiceField(label=_("Provincia"))
    procedure = forms.ChoiceField(label=_("Tipo de trámite"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", "—")] + [(p.code, p.name) for p in province_list()]
        self.fields["procedure"].choices = [("", "—")] + [
            (p.slug, p.name) for p in selectors.procedure_list()
        ]


class AgencyForm(AccessibleForm):
    agency = forms.TypedChoiceField(label=_("Agencia"), coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [
            (a.pk, f"{a.name} — {a.address}, {a.city}") for a in agencies
        ]


class TimeForm(AccessibleForm):
    start = forms.ChoiceField(label=_("Hora"), widget=forms.RadioSelect)

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        from django.utils import timezone

        self.fields["start"].choices = [
            (
                slot.starts_at.isoformat(),
                _("%(time)s (%(free)d disponibles)")
                % {"time": timezone.localtime(slot.starts_at).strftime("%H:%M"), "free": slot.free},
            )
            for slot in slots
        ]


class ManageLookupForm(AccessibleForm):
    code = forms.CharField(label=_("Código del turno"), max_length=8)
    identity = forms.CharField(label=_("Cédula, código de extranjero o pasaporte"), max_length=20)


class KioskForm(AccessibleForm):
    scanned = forms.CharField(
        label=_("Código del turno o contenido del código QR"),
        max_length=300,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )


class WalkInForm(AccessibleForm):
    REASONS = [
        ("no_id", _("Sin cédula ni código de extranjero")),
        ("priority", _("Grupo prioritario")),
        ("late", _("Llegó tarde a su turno en línea")),
    ]
    reason = forms.ChoiceField(label=_("Motivo"), choices=REASONS, widget=forms.RadioSelect)
    procedure = forms.ChoiceField(label=_("Trámite"))
    priority = forms.ChoiceField(
        label=_("Grupo prioritario"), choices=Ticket.Priority.choices, required=False
    )
    identity = forms.CharField(
        label=_("Cédula o código de extranjero (si tiene)"), max_length=20, required=False
    )
    name = forms.CharField(
        label=_("Nombre (si no tiene documento)"), max_length=250, required=False
    )
    booking_code = forms.CharField(
        label=_("Código del turno en línea (si llegó tarde)"), max_length=300, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedure"].choices = [(p.slug, p.name) for p in selectors.procedure_list()]


class FinishForm(AccessibleForm):
    outcome = forms.CharField(label=_("Resultado de la atención"), max_length=250, required=False)


class TransferForm(AccessibleForm):
    counter = forms.TypedChoiceField(label=_("Transferir a la ventanilla"), coerce=int)

    def __init__(self, *args, counters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counter"].choices = [(n, str(n)) for n in counters]
