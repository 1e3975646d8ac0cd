"""The web page: choose, fill in, preview, download. Starlette routes over guide/.

Starlette (with uvicorn, see server.py) because the server must never block
on a render: an async framework waits on the worker pool's futures without
tying up a thread per request, and Starlette is the small, widely used core
that FastAPI is built on, with a test client and nothing we do not need.

Nothing is stored: each request that renders gets a private temporary folder
(mode 0700) for its uploads and files, removed before the response is sent.
No clinic detail is logged.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hmac
import io
import logging
import secrets
import shutil
import tempfile
import tomllib
import zipfile
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from babel import Locale
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..build import BuildOptions, plan
from ..catalogs import available_locales, load_catalog
from ..clinic import MAX_LOGO_BYTES, clinic_problems
from ..errors import GuideError
from ..fields import MAX_DATA_FILE_BYTES
from ..layouts import LAYOUTS
from ..pamphlet import Pamphlet, build_date
from ..paths import PROJECT, Project
from ..pool import PoolBusy, RenderPool
from ..profiles import DEFAULT_PROFILE, MAX_ICC_BYTES, PROFILES, load_output_intent
from ..reading import describe_size
from ..regions import Region, available_regions, load_region, region_warnings
from . import forms, jobs
from .i18n import choose_language, ui_languages, ui_review, ui_translations

log = logging.getLogger("guide.web")
HERE = Path(__file__).parent
CSRF_COOKIE = "guide_csrf"
#: Every upload at its own limit, plus the typed fields: a larger body is refused
#: before it is read.
MAX_BODY_BYTES = MAX_LOGO_BYTES + MAX_ICC_BYTES + MAX_DATA_FILE_BYTES + 256 * 1024
MAX_TEXT_FIELD_BYTES = 16 * 1024
RENDER_TIME_LIMIT = 60.0
RETRY_AFTER_SECONDS = 5
#: No outside sources at all: scripts, styles, fonts and images come from this
#: server; previews are data: images.
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; "
                           "font-src 'self'; img-src 'self' data:; connect-src 'self'; "
                           "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


def N_(text: str) -> str:
    """Marks text for extraction; translated when the page is drawn."""
    return text


LAYOUT_WORDS = {
    "handout": N_("Handout: full pages, for a waiting room or to take home"),
    "trifold": N_("Tri-fold leaflet: one sheet, printed on both sides and folded in three"),
    "booklet": N_("Booklet: sheets folded in half and stapled"),
    "card": N_("Wallet card: the overdose steps and numbers, several to a sheet"),
    "large-print": N_("Large print: 18 point type, for readers with low vision"),
}
PROFILE_WORDS = {
    "office": N_("Office printer"),
    "print-shop": N_("Print shop (PDF/X-4 in CMYK, for the region's standard printing "
                     "condition, or the print shop's own profile)"),
    "accessible": N_("For screen readers (tagged PDF, not for printing)"),
}
REVIEW_WORDS = {
    "draft": N_("draft, not yet checked by a health professional"),
    "partly": N_("partly checked by a health professional"),
    "source": N_("the original text"),
}


@dataclass
class Choices:
    """What the page offers, read once when the server starts."""

    regions: dict[str, Region]
    languages: dict[str, object]  # code -> ReviewStatus, for languages that print
    not_ready: list[str] = field(default_factory=list)


def read_choices(project: Project) -> Choices:
    regions = {}
    for code in available_regions(project):
        try:
            regions[code] = load_region(code, project)
        except GuideError as exc:
            log.warning("region %s is not offered: %s", code, exc.category)
    languages, not_ready = {}, []
    for code in available_locales(project):
        try:
            languages[code] = load_catalog(code, project=project).review
        except GuideError:
            not_ready.append(code)
    return Choices(regions, languages, not_ready)


class FormProblems(Exception):
    """The form cannot be used as sent; errors by input name."""

    def __init__(self, errors: dict[str, list[str]], values: dict):
        super().__init__("form problems")
        self.errors, self.values = errors, values


@dataclass
class Request_:
    """One checked form: the pamphlets to make and what the page shows about them."""

    pamphlets: list[Pamphlet]
    warnings: list[str]
    values: dict
    data: dict
    logo_name: str | None


def create_app(project: Project = PROJECT, pool: RenderPool | None = None, workers: int = 2,
               queue_limit: int = 4, time_limit: float = RENDER_TIME_LIMIT,
               allowed_hosts: list[str] | None = None) -> Starlette:
    """The web application. pool: a RenderPool to share (else one is started with the app)."""
    state = _State(project, read_choices(project))

    @asynccontextmanager
    async def lifespan(app):
        own = pool is None
        state.pool = pool or await run_in_threadpool(
            RenderPool, project, workers, queue_limit, time_limit)
        try:
            yield
        finally:
            if own:
                await run_in_threadpool(state.pool.close)

    routes = [
        Route("/", state.page, methods=["GET"]),
        Route("/preview", state.preview, methods=["POST"]),
        Route("/download", state.download, methods=["POST"]),
        Route("/clinic-file", state.clinic_file, methods=["POST"]),
        Route("/load-clinic", state.load_clinic, methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        Mount("/fonts", StaticFiles(directory=project.fonts), name="fonts"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)
    if allowed_hosts:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    app.state.guide = state
    return app


class _State:
    def __init__(self, project: Project, choices: Choices):
        self.project, self.choices = project, choices
        self.pool: RenderPool | None = None
        self.ui = ui_languages(project)
        self._envs: dict[str, jinja2.Environment] = {}

    # -- drawing the page ------------------------------------------------------
    def lang(self, request: Request) -> str:
        return choose_language(request.query_params.get("lang"),
                               request.headers.get("accept-language", ""), self.ui)

    def gettext(self, lang: str):
        return ui_translations(self.project, lang).gettext

    def env(self, lang: str) -> jinja2.Environment:
        if lang not in self._envs:
            env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"),
                                     autoescape=True, undefined=jinja2.StrictUndefined,
                                     extensions=["jinja2.ext.i18n"])
            env.policies["ext.i18n.trimmed"] = True
            env.install_gettext_translations(ui_translations(self.project, lang), newstyle=True)
            self._envs[lang] = env
        return self._envs[lang]

    def draw(self, request: Request, lang: str, values: dict | None = None,
             errors: dict | None = None, message: str | None = None,
             status: int = 200) -> HTMLResponse:
        token = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
        _ = self.gettext(lang)
        ui = Locale.parse(lang)
        first_region = next(iter(self.choices.regions.values()), None)
        values = values or {"region": self._default_region(ui, first_region)}
        region = self.choices.regions.get(values.get("region") or "") or first_region
        if "locale" not in values and region:
            values["locale"] = [c for c in region.languages if c in self.choices.languages][:1]
        values.setdefault("layout", ["handout"])
        values.setdefault("profile", DEFAULT_PROFILE.name)
        context = dict(
            lang=lang, direction=ui.text_direction, csrf=token, values=values,
            errors=errors or {}, message=message,
            ui_languages=[(code, _own_name(code), ui_review(self.project, code).is_draft)
                          for code in self.ui],
            ui_draft=ui_review(self.project, lang).is_draft,
            regions=sorted(((code, region_name(r, ui)) for code, r in
                            self.choices.regions.items()), key=lambda pair: pair[1]),
            region_languages={code: list(r.languages) for code, r in
                              self.choices.regions.items()},
            region_countries={code: r.country for code, r in self.choices.regions.items()},
            languages=[(code, _own_name(code), self._status(review, ui, _))
                       for code, review in self.choices.languages.items()],
            not_ready=[_own_name(code) for code in self.choices.not_ready],
            layouts=[(name, _(LAYOUT_WORDS.get(name, name))) for name in LAYOUTS],
            profiles=[(name, _(PROFILE_WORDS.get(name, p.help))) for name, p in
                      PROFILES.items()],
            weekdays=[(code, ui.days["format"]["wide"][i]) for i, code in
                      enumerate(forms.weekday_choices())],
            hour_rows=range(forms.HOUR_ROWS),
            limits=dict(logo=describe_size(MAX_LOGO_BYTES),
                        clinic=describe_size(MAX_DATA_FILE_BYTES),
                        icc=describe_size(MAX_ICC_BYTES)),
        )
        html = self.env(lang).get_template("page.html").render(context)
        response = HTMLResponse(html, status_code=status)
        _set_csrf_cookie(response, token)
        return response

    def _default_region(self, ui: Locale, fallback: Region | None) -> str:
        for code, region in self.choices.regions.items():
            if ui.territory and region.country == ui.territory and region.parent is None:
                return code
        return fallback.code if fallback else ""

    @staticmethod
    def _status(review, ui: Locale, _) -> str:
        if review.status == "reviewed":
            return _("checked by {reviewer}, {month}").format(
                reviewer=review.reviewer, month=_month(review.date, ui))
        return _(REVIEW_WORDS.get(review.status, review.status))

    # -- routes ----------------------------------------------------------------
    async def page(self, request: Request) -> Response:
        return self.draw(request, self.lang(request))

    async def preview(self, request: Request) -> Response:
        lang = self.lang(request)
        _ = self.gettext(lang)
        async with self._form(request, lang) as (form, folder):
            if isinstance(form, Response):
                return form
            try:
                checked = await self._check(form, folder, lang)
            except FormProblems as problems:
                return JSONResponse({"errors": problems.errors}, status_code=422)
            chosen = _preview_choice(form.get("preview"), checked.pamphlets)
            try:
                pages = await self._run(jobs.preview_pages, chosen)
            except PoolBusy:
                return _busy_json(_)
            except GuideError as exc:
                return JSONResponse({"warnings": checked.warnings,
                                     **_render_problem(exc, folder, checked, _)},
                                    status_code=422)
            return JSONResponse({
                "warnings": checked.warnings,
                "title": chosen.target.name,
                "choices": [p.name for p in checked.pamphlets],
                "pages": ["data:image/png;base64," + base64.b64encode(png).decode()
                          for png in pages],
            })

    async def download(self, request: Request) -> Response:
        lang = self.lang(request)
        _ = self.gettext(lang)
        async with self._form(request, lang) as (form, folder):
            if isinstance(form, Response):
                return form
            try:
                checked = await self._check(form, folder, lang)
            except FormProblems as problems:
                return self.draw(request, lang, problems.values, problems.errors,
                                 _("Please correct the problems marked below."), status=422)
            try:
                files = await self._run(jobs.pamphlet_files, checked.pamphlets)
            except PoolBusy:
                return _busy_text(_)
            except GuideError as exc:
                found = _render_problem(exc, folder, checked, _)
                return self.draw(request, lang, checked.values, found.get("errors"),
                                 found.get("message"), status=422)
            if len(files) == 1:
                name, data = files[0]
                return _attachment(data, Path(name).name, "application/pdf")
            archive = await run_in_threadpool(_zip, files)
            region = checked.pamphlets[0].region.code
            return _attachment(archive, f"{region}-pamphlets.zip", "application/zip")

    async def clinic_file(self, request: Request) -> Response:
        lang = self.lang(request)
        _ = self.gettext(lang)
        async with self._form(request, lang) as (form, folder):
            if isinstance(form, Response):
                return form
            try:
                checked = await self._check(form, folder, lang, clinic_required=True)
            except FormProblems as problems:
                return self.draw(request, lang, problems.values, problems.errors,
                                 _("Please correct the problems marked below."), status=422)
            text = forms.clinic_toml(checked.data, checked.logo_name)
            return _attachment(text.encode("utf-8"), "clinic.toml", "application/toml")

    async def load_clinic(self, request: Request) -> Response:
        """Fill the form from an uploaded clinic file (its logo is uploaded on the form)."""
        lang = self.lang(request)
        _ = self.gettext(lang)
        async with self._form(request, lang) as (form, folder):
            if isinstance(form, Response):
                return form
            values = _selection_values(form)
            upload = form.get("clinic_file")
            if not isinstance(upload, UploadFile) or not upload.filename:
                return self.draw(request, lang, values,
                                 {"clinic_file": [_("Choose a clinic file first.")]}, status=422)
            data = await _read_upload(upload, MAX_DATA_FILE_BYTES)
            problem = None
            if data is None:
                problem = _("This file is larger than {limit}; a clinic file is much "
                            "smaller. Is it the right file?").format(
                                limit=describe_size(MAX_DATA_FILE_BYTES))
            else:
                try:
                    parsed = tomllib.loads(data.decode("utf-8"))
                except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as exc:
                    problem = _("This is not a clinic file that can be read: {problem}").format(
                        problem=str(exc)[:200])
            if problem:
                return self.draw(request, lang, values, {"clinic_file": [problem]},
                                 status=422)
            values.update(forms.form_values(parsed))
            errors: dict[str, list[str]] = {}
            if parsed.get("logo"):
                errors["logo"] = [_("The clinic file names a logo ({name}): choose the logo "
                                    "file here.").format(name=str(parsed["logo"])[:80])]
            return self.draw(request, lang, values, errors,
                             _("The form was filled from the clinic file. Check it, then "
                               "preview."))

    # -- the work --------------------------------------------------------------
    def _form(self, request: Request, lang: str):
        return _FormScope(self, request, lang)

    async def _check(self, form: FormData, folder: Path, lang: str,
                     clinic_required: bool = False) -> Request_:
        """Selections and clinic details checked by guide/'s own code; FormProblems if not."""
        _ = self.gettext(lang)
        values = _selection_values(form)
        errors: dict[str, list[str]] = {}
        region = self.choices.regions.get(values["region"])
        if region is None:
            errors.setdefault("region", []).append(_("Choose a region."))
        locales = [c for c in values["locale"] if c in self.choices.languages]
        if not locales or len(locales) != len(values["locale"]):
            errors.setdefault("locale", []).append(_("Choose at least one language."))
        layouts = [name for name in values["layout"] if name in LAYOUTS]
        if not layouts or len(layouts) != len(values["layout"]):
            errors.setdefault("layout", []).append(_("Choose at least one layout."))
        profile = PROFILES.get(values["profile"])
        if profile is None:
            errors.setdefault("profile", []).append(_("Choose how it will be printed."))
        for key, value in form.multi_items():
            if isinstance(value, str) and len(value.encode()) > MAX_TEXT_FIELD_BYTES:
                errors.setdefault(key, []).append(_("This is too long."))
        text = {k: v for k, v in form.multi_items() if isinstance(v, str)}
        note_languages = sorted(self.choices.languages)
        values.update({k: v for k, v in text.items() if k not in ("csrf", "region", "locale",
                                                                  "layout", "profile")})
        data = forms.clinic_data(text, note_languages)
        if region and not data.get("country"):
            data["country"] = region.country
        logo_name = await self._save_logo(form.get("logo"), folder, data, errors, _)
        intent = None
        if profile is not None and profile.needs_intent:
            intent = await self._intent(form.get("icc"), folder, errors, _)
        wants_clinic = clinic_required or logo_name or any(
            data.get(key) for key in ("name", "address", "phones", "hours", "notes", "web"))
        clinic = None
        if wants_clinic:
            clinic, problems = clinic_problems(data, folder / "clinic.toml")
            for where, message in problems:
                name = forms.field_for(where)
                line = forms.line_of(where)
                text_ = _clean(message, folder)
                if line:
                    text_ = _("Line {line}: {problem}").format(line=line, problem=text_)
                errors.setdefault(name, []).append(text_)
        if errors:
            raise FormProblems(errors, values)
        options = BuildOptions(out_dir=folder / "out", profile=profile.name, clinic=clinic,
                               output_intent=intent, project=self.project)
        try:
            pamphlets, failures = plan([region.code], locales, options, layouts=layouts)
        except GuideError as exc:
            raise FormProblems({"profile": [_clean(str(exc), folder)]}, values) from exc
        if failures:
            raise FormProblems({"region": [_clean(str(f.error), folder) for f in failures]},
                               values)
        warnings = region_warnings(region, build_date(pamphlets[0].created if pamphlets
                                                      else None))
        return Request_(pamphlets, warnings, values, data, logo_name)

    async def _save_logo(self, upload, folder: Path, data: dict, errors: dict, _) -> str | None:
        if not isinstance(upload, UploadFile) or not upload.filename:
            return None
        content = await _read_upload(upload, MAX_LOGO_BYTES)
        if content is None:
            errors.setdefault("logo", []).append(_(
                "This logo is larger than {limit}; use a smaller file.").format(
                    limit=describe_size(MAX_LOGO_BYTES)))
            return None
        # Only the extension of the browser's file name is used (it decides how
        # the checker reads the file); the file is saved under a name of ours.
        suffix = Path(upload.filename).suffix.lower()[:8]
        suffix = suffix if suffix.isascii() and suffix[1:].isalnum() else ".bin"
        name = f"logo{suffix}"
        await run_in_threadpool((folder / name).write_bytes, content)
        data["logo"] = name
        return name

    async def _intent(self, upload, folder: Path, errors: dict, _):
        """The print shop's own profile if one was uploaded; else None: the region's standard."""
        if not isinstance(upload, UploadFile) or not upload.filename:
            return None
        content = await _read_upload(upload, MAX_ICC_BYTES)
        if content is None:
            errors.setdefault("icc", []).append(_("This file is larger than {limit}.").format(
                limit=describe_size(MAX_ICC_BYTES)))
            return None
        path = folder / "output-intent.icc"
        await run_in_threadpool(path.write_bytes, content)
        try:
            return await run_in_threadpool(load_output_intent, path)
        except GuideError as exc:
            errors.setdefault("icc", []).append(_clean(str(exc), folder))
            return None

    async def _run(self, function, *args):
        future = self.pool.submit(function, *args)
        return await asyncio.wrap_future(future)


