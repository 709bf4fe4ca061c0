import pytest
from django.urls import reverse

from iess.accounts import demo as accounts_demo
from iess.accounts.models import StaffProfile
from iess.submissions import demo
from iess.submissions.models import Submission

pytestmark = pytest.mark.django_db


def test_demo_submissions_in_two_provinces_fill_the_revisors_queue(client, ventanilla):
    accounts_demo.load()
    first = demo.load()
    assert demo.load()["submissions"] == first["submissions"] == 2  # idempotent
    assert set(Submission.objects.values_list("province_id", flat=True)) == {"17", "09"}
    revisor = StaffProfile.objects.get(user__username="revisor").user
    client.force_login(revisor)
    page = client.get(reverse("submissions_office:queue")).content.decode()
    assert Submission.objects.get(province_id="17").tracking_number in page
    assert Submission.objects.get(province_id="09").tracking_number not in page
