import base64

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def email_deliver(
    *, to: list[str], subject: str, body: str, html: str = "", attachments: list[dict] | None = None
) -> int:
    """Hands one rendered message to Django's mail system (the configured backend)."""
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )
    if html:
        message.attach_alternative(html, "text/html")
    for attachment in attachments or []:
        message.attach(
            attachment["filename"],
            base64.b64decode(attachment["content_b64"]),
            attachment["mimetype"],
        )
    return message.send()