class _FormScope:
    """Parse the form (bounded), check its CSRF token, give it a private folder; clean up."""

    def __init__(self, state: _State, request: Request, lang: str):
        self.state, self.request, self.lang = state, request, lang
        self.form: FormData | None = None
        self.folder: Path | None = None

    async def __aenter__(self):
        _ = self.state.gettext(self.lang)
        self.form = await self.request.form(max_files=4, max_fields=200,
                                            max_part_size=MAX_TEXT_FIELD_BYTES * 4)
        sent, expected = self.form.get("csrf"), self.request.cookies.get(CSRF_COOKIE)
        if not (isinstance(sent, str) and expected and hmac.compare_digest(sent, expected)):
            return PlainTextResponse(_("This form has expired or did not come from this "
                                       "page. Reload the page and try again."),
                                     status_code=403), None
        self.folder = Path(await run_in_threadpool(tempfile.mkdtemp, "", "guide-web-"))
        return self.form, self.folder

    async def __aexit__(self, *exc_info):
        if self.form is not None:
            await self.form.close()
        if self.folder is not None:
            await run_in_threadpool(shutil.rmtree, self.folder, True)
        return False


def _selection_values(form: FormData) -> dict:
    def text(key):
        value = form.get(key)
        return value if isinstance(value, str) else ""

    return {"region": text("region"), "profile": text("profile") or DEFAULT_PROFILE.name,
            "locale": [v for v in form.getlist("locale") if isinstance(v, str)],
            "layout": [v for v in form.getlist("layout") if isinstance(v, str)]}


