"""The JSON API: one NinjaAPI, one router per app, one error shape."""

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError

from iess.core.errors import ServiceError

api = NinjaAPI(
    title="IESS en línea",
    version="1",
    description="API pública de trámites, turnos y afiliación del IESS.",
    urls_namespace="api",
)


@api.exception_handler(ServiceError)
def service_error(request: HttpRequest, exc: ServiceError):
    return api.create_response(
        request,
        {"code": exc.code, "detail": str(exc.message), "field": exc.field},
        status=exc.status,
    )


@api.exception_handler(NinjaValidationError)
def input_error(request: HttpRequest, exc: NinjaValidationError):
    """Malformed input gets the same error shape as a refused request, naming the field."""
    first = exc.errors[0] if exc.errors else {}
    location = [str(part) for part in first.get("loc", ()) if part not in ("body", "payload")]
    return api.create_response(
        request,
        {
            "code": "invalid_input",
            "detail": str(first.get("msg", "Invalid input")),
            "field": ".".join(location) or None,
        },
        status=422,
    )


def _register_routers() -> None:
    from iess.accounts.api import router as accounts_router
    from iess.affiliation.api import router as affiliation_router
    from iess.appointments.api import router as appointments_router
    from iess.catalog.api import router as catalog_router
    from iess.documents.api import router as documents_router
    from iess.submissions.api import router as submissions_router

    api.add_router("/procedures", catalog_router)
    api.add_router("/appointments", appointments_router)
    api.add_router("/voluntary-affiliation", affiliation_router)
    api.add_router("/accounts", accounts_router)
    api.add_router("/documents", documents_router)
    api.add_router("/submissions", submissions_router)


_register_routers()
