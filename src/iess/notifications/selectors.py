from iess.notifications.models import OutboxMessage


def outbox_list(*, to: str | None = None, limit: int = 100):
    messages = OutboxMessage.objects.prefetch_related("attachments")
    if to:
        messages = [
            message for message in messages[:1000] if to.lower() in [a.lower() for a in message.to]
        ]
        return messages[:limit]
    return list(messages[:limit])


def outbox_latest(*, to: str, subject_contains: str = "") -> OutboxMessage | None:
    """The newest message to this address (and with this text in the subject)."""
    for message in OutboxMessage.objects.order_by("-id")[:500]:
        if (
            to.lower() in [address.lower() for address in message.to]
            and subject_contains in message.subject
        ):
            return message
    return None
