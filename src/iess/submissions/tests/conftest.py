import pytest

from iess.accounts.roles import Role
from iess.catalog.services import procedures_load
from iess.documents.testing import test_ca, trust
from iess.registry import demo as registry_demo
from iess.submissions import handlers
from iess.submissions.tests.helpers import staff


@pytest.fixture(autouse=True)
def _no_procedure_handlers(monkeypatch):
    """The tests of this app prove the handler contract with their own handler; the real
    ones (other apps' ventanilla.py) are tested by their apps."""
    monkeypatch.setattr(handlers, "handlers", lambda: {})


@pytest.fixture
def ventanilla(db):
    """Provinces, the catalog and the test CA as a trusted root."""
    registry_demo.load()
    procedures_load()
    trust(test_ca())


@pytest.fixture
def reviewer_pichincha(ventanilla):
    return staff("revisor17", Role.PROVINCIAL_REVIEWER, "17")


@pytest.fixture
def reviewer_guayas(ventanilla):
    return staff("revisor09", Role.PROVINCIAL_REVIEWER, "09")


@pytest.fixture
def national_admin(ventanilla):
    return staff("nacional", Role.ADMINISTRATOR, None)


@pytest.fixture
def clerk(ventanilla):
    return staff("ventanilla17", Role.COUNTER_CLERK, "17")
