"""What `build_pdf.py --list` shows: regions, and how far each translation is."""

from __future__ import annotations

from dataclasses import dataclass

from babel import Locale

from .catalogs import (
    available_locales,
    check_catalog,
    load_catalog,
    parse_locale,
    read_catalog,
    read_template,
    source_problems,
    variant_parent,
)
from .conditions import region_condition
from .errors import GuideError
from .pamphlet import build_date, build_time
from .paths import PROJECT, SOURCE_LOCALE, Project
from .readability import LIMITS, levels, within_limit
from .regions import Region, available_regions, load_region
from .verify import due_for_recheck


@dataclass(frozen=True)
class LanguageStatus:
    locale: str
    total: int
    translated: int
    fuzzy: int
    review: str
    problems: tuple[str, ...] = ()

    @property
    def percent(self) -> int:
        return int(100 * self.translated / self.total) if self.total else 0


def language_status(locale: str, project: Project = PROJECT) -> LanguageStatus:
    """Count what a language's catalog covers, without failing on what it lacks."""
    template = read_template(project.pot)
    total = sum(1 for m in template if m.id)
    if locale == SOURCE_LOCALE:
        return LanguageStatus(locale, total, total, 0, "source text")
    files = project.language_files(locale)
    babel_locale = parse_locale(locale)
    try:
        catalog = read_catalog(files.catalog, babel_locale, project.locales)
        good, problems = check_catalog(catalog, template, files.catalog, babel_locale,
                                       variant=variant_parent(locale) is not None)
        loaded = load_catalog(locale, allow_incomplete=True, project=project)
        review, expired = loaded.review, len(loaded.signoffs.to_review)
    except GuideError as exc:
        return LanguageStatus(locale, total, 0, 0, "?", (str(exc),))
    fuzzy = sum(1 for m in template if m.id and (e := catalog.get(m.id, m.context))
                and e.fuzzy)
    words = {"draft": "draft, not reviewed",
             "partly": f"partly reviewed ({review.signed}/{review.total} entries)",
             "reviewed": f"reviewed by {review.reviewer} ({review.date})"}[review.status]
    if expired:
        words += f"; {expired} to review again (new or changed since the sign-off)"
    return LanguageStatus(locale, total, len(good), fuzzy, words, tuple(problems))


def _language_line(locale: str, status: LanguageStatus, english: Locale,
                   of: str | None = None) -> str:
    name = parse_locale(locale).get_display_name(english)
    share = f"{status.percent:>3}% ({status.translated}/{status.total})"
    if of:  # a variant holds only what differs from its language
        share, locale = f"{status.translated} of its own", f"  {locale}"
    return (f"  {locale:9}{name[:21]:22}{share:16}{status.fuzzy:<7}"
            f"{len(status.problems):<10}{status.review}")


def status_table(project: Project = PROJECT) -> str:
    english = Locale("en")
    today = build_date(build_time())
    lines = ["Regions", f"  {'code':7}{'place':22}{'paper':8}{'lines':7}{'checked':10}"
             f"{'re-check':10}{'print shop':12}languages"]
    regions = []
    for code in available_regions(project):
        try:
            region = load_region(code, project)
        except GuideError as exc:
            lines.append(f"  {code:7}ERROR: {exc}")
            continue
        regions.append(region)
        place = english.territories[region.country]
        if region.area:
            place = f"{region.area}, {place}"
        due = due_for_recheck(region, today)
        lines.append(f"  {code:7}{place[:21]:22}{region.paper:8}{len(region.helplines):<7}"
                     f"{region.checked:%Y-%m}   {due or '-':<10}"
                     f"{region_condition(region).name:12}{', '.join(region.languages)}")
    lines += ["  (re-check: numbers due for a call, checked over a year ago or flagged; "
              "python build_pdf.py verify --region CODE makes the call sheet)"]
    lines += ["", "Numbers not in the phonenumbers data (printed on the region file's word)"]
    lines += unlisted_table(regions, project) or ["  none"]
    lines += ["", "Languages",
              f"  {'code':9}{'language':22}{'translated':16}{'fuzzy':7}{'problems':10}review"]
    codes = available_locales(project)
    variants = {code: variant_parent(code) for code in codes}
    for locale in [code for code in codes if not variants[code]]:
        lines.append(_language_line(locale, language_status(locale, project), english))
        for variant in [code for code in codes if variants[code] == locale]:
            status = language_status(variant, project)
            lines.append(_language_line(variant, status, english, of=locale))
    lines += ["", "Checks on the English source"]
    problems = source_problems(project)
    lines += [f"  {p}" for p in problems] or ["  wording: no stigmatising terms"]
    lines += ["", "Reading level (estimates; see guide/readability.py)"]
    for locale in [code for code in codes if not variants[code]]:
        measured = levels(locale, template_text(locale, project))
        if not measured:
            lines.append(f"  {locale:9}no validated formula here: needs a human reader")
        for level in measured:  # prose only: headings and labels are not sentences
            kind, limit = LIMITS[level.formula]
            verdict = "ok" if within_limit(level) else "TOO HARD"
            lines.append(f"  {locale:9}{level.describe()}: {verdict} (aim {kind} {limit:g})")
    return "\n".join(lines)


def unlisted_table(regions: list[Region], project: Project = PROJECT) -> list[str]:
    """Each number printed through an `unlisted` entry, with the file's reason and source."""
    lines = []
    for region in regions:
        for line in region.helplines:
            if region.parent and line in load_region(region.parent, project).helplines:
                continue  # listed under the region it comes from
            for number in line.unlisted_numbers:
                lines.append(f"  {region.code:7}{number.display:10}{line.name}: {line.unlisted}")
    return lines


def template_text(locale: str, project: Project = PROJECT) -> list[str]:
    """The pamphlet's own prose in one language (region data left out)."""
    template = read_template(project.pot)
    ids = [m.id for m in template if isinstance(m.id, str) and m.id
           and any(path.startswith("templates") for path, _ in m.locations)]
    if locale == SOURCE_LOCALE:
        return ids
    catalog = read_catalog(project.language_files(locale).catalog, parse_locale(locale),
                           project.locales)
    return [entry.string for i in ids if (entry := catalog.get(i)) and entry.string]
