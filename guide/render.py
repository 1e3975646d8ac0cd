"""Render the guide to HTML: templates + region data + one language's catalog.

The Jinja environment is strict (StrictUndefined, autoescape, trimmed i18n)
so a typo in a template fails the build instead of printing a blank. Every
locale-dependent word that is data rather than prose (day names, times, money,
language and country names, the month) comes from Babel's CLDR data.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import jinja2
import segno
from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton, format_time, get_day_names
from babel.lists import format_list
from babel.numbers import format_currency
from markupsafe import Markup, escape

from . import __version__
from .catalogs import LoadedCatalog, parse_locale
from .clinic import MAX_LOGO_BYTES
from .cmyk import logo_to_cmyk, qr_code_cmyk, svg_to_cmyk
from .errors import ClinicError, TemplateError
from .fields import PhoneNumber
from .layouts import REQUIRED_SECTIONS
from .pamphlet import Pamphlet
from .paths import PROJECT, Project, show
from .reading import read_limited
from .regions import Cost
from .review import ReviewStatus
from .translations import Recorder

# Markers that stand for CSS page counters inside a translated sentence; from
# Unicode's private-use area so that no translation contains them by chance.
PAGE, PAGES = "\ue000", "\ue001"
SECTION_PATTERN = re.compile(r'<section\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</section>', re.S)


def make_environment(project: Project = PROJECT) -> jinja2.Environment:
    """Build the Jinja environment once per process; templates parse once."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(project.templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    env.policies["ext.i18n.trimmed"] = True
    env.filters.update(
        tel=tel, keyword=keyword, ltr_text=ltr_text, short_url=short_url, css_string=css_string,
        css_counter_text=css_counter_text, weekday=weekday, bidi=bidi, clock=clock,
        money=money, language_list=language_list, territory=territory,
    )
    return env


def render_html(env: jinja2.Environment, pamphlet: Pamphlet, catalog: LoadedCatalog,
                font_size: float | None = None, blank_pages: int = 0,
                review: ReviewStatus | None = None) -> str:
    """Return the pamphlet's HTML, after checking that no required section is missing.

    font_size: the base type size the fit loop chose; blank_pages: pages a
    booklet adds before the helplines to make its count a multiple of four;
    review: what the pamphlet may say about its translation's review
    (pamphlet_review), else the language's as a whole.
    """
    return render_with_entries(env, pamphlet, catalog, font_size, blank_pages, review)[0]


def pamphlet_review(env: jinja2.Environment, pamphlet: Pamphlet,
                    catalog: LoadedCatalog) -> ReviewStatus:
    """The review status of exactly the entries this pamphlet prints."""
    if catalog.review.status == "source":  # the English source: nothing to count
        return catalog.review
    return catalog.review_for(render_with_entries(env, pamphlet, catalog)[1])


def render_with_entries(env: jinja2.Environment, pamphlet: Pamphlet, catalog: LoadedCatalog,
                        font_size: float | None = None, blank_pages: int = 0,
                        review: ReviewStatus | None = None) -> tuple[str, set]:
    """The HTML, and the catalog entries (context, English) it printed."""
    recorder = Recorder(catalog.translations)
    env.install_gettext_translations(recorder, newstyle=True)
    layout, region, clinic = pamphlet.layout, pamphlet.region, pamphlet.clinic
    locale = formatting_locale(pamphlet.catalog_locale, region.country)
    intent = pamphlet.output_intent if pamphlet.profile.needs_intent else None
    qr = qr_code_cmyk if intent else qr_code  # print shops get black ink, not RGB black
    context = dict(
        region=region,
        locale=locale,
        lang_tag=pamphlet.catalog_locale.replace("_", "-"),
        direction=locale.text_direction,
        page_size=layout.page_size(pamphlet.paper),
        layout=layout,
        profile=pamphlet.profile,
        font_size=font_size or layout.sizes[0],
        blank_pages=blank_pages,
        output_intent=intent.data_uri if intent else None,
        helpline_qr={line.id: qr(line.url) for line in region.helplines
                     if line.url and layout.qr_codes},
        emergency_numbers=numbers_or(region.emergency, locale),
        emergency_number=tel(region.emergency[0]),
        crisis=dict(name=isolated(recorder.gettext(region.crisis.name), locale.text_direction),
                    number=tel(region.crisis.number)),
        checked_month=format_skeleton("yMMMM", region.checked, locale=locale),
        edition=__version__,
        review=review or catalog.review,
        incomplete=catalog.incomplete,
        created=pamphlet.created.strftime("%Y-%m-%dT%H:%M:%SZ") if pamphlet.created else None,
        keywords=f"opioid withdrawal, naloxone, {region.code}, {pamphlet.locale}",
        generator=f"withdrawal-guide {__version__}",
        PAGE=PAGE, PAGES=PAGES,
        # Region text is data: looked up in the catalog but, unlike template
        # text (which Jinja's gettext marks safe), escaped like any value.
        translate_data=lambda text: str(recorder.gettext(text)),
        clinic=clinic,
        clinic_note=clinic.note_for(pamphlet.locale) if clinic else None,
        clinic_logo=logo_uri(clinic.logo, intent) if clinic and clinic.logo else None,
        clinic_qr=qr(clinic.web) if clinic and clinic.web else None,
    )
    try:
        document = env.get_template(layout.template).render(context)
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"templates/{exc.name}: template not found") from exc
    except jinja2.TemplateError as exc:
        raise TemplateError(f"{_template_location(exc)}: {exc}") from exc
    check_required_sections(document, f"templates/{layout.template}", layout.required)
    return document, recorder.printed


