"""The turnero's rate limits, one place for pages and API: looking people up by identity
number, sending email codes, and looking up turns by booking code."""

from iess.core.ratelimits import rate_limit_check


def identity_lookup_limit(request) -> None:
    rate_limit_check(request, group="appointments.identity", rate="20/m", key="ip")


def code_send_limit(request, *, email: str) -> None:
    """Codes to one address (5 in 10 minutes) and from one address (10 an hour), so the IESS
    cannot be made to flood a mailbox."""
    rate_limit_check(request, group="appointments.code_send_ip", rate="10/h", key="ip")
    address = (email or "").strip().lower()
    rate_limit_check(
        request,
        group="appointments.code_send_email",
        rate="5/10m",
        # A django-ratelimit callable key: the address the code goes to, from the form, the
        # JSON body or the session alike.
        key=lambda _group, _request: address,
    )


def booking_code_lookup_limit(request) -> None:
    rate_limit_check(request, group="appointments.booking_code", rate="10/m", key="ip")