def _preview_choice(asked, pamphlets: list[Pamphlet]) -> Pamphlet:
    for pamphlet in pamphlets:
        if pamphlet.name == asked:
            return pamphlet
    return pamphlets[0]


async def _read_upload(upload: UploadFile, limit: int) -> bytes | None:
    """The upload's bytes, or None if it is over the limit (read no further than that)."""
    data = bytearray()
    while chunk := await upload.read(64 * 1024):
        data += chunk
        if len(data) > limit:
            return None
    return bytes(data)


def _clean(message: str, folder: Path) -> str:
    """A checker's message without our private folder's path in it."""
    return message.replace(str(folder) + "/", "").replace(str(folder), "")


def _render_problem(exc: GuideError, folder: Path, checked: Request_, _) -> dict:
    """A render failure for the page: beside the logo if the logo caused it, else on top."""
    problem = _clean(str(exc), folder)
    if checked.logo_name and checked.logo_name in problem:
        return {"errors": {"logo": [_(
            "This logo cannot be printed: it uses other files or links, or cannot be "
            "drawn. Save it as a plain PNG or SVG image, and try again. ({problem})").format(
                problem=problem.split("\n")[-1].strip(" -"))]}}
    return {"message": _("The pamphlet could not be made: {problem}").format(problem=problem)}


