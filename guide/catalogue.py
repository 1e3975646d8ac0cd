"""dist/index.html: every built pamphlet, to browse and filter from a folder or a website.

Made from dist/manifest.json alone (guide/output.py), so it lists exactly
what was built. It is one self-contained HTML file plus small first-page
pictures (dist/thumbnails/), with its filter script inline: it works opened
from disk, with no server and nothing from outside. It is rebuilt only when
the manifest changes: its hash is written into the page.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import jinja2
from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton
from markupsafe import Markup

from .output import MANIFEST, read_manifest, write_atomically
from .paths import PROJECT, Project
from .reading import describe_size
from .regions import RegionError, load_region

INDEX = "index.html"
THUMBNAILS = "thumbnails"
#: First pages drawn 160 pixels wide: enough to tell the layouts apart.
THUMBNAIL_WIDTH = 160
HASH_MARK = '<meta name="manifest-sha256" content="{}">'


def write_catalogue(out_dir, project: Project = PROJECT, force: bool = False) -> bool:
    """Write out_dir/index.html (and its thumbnails) if the manifest changed; True if written."""
    manifest_path = out_dir / MANIFEST
    if not manifest_path.is_file():
        return False
    digest = hashlib.sha256(manifest_path.read_bytes()).hexdigest()
    index = out_dir / INDEX
    if not force and index.is_file() and HASH_MARK.format(digest) in index.read_text("utf-8"):
        return False
    entries = sorted(read_manifest(out_dir).values(),
                     key=lambda e: (e["region"], e["language"], e["layout"], e["profile"]))
    thumbnails = _write_thumbnails(out_dir, entries)
    rows = [_row(entry, thumbnails.get(entry["path"]), project) for entry in entries]
    page = _TEMPLATE.render(rows=rows, hash_mark=Markup(HASH_MARK.format(digest)),
                            regions=_options(rows, "region"), languages=_options(rows, "language"),
                            layouts=_options(rows, "layout"))
    write_atomically(index, page.encode("utf-8"))
    return True


def _write_thumbnails(out_dir, entries: list[dict]) -> dict[str, str]:
    """A small PNG of each pamphlet's first page; stale ones removed."""
    from .web.jobs import pdf_pages_as_png

    made = {}
    for entry in entries:
        pdf = out_dir / entry["path"]
        target = (out_dir / THUMBNAILS / entry["path"]).with_suffix(".png")
        try:
            images = pdf_pages_as_png(pdf.read_bytes(), width=THUMBNAIL_WIDTH, first_only=True)
        except Exception:  # noqa: BLE001 - a pamphlet without a picture is still listed
            continue
        write_atomically(target, images[0])
        made[entry["path"]] = str(target.relative_to(out_dir))
    keep = {out_dir / path for path in made.values()}
    for old in (out_dir / THUMBNAILS).rglob("*.png"):
        if old not in keep:
            old.unlink(missing_ok=True)
    return made


def _row(entry: dict, thumbnail: str | None, project: Project) -> dict:
    language = entry["language"]
    status = entry.get("translation", "")
    return {
        "path": entry["path"],
        "thumbnail": thumbnail,
        "region": entry["region"],
        "region_name": _region_name(entry["region"], project),
        "language": language,
        "language_name": _own_name(language),
        "layout": entry["layout"],
        "profile": entry["profile"],
        "status": ("draft, not yet checked by a health professional"
                   if status.startswith("draft") else status),
        "draft": status.startswith("draft"),
        "checked": _month(entry.get("numbers_checked")),
        "pages": entry.get("pages"),
        "size": describe_size(entry.get("bytes", 0)),
        "also": entry.get("also", []),
    }


def _options(rows: list[dict], key: str) -> list[tuple[str, str]]:
    names = {row[key]: row.get(f"{key}_name", row[key]) for row in rows}
    return sorted(names.items(), key=lambda pair: pair[1].casefold())


def _region_name(code: str, project: Project) -> str:
    try:
        region = load_region(code, project)
    except RegionError:
        return code
    country = Locale("en").territories.get(region.country, region.country)
    return f"{country}: {region.area}" if region.area else country


def _own_name(code: str) -> str:
    try:
        locale = Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return code
    name = locale.get_display_name(locale) or code
    return name[:1].upper() + name[1:]


def _month(iso: str | None) -> str:
    try:
        return format_skeleton("yMMMM", dt.date.fromisoformat(iso), locale="en")
    except (TypeError, ValueError):
        return ""


