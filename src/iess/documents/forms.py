from django import forms
from django.utils.translation import gettext_lazy as _

from iess.core.forms import AccessibleForm
from iess.documents.selectors import VERIFY_UPLOAD_MAX_BYTES


class PdfVerifyForm(AccessibleForm):
    pdf = forms.FileField(
        label=_("Archivo PDF del documento"),
        help_text=_("El PDF tal como lo recibió del IESS (máximo 1 MB)."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        if upload.size > VERIFY_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("El archivo supera 1 MB."))
        return upload


class DocumentRevokeForm(AccessibleForm):
    reason = forms.CharField(
        label=_("Motivo de la anulación"),
        help_text=_("Queda en el registro de auditoría; no se muestra al público."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DocumentSearchForm(AccessibleForm):
    codigo = forms.CharField(label=_("Código de verificación"), max_length=16)