def _template_location(exc: jinja2.TemplateError) -> str:
    """templates/<file>:<line> of a template error, from Jinja's rewritten traceback."""
    if getattr(exc, "filename", None) and getattr(exc, "lineno", None):
        return f"{show(Path(exc.filename))}:{exc.lineno}"
    traceback, where = exc.__traceback__, "templates"
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if filename.endswith(".html"):
            where = f"{show(Path(filename))}:{traceback.tb_lineno}"
        traceback = traceback.tb_next
    return where


def formatting_locale(code: str, country: str) -> Locale:
    """The reader's language as written in the region's country, for dates and times.

    English in Britain reads "09:00 to 17:00", in the US "9:00 AM to 5:00 PM";
    where CLDR has no such pair (Arabic in the US) the language's own is used.
    """
    base = parse_locale(code)
    try:
        return Locale(base.language, territory=country, script=base.script)
    except (UnknownLocaleError, ValueError):
        return base


@lru_cache(maxsize=256)
def qr_code(url: str) -> str:
    """A vector QR code as a data: URI, made offline by segno (error level M).

    Cached: a worker prints the same few addresses in many pamphlets, and
    encoding them again cost 10 ms a pamphlet (benchmarks/bench.py).
    """
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=1, border=4)


def logo_uri(logo: Path, intent) -> str:
    """The clinic's logo as the page links it: the file, or for print shops its CMYK form."""
    if intent is None:
        return logo.as_uri()
    return _cmyk_logo(logo, logo.stat().st_mtime_ns, intent.digest, intent.data)


@lru_cache(maxsize=16)
def _cmyk_logo(logo: Path, mtime_ns: int, digest: str, icc: bytes) -> str:
    """Converted once per worker, logo and profile: a few milliseconds each time saved."""
    if logo.suffix.lower() == ".svg":
        text = read_limited(logo, MAX_LOGO_BYTES, ClinicError, "a logo").decode("utf-8")
        return "data:image/svg+xml;charset=utf-8," + quote(svg_to_cmyk(text, icc))
    return "data:image/jpeg;base64," + base64.b64encode(logo_to_cmyk(logo, icc)).decode()


def check_required_sections(document: str, template_name: str,
                            required: tuple[str, ...] = REQUIRED_SECTIONS) -> None:
    """Refuse a template set that would print a pamphlet without a safety section."""
    found = {ident: body for ident, body in SECTION_PATTERN.findall(document)}
    missing = [s for s in required
               if s not in found or not re.sub(r"<[^>]+>|\s", "", found[s])]
    if missing:
        raise TemplateError(
            f"{template_name}: the pamphlet lacks required section(s) "
            f"{', '.join(missing)}: every pamphlet must carry them "
            f"(see REQUIRED_SECTIONS in guide/layouts.py)")


