"""The development outbox: every email the demo sent, readable in the browser so a person can
finish by hand the flows that send a code or a link. Only routed when DEV_OUTBOX is on."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from iess.notifications.models import OutboxAttachment, OutboxMessage
from iess.notifications.selectors import outbox_list as select_outbox


def outbox_list(request):
    to = request.GET.get("para", "").strip()
    return render(
        request, "notifications/outbox_list.html", {"messages_list": select_outbox(to=to), "to": to}
    )


def outbox_detail(request, message_id: int):
    message = get_object_or_404(
        OutboxMessage.objects.prefetch_related("attachments"), pk=message_id
    )
    return render(request, "notifications/outbox_detail.html", {"message": message})


def outbox_attachment(request, attachment_id: int):
    attachment = get_object_or_404(OutboxAttachment, pk=attachment_id)
    response = HttpResponse(bytes(attachment.content), content_type=attachment.mimetype)
    response["Content-Disposition"] = f'attachment; filename="{attachment.filename}"'
    return response
