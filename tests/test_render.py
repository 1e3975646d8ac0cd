"""HTML rendering: required sections, language and direction, data in words."""

from __future__ import annotations

import pytest

from guide.catalogs import load_catalog
from guide.errors import TemplateError
from guide.pamphlet import Pamphlet
from guide.paths import PROJECT
from guide.regions import load_region
from guide.render import make_environment, render_html
from tests.fake_catalog import FAKE_LOCALE, sign_everything, write_fake_catalog
from tests.files import replace_in


def render(region="us", locale="en", project=PROJECT, **kwargs):
    spec = load_region(region, project)
    pamphlet = Pamphlet(spec, locale, spec.paper, project=project)
    return render_html(make_environment(project), pamphlet,
                       load_catalog(locale, project=project, **kwargs))


def test_a_template_set_without_the_overdose_section_is_refused(project):
    (project / "templates" / "sections" / "overdose.html").write_text("<p>Nothing here</p>")
    with pytest.raises(TemplateError, match=r"lacks required section\(s\) overdose"):
        render(project=project)


def test_an_emptied_overdose_section_is_refused(project):
    (project / "templates" / "sections" / "overdose.html").write_text(
        '<section id="overdose">  <h2></h2> </section>')
    with pytest.raises(TemplateError, match="overdose"):
        render(project=project)


def test_an_undefined_template_variable_is_an_error_not_a_blank(project):
    replace_in(project / "templates" / "sections" / "cover.html", "{{ emergency_numbers }}",
               "{{ emergency_nubmers }}")
    with pytest.raises(TemplateError, match=r"cover\.html:\d+: 'emergency_nubmers' is undefined"):
        render(project=project)


def test_lang_and_direction_come_from_the_locale(project):
    write_fake_catalog("ar", project=project)
    html = render("us", "ar", project=project)
    assert '<html lang="ar" dir="rtl">' in html
    assert '<html lang="en" dir="ltr">' in render("us", "en", project=project)


def test_phone_numbers_are_isolated_left_to_right():
    assert '<span class="tel" dir="ltr">\u2066911\u2069</span>' in render("us", "en")


def test_several_emergency_numbers_are_joined_in_the_readers_language(project):
    write_fake_catalog("es", project=project)
    assert ('<span class="tel" dir="ltr">\u2066112\u2069</span> o '
            '<span class="tel" dir="ltr">\u2066999\u2069</span>') in render("ie", "es", project=project)


def test_hours_cost_and_month_are_put_into_words_by_babel(project):
    write_fake_catalog(project=project)
    html = render("ie", FAKE_LOCALE, project=project)
    assert "«08:00 to 22:00»" in html  # Irish poisons line, French 24-hour clock
    assert "novembre 2026" in html        # month the numbers were checked
    english = render("ie", "en", project=project)  # formatted as English in Ireland: a 24-hour clock
    assert "Every day, 08:00 to 22:00" in english
    assert "Monday to Friday (times not confirmed)" in english  # HSE helpline


def test_a_draft_translation_carries_the_notice(project):
    write_fake_catalog(project=project)
    assert 'id="draft-notice"' in render("us", FAKE_LOCALE, project=project)
    assert 'id="draft-notice"' not in render("us", "en", project=project)


def test_an_incomplete_translation_is_marked_on_the_cover(project):
    replace_in(write_fake_catalog(project=project), 'msgstr "«Fever»"', 'msgstr ""')
    html = render("us", FAKE_LOCALE, allow_incomplete=True, project=project)
    assert 'id="incomplete-notice"' in html and ">Fever<" in html


def test_region_text_is_data_never_template_code(project):
    replace_in(project / "regions" / "us.toml", 'name = "Crisis Text Line"',
               'name = "{{ 7 * 7 }} <b>Crisis</b>"')
    html = render("us", "en", allow_incomplete=True, project=project)
    assert "{{ 7 * 7 }} &lt;b&gt;Crisis&lt;/b&gt;" in html and "49" not in html


def test_a_reviewed_translation_names_its_reviewer_instead_of_the_draft_notice(project):
    write_fake_catalog(project=project)
    sign_everything(FAKE_LOCALE, "Clinique X", "2026-10-02", project=project)
    html = render("us", FAKE_LOCALE, project=project)
    assert 'id="draft-notice"' not in html
    assert "«Translation checked by Clinique X, octobre 2026.»" in html
    assert 'content="reviewed by Clinique X on 2026-10-02"' in html  # PDF metadata
