"""Rate limits for public endpoints that look people up or send email, web and API alike.

One call per endpoint: `rate_limit_check(request, group=..., rate="10/m", key="ip")` counts
the request and raises ServiceError (429) past the rate. Keys are django-ratelimit keys:
"ip", or "post:<field>" to limit per typed identity or email address.
"""

from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited

from iess.core.errors import ServiceError


def rate_limit_check(request, *, group: str, rate: str, key: str = "ip") -> None:
    if is_ratelimited(request, group=group, key=key, rate=rate, increment=True):
        raise ServiceError(
            _("Demasiados intentos seguidos. Espere unos minutos y vuelva a intentarlo."),
            code="rate_limited",
            status=429,
        )
