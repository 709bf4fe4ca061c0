import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]


# What the test runner sets for itself; a production process has none of it.
TEST_ONLY_VARIABLES = {
    "SECRET_KEY",
    "DEBUG",
    "DEV_OUTBOX",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "STATIC_MANIFEST",
    "TASKS_BACKEND",
    "ALLOWED_HOSTS",
    "DOCUMENT_SIGNING_DEMO",
}


@pytest.fixture
def signing_key(tmp_path) -> dict[str, str]:
    """Production signs documents with a configured PKCS#12 key (docs/operations.md)."""
    from iess.documents import pki
    from iess.documents.testing import signer

    path = tmp_path / "iess-signing.p12"
    path.write_bytes(pki.pkcs12_dump(signer("IESS firma institucional"), b"passphrase-123"))
    return {"DOCUMENT_SIGNING_PKCS12": str(path), "DOCUMENT_SIGNING_PASSPHRASE": "passphrase-123"}


def _manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    result = _manage("check", env={"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_check_deploy_is_clean_with_production_settings(signing_key):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DEBUG": "0",
            "SECRET_KEY": "x" * 30 + "production-grade-secret-key-value-0123456789",
            "ALLOWED_HOSTS": "enlinea.iess.gob.ec",
            "EMAIL_URL": "smtp://mailer:secret@smtp.iess.gob.ec:587/?tls=True",
            **signing_key,
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_email_is_not_configured(signing_key):
    result = _manage(
        "check",
        "--deploy",
        env={
            "DEBUG": "0",
            "SECRET_KEY": "y" * 60,
            "ALLOWED_HOSTS": "enlinea.iess.gob.ec",
            **signing_key,
        },
    )
    assert "iess.W001" in result.stdout + result.stderr
