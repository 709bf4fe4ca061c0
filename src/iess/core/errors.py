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

    @classmethod
    def first_field_error(cls, error, *, code: str | None = None) -> "ServiceError":
        """The first message of the first field of a ValidationError raised per field (a
        model's full_clean, a validator that names its fields), shown on that field."""
        field, messages = next(iter(error.message_dict.items()))
        return cls(messages[0], code=code or f"{field}_invalid", field=field)
