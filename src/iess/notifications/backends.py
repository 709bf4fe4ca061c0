from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from iess.notifications.models import OutboxAttachment, OutboxMessage


class OutboxBackend(BaseEmailBackend):
    """Stores every message in the database outbox instead of sending it."""

    def send_messages(self, email_messages):
        count = 0
        for message in email_messages:
            html = ""
            for alternative in getattr(message, "alternatives", []):
                content, mimetype = alternative
                if mimetype == "text/html":
                    html = content
            with transaction.atomic():
                stored = OutboxMessage.objects.create(
                    from_email=message.from_email,
                    to=list(message.to) + list(message.cc) + list(message.bcc),
                    subject=message.subject,
                    body=message.body,
                    html=html,
                )
                for attachment in message.attachments:
                    filename, content, mimetype = attachment
                    if isinstance(content, str):
                        content = content.encode()
                    OutboxAttachment.objects.create(
                        message=stored,
                        filename=filename or "adjunto",
                        mimetype=mimetype or "application/octet-stream",
                        content=content,
                    )
            count += 1
        return count
