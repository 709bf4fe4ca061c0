import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from iess.documents import pki
from iess.documents.checks import demo_signing_identity_check, signing_identity_check
from iess.documents.signing import institution_identity, pdf_sign, pdf_signature_inspect
from iess.documents.testing import sample_pdf, signer

pytestmark = pytest.mark.django_db


@pytest.fixture
def institution_p12(tmp_path):
    identity = signer("Instituto Ecuatoriano de Seguridad Social - Firma institucional")
    path = tmp_path / "iess.p12"
    path.write_bytes(pki.pkcs12_dump(identity, b"clave-larga"))
    return path, identity


def test_a_configured_pkcs12_identity_signs_and_is_trusted(settings, institution_p12):
    path, identity = institution_p12
    settings.DOCUMENT_SIGNING_PKCS12 = str(path)
    settings.DOCUMENT_SIGNING_PASSPHRASE = "clave-larga"
    settings.DOCUMENT_SIGNING_DEMO = False
    assert institution_identity().certificate == identity.certificate
    report = pdf_signature_inspect(pdf_sign(sample_pdf()))
    assert report.ok
    assert report.signer_name.endswith("Firma institucional")
    assert signing_identity_check() == []
    assert demo_signing_identity_check() == []


def test_a_wrong_passphrase_is_a_system_check_error(settings, institution_p12):
    path, _identity = institution_p12
    settings.DOCUMENT_SIGNING_PKCS12 = str(path)
    settings.DOCUMENT_SIGNING_PASSPHRASE = "otra"
    with pytest.raises(ImproperlyConfigured):
        pdf_sign(sample_pdf())
    assert [error.id for error in signing_identity_check()] == ["documents.E001"]


def test_no_identity_at_all_is_refused(settings):
    settings.DOCUMENT_SIGNING_PKCS12 = ""
    settings.DOCUMENT_SIGNING_DEMO = False
    with pytest.raises(ImproperlyConfigured):
        pdf_sign(sample_pdf())
    assert [error.id for error in signing_identity_check()] == ["documents.E001"]


def test_the_demo_identity_is_flagged_by_the_deploy_check(settings):
    settings.DOCUMENT_SIGNING_DEMO = True
    assert [warning.id for warning in demo_signing_identity_check()] == ["documents.W001"]


def test_production_refuses_to_start_without_a_signing_key():
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("DOCUMENT_")
    }
    environment.update(DEBUG="0", SECRET_KEY="x" * 50, DJANGO_SETTINGS_MODULE="iess.settings")
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DOCUMENT_SIGNING_PKCS12" in result.stderr
