import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, transaction

from iess.core.models import AuditEntry
from iess.core.services import audit_record, snapshot
from iess.registry.models import Province

pytestmark = pytest.mark.django_db


def test_audit_record_keeps_who_what_before_and_after():
    clerk = get_user_model().objects.create_user("clerk", is_staff=True)
    province = Province.objects.get(code="17")
    before = snapshot(province)
    province.name = "Pichincha (editada)"
    entry = audit_record(
        actor=clerk,
        action="province.rename",
        target=province,
        before=before,
        after=snapshot(province),
    )
    entry.refresh_from_db()
    assert entry.actor == clerk and entry.actor_label == "clerk"
    assert entry.object_type == "registry.province" and entry.object_id == "17"
    assert entry.before["name"] == "Pichincha" and entry.after["name"] == "Pichincha (editada)"
    assert entry.at is not None


@pytest.mark.parametrize("operation", ["update", "delete"])
def test_audit_log_refuses_update_and_delete_in_the_database(operation):
    entry = audit_record(actor=None, action="x", object_type="t", object_id="1")
    with pytest.raises(DatabaseError), transaction.atomic():
        if operation == "update":
            AuditEntry.objects.filter(pk=entry.pk).update(action="tampered")
        else:
            AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "x"


def test_snapshots_leave_out_password_hashes():
    user = get_user_model().objects.create_user("clerk2", password="Secreto-2026")
    data = snapshot(user)
    assert "password" not in data
    assert data["username"] == "clerk2"
