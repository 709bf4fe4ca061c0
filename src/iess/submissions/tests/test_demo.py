import pytest
from django.urls import reverse

from iess.accounts import demo as accounts_demo
from iess.accounts.models import StaffProfile
from iess.core.errors import ServiceError
from iess.registry.demo import demo_person
from iess.submissions import demo
from iess.submissions.models import Submission

pytestmark = pytest.mark.django_db


def test_demo_submissions_in_several_provinces_fill_the_revisors_queue(client, ventanilla):
    accounts_demo.load()
    first = demo.load()
    assert demo.load()["submissions"] == first["submissions"] == 3  # idempotent
    assert set(Submission.objects.values_list("province_id", flat=True)) == {"17", "07", "09"}
    revisor = StaffProfile.objects.get(user__username="revisor").user
    client.force_login(revisor)
    page = client.get(reverse("submissions_office:queue")).content.decode()
    assert Submission.objects.get(province_id="17").tracking_number in page
    assert Submission.objects.get(province_id="09").tracking_number not in page


def test_a_submission_the_handler_refuses_is_skipped(ventanilla, monkeypatch):
    from iess.submissions import handlers

    class RefusesMaria:
        reference_label = "RUC del empleador"

        def check(self, *, identity, reference):
            if identity.number == demo_person("maria").cedula:
                raise ServiceError("Clave patronal ya activa.", field="reference")

        def approved(self, *, submission, actor):
            pass

    monkeypatch.setattr(handlers, "handlers", lambda: {demo.SLUG: RefusesMaria()})
    assert demo.load() == {"submissions": 2, "created": 2, "skipped": 1}
