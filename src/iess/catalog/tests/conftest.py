import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Staff users in these tests need no argon2 cost."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def catalog(db):
    call_command("catalog_load", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def voluntary(catalog):
    from iess.catalog.models import Procedure

    return Procedure.objects.get(slug="afiliacion-voluntaria")
