from django import forms
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from iess.registry.validators import identity_number_parse


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
        return cleaned
