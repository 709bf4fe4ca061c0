"""Rate limits of the AFÍLIATE Ya steps that look a person up or send email, shared by the web
pages and the API so that both count in the same buckets (iess.core.ratelimits).

Per address and per typed identity/email: an address cannot sweep cédulas, and one cédula or
mailbox cannot be hammered from many addresses. The per-person count of wrong birth dates is
kept in the database by the service itself (BirthDateFailure)."""

from iess.core.ratelimits import rate_limit_check

START_PER_IP = "20/m"
START_PER_IDENTITY = "10/h"
BIRTH_DATE_PER_IP = "20/m"
CODE_SEND_PER_IP = "10/h"
CODE_SEND_PER_EMAIL = "5/10m"


def _typed(value: str):
    normalized = " ".join((value or "").split()).lower()
    return lambda _group, _request: normalized


def start_limit(request, *, identity: str) -> None:
    rate_limit_check(request, group="voluntary-start-ip", rate=START_PER_IP, key="ip")
    rate_limit_check(
        request, group="voluntary-start-identity", rate=START_PER_IDENTITY, key=_typed(identity)
    )


def birth_date_limit(request) -> None:
    rate_limit_check(request, group="voluntary-birth-date-ip", rate=BIRTH_DATE_PER_IP, key="ip")


def code_send_limit(request, *, email: str) -> None:
    rate_limit_check(request, group="voluntary-code-ip", rate=CODE_SEND_PER_IP, key="ip")
    rate_limit_check(
        request, group="voluntary-code-email", rate=CODE_SEND_PER_EMAIL, key=_typed(email)
    )
