"""Languages: pick the translation for a requested language, fall back to English, and count the fallbacks."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import pycountry

from normcheck.models.base import LOCALE_PATTERN
from normcheck.models.checklist import Checklist, Item, Norm, NormSet

if TYPE_CHECKING:
    from normcheck.resolve import Subject

SOURCE_LANGUAGE = "en"
_LOCALE = re.compile(LOCALE_PATTERN)
T = TypeVar("T")


def check_locale(value: str) -> str:
    """Return `value` if it is a language tag normcheck accepts; raise ValueError with a hint otherwise."""
    if _LOCALE.fullmatch(value):
        return value
    raise ValueError(f"{value!r} is not a language tag{locale_hint(value)}")


def locale_hint(value: str) -> str:
    text = value.strip()
    parts = re.split(r"[-_]", text)
    fixed = "-".join([parts[0].lower(), *(p.title() if len(p) == 4 else p.upper() for p in parts[1:])])
    if fixed != text and _LOCALE.fullmatch(fixed):
        return f"; write it as {fixed!r}"
    try:
        language = pycountry.languages.lookup(text)
    except LookupError:
        language = None
    if language is not None:
        code = getattr(language, "alpha_2", None) or language.alpha_3
        return f"; did you mean {code!r} ({language.name})?"
    return "; use a code such as 'id', 'ms', 'th', 'vi', 'km', 'lo', 'my', 'fil', 'tet' or 'pt'"


def language_name(tag: str) -> str:
    """'Indonesian' for 'id', 'Portuguese (pt-TL)' for 'pt-TL'; the tag itself when the language is unknown."""
    base = tag.split("-")[0]
    found = pycountry.languages.get(alpha_2=base) if len(base) == 2 else pycountry.languages.get(alpha_3=base)
    if found is None:
        return tag
    name = str(found.name).removesuffix(" (macrolanguage)")
    return name if tag == base else f"{name} ({tag})"


def pick(translations: Mapping[str, T], lang: str) -> T | None:
    """The translation for `lang`, or for its base language ('pt' for 'pt-TL'); None when there is neither."""
    if lang in translations:
        return translations[lang]
    return translations.get(lang.split("-")[0])


@dataclass(frozen=True, slots=True)
class Fallback:
    """How many items and norms had to be shown in English (wholly or in part) for a language."""

    lang: str
    items: int
    items_total: int
    norms: int
    norms_total: int

    @property
    def complete(self) -> bool:
        return self.items == 0 and self.norms == 0

    def message(self) -> str | None:
        if self.lang == SOURCE_LANGUAGE or self.complete:
            return None
        return (
            f"{language_name(self.lang)}: {self.items} of {self.items_total} item(s) and {self.norms} of "
            f"{self.norms_total} norm(s) fell back to English (no translation, or only part of one)"
        )


@dataclass(frozen=True, slots=True)
class Localised:
    checklist: Checklist
    norms: NormSet
    fallback: Fallback


def localise(checklist: Checklist, norms: NormSet, lang: str = SOURCE_LANGUAGE) -> Localised:
    """Copies of the checklist and norms with text in `lang` where translated and in English elsewhere."""
    used = set(checklist.norm_ids())
    if lang == SOURCE_LANGUAGE:
        return Localised(checklist, norms, Fallback(lang, 0, len(checklist.items), 0, len(used)))
    items, item_fallbacks = [], 0
    for item in checklist.items:
        translated, fell_back = _item(item, lang)
        items.append(translated)
        item_fallbacks += fell_back
    norm_list, norm_fallbacks = [], 0
    for norm in norms.norms:
        translated_norm, fell_back = _norm(norm, lang)
        norm_list.append(translated_norm)
        norm_fallbacks += fell_back and norm.id in used
    head = pick(checklist.translations, lang)
    update: dict[str, object] = {"items": items}
    if head is not None:
        update |= {k: v for k, v in (("title", head.title), ("description", head.description)) if v is not None}
    return Localised(
        checklist.model_copy(update=update),
        norms.model_copy(update={"norms": norm_list}),
        Fallback(lang, item_fallbacks, len(checklist.items), norm_fallbacks, len(used)),
    )


def _item(item: Item, lang: str) -> tuple[Item, bool]:
    found = pick(item.translations, lang)
    text = found.text if found else None
    guidance = found.guidance if found else None
    copy = item.model_copy(update={"text": text or item.text, "guidance": guidance or item.guidance})
    return copy, text is None or guidance is None


def _norm(norm: Norm, lang: str) -> tuple[Norm, bool]:
    found = pick(norm.translations, lang)
    title = found.title if found else None
    summary = found.summary if found else None
    copy = norm.model_copy(update={"title": title or norm.title, "summary": summary or norm.summary})
    return copy, title is None or summary is None


def localise_subject(subject: Subject, lang: str) -> tuple[Subject, Fallback]:
    """The subject with its checklist and norms in `lang`; scoring it gives translated titles and item text."""
    localised = localise(subject.checklist, subject.norms, lang)
    return dataclasses.replace(subject, checklist=localised.checklist, norms=localised.norms), localised.fallback
