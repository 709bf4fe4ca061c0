import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from iess.catalog.models import COMPLAINT_TEXT_MAX, Audience, Channel, ComplaintCategory
from iess.registry.selectors import province_list
from iess.registry.validators import identity_number_parse, mobile_validate


class ProcedureSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Buscar un trámite"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("Por ejemplo: afiliación, clave, extranjeros."),
    )
    audience = forms.ChoiceField(
        label=_("Dirigido a"),
        required=False,
        choices=[("", _("Todos"))] + list(Audience.choices),
    )
    channel = forms.ChoiceField(
        label=_("Canal de atención"),
        required=False,
        choices=[("", _("Todos"))] + list(Channel.choices),
    )


class ComplaintForm(forms.Form):
    identity = forms.CharField(
        label=_("Cédula o código de identificación para extranjero"),
        max_length=20,
        help_text=_("10 dígitos de la cédula, o EX seguido de 8 dígitos."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    full_name = forms.CharField(
        label=_("Nombres y apellidos"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Correo electrónico"),
        help_text=_("Le enviaremos la confirmación de su queja a este correo."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    mobile = forms.CharField(
        label=_("Celular (opcional)"),
        required=False,
        max_length=20,
        help_text=_("Formato 09XXXXXXXX o +5939XXXXXXXX."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    province = forms.ChoiceField(
        label=_("Provincia"),
        help_text=_("Donde realizó o quiso realizar el trámite."),
    )
    category = forms.ChoiceField(
        label=_("Categoría"),
        choices=[("", _("Seleccione una categoría"))] + list(ComplaintCategory.choices),
    )
    text = forms.CharField(
        label=_("Detalle de la queja"),
        max_length=COMPLAINT_TEXT_MAX,
        help_text=_("Hasta 2000 caracteres."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    # One key per rendered form: a doubled or retried submission files one complaint.
    idempotency_key = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "queja-%s")
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("Seleccione una provincia"))] + [
            (province.pk, province.name) for province in province_list()
        ]
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
        # The browser must not cut a long text silently: the server says how long it is.
        self.fields["text"].widget.attrs.pop("maxlength", None)

    def clean_identity(self):
        try:
            return identity_number_parse(self.cleaned_data["identity"]).value
        except ValidationError as error:
            raise ValidationError(error.messages) from None

    def clean_mobile(self):
        value = self.cleaned_data["mobile"].strip()
        return mobile_validate(value) if value else ""