_TEMPLATE = jinja2.Environment(autoescape=True).from_string("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{{ hash_mark }}
<title>Getting through opioid withdrawal safely: all pamphlets</title>
<style>
body { font-family: "Noto Sans", "DejaVu Sans", sans-serif; margin: 1.5rem; color: #1d2430; background: #f4f6f9; }
h1 { margin: 0 0 .25rem; font-size: 1.5rem; }
.filters { display: flex; gap: 1rem; flex-wrap: wrap; margin: 1rem 0; align-items: end; }
.filters label { display: flex; flex-direction: column; font-weight: 700; font-size: .9rem; }
.filters select { font: inherit; padding: .3rem; min-width: 12rem; }
#count { color: #5a6472; }
ul.pamphlets { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(21rem, 1fr)); gap: 1rem; }
li.pamphlet { background: white; border: 1px solid #c9d0da; border-radius: 6px; padding: .75rem; display: flex; gap: .75rem; }
li.pamphlet img { width: 80px; height: auto; border: 1px solid #c9d0da; align-self: start; }
li.pamphlet .no-picture { width: 80px; }
li.pamphlet h2 { font-size: 1rem; margin: 0 0 .25rem; }
dl { display: grid; grid-template-columns: auto 1fr; gap: 0 .5rem; margin: 0; font-size: .9rem; }
dt { color: #5a6472; }
dd { margin: 0; }
.draft { color: #8a4b00; }
[hidden] { display: none !important; }
</style>
</head>
<body>
<h1>Getting through opioid withdrawal safely</h1>
<p>Every pamphlet built, with its region, language, layout and print profile. Open a file to print it.</p>
<form class="filters" id="filters" hidden>
  <label>Region <select id="filter-region" data-key="region"><option value="">All regions</option>
    {%- for code, name in regions %}<option value="{{ code }}">{{ name }}</option>{% endfor %}</select></label>
  <label>Language <select id="filter-language" data-key="language"><option value="">All languages</option>
    {%- for code, name in languages %}<option value="{{ code }}" lang="{{ code | replace('_', '-') }}">{{ name }}</option>{% endfor %}</select></label>
  <label>Layout <select id="filter-layout" data-key="layout"><option value="">All layouts</option>
    {%- for code, name in layouts %}<option value="{{ code }}">{{ name }}</option>{% endfor %}</select></label>
  <span id="count" role="status"></span>
</form>
<ul class="pamphlets">
{%- for row in rows %}
<li class="pamphlet" data-region="{{ row.region }}" data-language="{{ row.language }}" data-layout="{{ row.layout }}">
  {%- if row.thumbnail %}<a href="{{ row.path }}"><img src="{{ row.thumbnail }}" alt="First page of {{ row.path }}" loading="lazy"></a>
  {%- else %}<span class="no-picture"></span>{% endif %}
  <div>
    <h2><a href="{{ row.path }}">{{ row.region_name }}, <span lang="{{ row.language | replace('_', '-') }}">{{ row.language_name }}</span></a></h2>
    <dl>
      <dt>Layout</dt><dd>{{ row.layout }}</dd>
      <dt>Profile</dt><dd>{{ row.profile }}</dd>
      <dt>Translation</dt><dd{% if row.draft %} class="draft"{% endif %}>{{ row.status }}</dd>
      <dt>Numbers checked</dt><dd>{{ row.checked }}</dd>
      <dt>File</dt><dd>{{ row.pages }} page{{ "s" if row.pages != 1 }}, {{ row.size }}</dd>
      {%- for extra in row.also %}
      <dt>Also</dt><dd><a href="{{ extra.path }}">imposed sheets</a> ({{ extra.pages }} pages)</dd>
      {%- endfor %}
    </dl>
  </div>
</li>
{%- endfor %}
</ul>
<script>
"use strict";
(function () {
  var form = document.getElementById("filters");
  var selects = form.querySelectorAll("select");
  var items = document.querySelectorAll("li.pamphlet");
  var count = document.getElementById("count");
  function apply() {
    var shown = 0;
    items.forEach(function (item) {
      var ok = Array.prototype.every.call(selects, function (select) {
        return !select.value || item.dataset[select.dataset.key] === select.value;
      });
      item.hidden = !ok;
      if (ok) shown += 1;
    });
    count.textContent = shown + " of " + items.length + " pamphlets";
  }
  selects.forEach(function (select) { select.addEventListener("change", apply); });
  form.hidden = false;
  apply();
})();
</script>
</body>
</html>
""")