# Phone numbers must keep their order inside right-to-left text, or "1800 250
# 015" prints as "015 250 1800". WeasyPrint ignores CSS unicode-bidi, but it
# does lay out a span with dir="ltr" left to right; the Unicode isolates
# (LRI ... PDI) inside it keep the number apart from the Arabic around it.
LTR_SPAN = '<span class="%s" dir="ltr">\u2066%s\u2069</span>'


def tel(number: PhoneNumber) -> Markup:
    """A phone number that stays left-to-right inside right-to-left text."""
    return Markup(LTR_SPAN) % ("tel", number.display)


def keyword(word: str) -> Markup:
    """A word to text in, kept whole and in reading order inside right-to-left text."""
    return Markup(LTR_SPAN) % ("tel", word)


def ltr_text(text: str) -> Markup:
    """Left-to-right text (a web address) that may still wrap at the line's end."""
    return Markup(LTR_SPAN) % ("ltr", text)


def isolated(text: str, direction: str) -> Markup | str:
    """A name kept in its own direction inside right-to-left text.

    A service's own name is often Latin ("988 Suicide & Crisis Lifeline"); in
    an Arabic line the bidi algorithm would move its leading number to the
    end. Names that start with a left-to-right letter or digit get the same
    dir="ltr" span and isolates as phone numbers.
    """
    if direction != "rtl":
        return text
    for char in str(text):
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return text
        if kind in ("L", "EN"):
            return Markup(LTR_SPAN) % ("ltr", text)
    return text


@jinja2.pass_context
def bidi(context, text) -> Markup | str:
    return isolated(text, context["direction"])


def numbers_or(numbers, locale: Locale) -> Markup:
    """'112 or 999' in the reader's language, each number kept left-to-right.

    Babel's format_list returns plain text, so it formats placeholders and the
    marked-up numbers go in afterwards (escaped pattern, safe numbers).
    """
    pattern = format_list([f"{{{i}}}" for i in range(len(numbers))], style="or", locale=locale)
    return Markup(escape(pattern)).format(*(tel(n) for n in numbers))


def short_url(url: str) -> str:
    """An address as a reader types it: no scheme, no 'www.', no trailing slash.

    A zero-width space after each '/' and '.' lets a long address wrap there,
    not in the middle of a word.
    """
    short = re.sub(r"^https?://(www\.)?", "", url).rstrip("/")
    return re.sub(r"([/.])(?=.)", "\\1\u200b", short)


def css_string(text) -> Markup:
    """Quote text (for example a translated title) as a CSS string.

    It goes inside a <style> element, so '<' and '>' are written as CSS
    escapes: no text can close the element ("</style>") whatever it holds.
    """
    plain = html.unescape(re.sub(r"<[^>]+>", "", str(text)))
    escaped = re.sub(r'[\\"<>\x00-\x1f\x7f]', lambda m: f"\\{ord(m.group(0)):x} ", plain)
    return Markup(f'"{escaped}"')


def css_counter_text(text) -> Markup:
    """Turn a translated 'Page X of Y' into a CSS content value with counters."""
    parts = re.split(f"([{PAGE}{PAGES}])", str(text))
    values = []
    for part in parts:
        if part == PAGE:
            values.append("counter(page)")
        elif part == PAGES:
            values.append("counter(pages)")
        elif part:
            values.append(str(css_string(part)))
    return Markup(" ".join(values))


@jinja2.pass_context
def weekday(context, index: int) -> str:
    return get_day_names("wide", locale=context["locale"])[index]


@jinja2.pass_context
def clock(context, time: dt.time) -> str:
    """A time of day in the reader's clock (8:00 AM, 08:00, 上午8:00).

    Each end of an opening time is formatted on its own: Babel's interval
    format drops a shared "AM", so 8am-2am (past midnight) read "8:00 – 2:00 AM".
    """
    return format_time(time, "short", locale=context["locale"])


@jinja2.pass_context
def money(context, cost: Cost) -> str:
    return format_currency(cost.amount, cost.currency, locale=context["locale"])


@jinja2.pass_context
def language_list(context, codes) -> str:
    locale = context["locale"]
    return format_list([language_name(locale, code) for code in codes], locale=locale)


@jinja2.pass_context
def territory(context, code: str) -> str:
    return context["locale"].territories[code]


def language_name(locale: Locale, code: str) -> str:
    return Locale.parse(code).get_display_name(locale) or code

