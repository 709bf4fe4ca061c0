from iess.notifications.models import EmailVerification, OutboxMessage


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


def email_verification_verified_email(
    *, verification_id, purpose: str, verified_after
) -> str | None:
    """The address a verification proved, if it was verified for this purpose after the given
    moment; None otherwise."""
    return (
        EmailVerification.objects.filter(
            pk=verification_id,
            purpose=purpose,
            verified_at__isnull=False,
            verified_at__gt=verified_after,
        )
        .values_list("email", flat=True)
        .first()
    )
