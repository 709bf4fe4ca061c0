"""Upload limits that hold while the request body is read, not after.

Django reads a multipart body only when the view first touches request.POST/FILES, through
its upload handlers. This handler goes first: a body larger than every allowed file together
is refused before a byte of it is read, and a file that grows past 1 MB is dropped at that
point (its remaining bytes are skipped, never stored) while the other fields of the form
are still parsed, so the page can show the error and keep what was typed.
"""

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

from iess.submissions.files import too_large_message
from iess.submissions.models import ATTACHMENT_MAX_BYTES
from iess.submissions.services import UploadedDocument

ATTACHMENT_MAX_COUNT = 10
# Every allowed file at its largest plus room for the text fields and multipart headers.
REQUEST_MAX_BYTES = ATTACHMENT_MAX_COUNT * ATTACHMENT_MAX_BYTES + 256 * 1024
# Submits per address (form and API): each try may store accepted files in a draft.
SUBMIT_RATE = "20/m"


class AttachmentLimitUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        request.oversized_uploads = set()
        request.upload_too_large = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > REQUEST_MAX_BYTES:
            self.request.upload_too_large = True
            return QueryDict(encoding=encoding), MultiValueDict()
        return None

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > ATTACHMENT_MAX_BYTES:
            self.request.oversized_uploads.add(self.field_name)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


def upload_limits_apply(request) -> None:
    """Installs the limits and parses the body now (call before anything reads request.POST,
    so from a csrf_exempt view that then checks CSRF itself)."""
    request.upload_handlers.insert(0, AttachmentLimitUploadHandler(request))
    request.POST  # noqa: B018 - parsing happens here, under the limits


def uploads_read(request, slots) -> tuple[dict[str, UploadedDocument], dict[str, str]]:
    """The files of the request by requirement key, and the ones refused while reading."""
    files, errors = {}, {}
    for slot in slots:
        upload = request.FILES.get(slot.field_name)
        if slot.field_name in getattr(request, "oversized_uploads", ()) or (
            upload is not None and upload.size > ATTACHMENT_MAX_BYTES
        ):
            errors[slot.key] = str(too_large_message())
        elif upload is not None:
            files[slot.key] = UploadedDocument(filename=upload.name, content=upload.read())
    return files, errors
