from django import template

from iess.affiliation.voluntary_services import usd as usd_format

register = template.Library()


@register.filter
def usd(amount) -> str:
    """USD with two decimals, as in the aviso de entrada: USD 1,234.56."""
    return "" if amount is None else usd_format(amount)


@register.filter
def percent(rate) -> str:
    return "" if rate is None else f"{rate * 100:.2f} %"
