import pytest

from iess.accounts import demo as accounts_demo
from iess.accounts.models import EmployerAccount, EmployerClaveRequest
from iess.registry.models import EmployerRegistration

pytestmark = pytest.mark.django_db


def test_demo_employers_load_twice_and_the_active_one_signs_in(client, demo):
    accounts_demo.load()
    accounts_demo.load()
    assert EmployerRegistration.objects.count() == 3
    assert EmployerClaveRequest.objects.filter(status="pending").count() == 3
    assert EmployerAccount.objects.count() == 1
    lines = accounts_demo.logins()
    active = next(line for line in lines if line.startswith("Empleador: "))
    ruc = active.split()[1]
    response = client.post(
        "/portal/empleador/entrar/",
        {"ruc": ruc, "password": accounts_demo.DEMO_EMPLOYER_CLAVE},
    )
    assert response.status_code == 302
    assert "Comercial Andina" in client.get("/portal/empleador/").text
    pending = EmployerClaveRequest.objects.get(employer__sector="artisan", status="pending")
    assert pending.has_third_party
    assert any(pending.code in line for line in lines)
