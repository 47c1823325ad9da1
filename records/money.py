"""Amounts of money as sources state them: an ISO 4217 currency, and the amount written in the reader's
language. Babel, which the project already installs to compile its catalogues, knows both."""

from babel.numbers import format_currency, list_currencies
from django.utils.translation import get_language


def is_currency(code):
    return code in list_currencies()


def money(amount, currency):
    """“USD 280,000.00” in English, “280 000,00 $US” in French; "" without an amount."""
    if amount is None or not currency:
        return ""
    return format_currency(amount, currency, locale=(get_language() or "en").replace("-", "_"))
