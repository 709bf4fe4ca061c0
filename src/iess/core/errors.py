"""The one application error type. Services raise it; views show it on the form, the API
turns it into `{"code", "detail", "field"}` with its HTTP status."""

from django.utils.functional import Promise


class ServiceError(Exception):
    def __init__(
        self,
        message: str | Promise,
        *,
        code: str = "invalid",
        field: str | None = None,
        status: int = 400,
    ):
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.field = field
        self.status = status
