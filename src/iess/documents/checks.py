from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register(checks.Tags.security)
def signing_identity_check(app_configs=None, **kwargs):
    """The institution's signing key must load (path and passphrase right): found at
    `manage.py check`/`migrate` time, not at the first certificate a citizen asks for."""
    from iess.documents.signing import institution_identity

    try:
        institution_identity()
    except ImproperlyConfigured as error:
        return [
            checks.Error(
                str(error),
                hint="See docs/operations.md, 'Document signing key'.",
                id="documents.E001",
            )
        ]
    return []


@checks.register(checks.Tags.security, deploy=True)
def demo_signing_identity_check(app_configs=None, **kwargs):
    if getattr(settings, "DOCUMENT_SIGNING_DEMO", False):
        return [
            checks.Warning(
                "Issued documents are signed with the generated demo identity.",
                hint="Set DOCUMENT_SIGNING_PKCS12 and DOCUMENT_SIGNING_PASSPHRASE.",
                id="documents.W001",
            )
        ]
    return []
