"""Country codes and names, from pycountry's copy of ISO 3166-1 rather than a table of our own."""

from __future__ import annotations

import difflib
from functools import cache

import pycountry


@cache
def _alpha3_codes() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.countries)


def check_alpha3(value: str) -> str:
    """Return `value` if it is an ISO 3166-1 alpha-3 code; raise ValueError with a hint otherwise."""
    if value in _alpha3_codes():
        return value
    hint = _suggest(value)
    raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-3 country code{hint}")


def _suggest(value: str) -> str:
    text = value.strip()
    if text.upper() in _alpha3_codes():
        return f"; write it in capitals: {text.upper()!r}"
    country = None
    if len(text) == 2:
        country = pycountry.countries.get(alpha_2=text.upper())
    if country is None and len(text) > 3:
        try:
            country = pycountry.countries.lookup(text)
        except LookupError:
            country = None
    if country is not None:
        return f"; did you mean {country.alpha_3!r} ({country.name})?"
    close = difflib.get_close_matches(text.upper(), sorted(_alpha3_codes()), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def country_name(alpha3: str) -> str:
    """The ISO 3166-1 English short name (e.g. 'Viet Nam'), as used in UN and ASEAN documents."""
    country = pycountry.countries.get(alpha_3=alpha3)
    return alpha3 if country is None else str(country.name)


# Countries whose name is also printed in a local script (or, for Viet Nam, with its own diacritics), and the
# language of pycountry's translation that gives it. The script follows from the language.
LOCAL_LANGUAGES: dict[str, str] = {"THA": "th", "KHM": "km", "LAO": "lo", "MMR": "my", "VNM": "vi"}


def local_language(alpha3: str) -> str | None:
    """The BCP 47 language of the country's local name, e.g. 'th' for Thailand; None if it has none."""
    return LOCAL_LANGUAGES.get(alpha3)


@cache
def local_name(alpha3: str) -> str | None:
    """The country's name in its own language and script (e.g. 'ไทย'), from pycountry's ISO 3166 translations."""
    import gettext

    language = LOCAL_LANGUAGES.get(alpha3)
    country = pycountry.countries.get(alpha_3=alpha3)
    if language is None or country is None:
        return None
    try:
        translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return None
    name = translation.gettext(country.name)
    return None if name == country.name else str(name)