def _busy_json(_) -> Response:
    return JSONResponse({"message": _busy_words(_)}, status_code=503,
                        headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


def _busy_text(_) -> Response:
    return PlainTextResponse(_busy_words(_), status_code=503,
                             headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


def _busy_words(_) -> str:
    return _("Many pamphlets are being made right now. Please try again in a few seconds.")


def _attachment(data: bytes, name: str, media_type: str) -> Response:
    return Response(data, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _zip(files: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            archive.writestr(name, data)
    return out.getvalue()


def _set_csrf_cookie(response: Response, token: str) -> None:
    # Double-submit: the page carries the token in a hidden field, the browser
    # sends it back as a cookie that other sites can neither read nor send
    # (SameSite=Strict); a POST whose field and cookie differ is refused.
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/")


def _own_name(code: str) -> str:
    """A language named in itself: Español, Polski, العربية."""
    locale = Locale.parse(code)
    name = locale.get_display_name(locale) or code
    return name[:1].upper() + name[1:]


def region_name(region: Region, ui: Locale) -> str:
    country = ui.territories.get(region.country, region.country)
    return f"{country}: {region.area}" if region.area else country


def _month(date: dt.date, ui: Locale) -> str:
    from babel.dates import format_skeleton

    return format_skeleton("yMMMM", date, locale=ui)


class BodyLimit:
    """Refuse a request body over `limit` bytes, by its header or as it streams in."""

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            return await _too_large(self.limit)(scope, receive, send)
        seen, started = 0, False

        async def limited_receive():
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _TooLarge
            return message

        async def tracking_send(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                await _too_large(self.limit)(scope, receive, send)


class _TooLarge(Exception):
    pass


def _too_large(limit: int) -> Response:
    return PlainTextResponse(f"The files sent are larger than {describe_size(limit)} in all; "
                             "a logo and a clinic file are much smaller.", status_code=413)


class SecurityHeaders:
    """Every response: no outside sources, no framing, nothing cached or sniffed."""

    HEADERS = [(b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
               (b"x-content-type-options", b"nosniff"),
               (b"referrer-policy", b"no-referrer"),
               (b"x-frame-options", b"DENY"),
               (b"cache-control", b"no-store")]

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + self.HEADERS
            await send(message)

        await self.app(scope, receive, with_headers)
