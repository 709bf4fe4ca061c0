import datetime
import decimal
import uuid

from django.db import models, transaction
from django.forms.models import model_to_dict

from iess.core.models import AuditEntry


def _jsonable(value):
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(item) for item in value]
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, bytes | memoryview):
        return f"<{len(value)} bytes>"
    if hasattr(value, "name") and hasattr(value, "url"):
        return value.name or None
    return value


def _is_secret(field_name: str) -> bool:
    return field_name == "password" or field_name.endswith("_hash")


def snapshot(instance: models.Model | None) -> dict | None:
    """The field values of a model instance as JSON, for the before/after of an audit entry.
    Password and other hashes are left out: the audit log can never be erased."""
    if instance is None:
        return None
    data = {name: value for name, value in model_to_dict(instance).items() if not _is_secret(name)}
    data["id"] = instance.pk
    return _jsonable(data)


@transaction.atomic
def audit_record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
) -> AuditEntry:
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or str(target.pk)
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        actor=actor if is_user else None,
        actor_label=actor.get_username() if is_user else str(actor or "sistema"),
        action=action,
        object_type=object_type,
        object_id=object_id,
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        reason=reason,
    )
