"""A render request read: its multipart body within the size and time limits, its options, its files saved."""

from __future__ import annotations

import anyio
from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from carrousel.build.options import BuildOptions
from carrousel.errors import CarrouselError, choices_hint
from carrousel.load.fields import names
from carrousel.load.settings import EXPORTS, FORMATS, MODES, RATIOS, format_name
from carrousel.service.config import Config
from carrousel.service.errors import ServiceError
from carrousel.service.workspace import Writer, is_zip, post_name

POST, ASSETS = "post", "assets"
OPTIONS = ("format", "theme", "mode", "scale", "exports", "allow_overflow", "zip")
MAX_SCALE = 4.0  # 4320 px wide PNGs; the rasterizer refuses much more anyway
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


async def receive(request, config: Config) -> FormData:
    """The request's multipart form, refused past max_request bytes (413) or upload_timeout seconds (408)."""
    kind = request.headers.get("content-type", "")
    if not kind.startswith("multipart/form-data"):
        raise ServiceError(415, "not_multipart", "a render request is multipart/form-data",
                           hint="curl -F post=@my-post.yaml http://127.0.0.1:8080/v1/render -o out.zip")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > config.max_request:
        raise too_large(int(declared), config)

    async def bounded():
        total = 0
        async for chunk in request.stream():
            total += len(chunk)
            if total > config.max_request:
                raise too_large(total, config)
            yield chunk

    # Files are counted by the writer (zip entries too); this bound only stops a flood of parts early.
    parser = MultiPartParser(request.headers, bounded(), max_files=config.max_assets + 2, max_fields=len(OPTIONS) + 4,
                             max_part_size=64 << 10)
    try:
        with anyio.fail_after(config.upload_timeout):
            return await parser.parse()
    except TimeoutError:
        raise ServiceError(408, "upload_timeout", f"the request body took longer than {config.upload_timeout:g} s "
                                                  "to arrive", hint="send it faster, or smaller") from None
    except MultiPartException as err:
        if err.message.startswith("Too many files"):
            raise ServiceError(413, "too_many_assets", f"more than {config.max_assets} assets", field=ASSETS,
                               hint="send only the files the post uses") from None
        raise ServiceError(400, "bad_form", f"the multipart body cannot be read: {err.message}",
                           hint="let your HTTP client build it: curl -F, requests' files=, httpx' files=") from None


def too_large(size: int, config: Config) -> ServiceError:
    """The 413 of a request body over the limit."""
    return ServiceError(413, "request_too_large", f"the request is {size / 1e6:.1f} MB or more; the limit is "
                                                  f"{config.max_request / 1e6:g} MB",
                        hint="send fewer or smaller assets (carrousel api --max-request sets the limit)")


def options(query, form: FormData) -> BuildOptions:
    """The build options from the query string and the form's fields (each given once, in either place)."""
    values = {}
    for source in (query, form):
        for key, value in source.multi_items():
            if key in (POST, ASSETS) and source is form:
                continue
            if key not in OPTIONS:
                raise ServiceError(400, "unknown_option", f"unknown option {key[:40]!r}", field=key[:40],
                                   hint=choices_hint(key, OPTIONS))
            if isinstance(value, UploadFile) or key in values:
                raise ServiceError(400, "bad_option", f"option {key!r} must be given once, as text", field=key)
            values[key] = value.strip()
    fmt, theme, mode = values.get("format") or None, values.get("theme") or None, values.get("mode") or None
    if fmt is not None and fmt not in FORMATS and fmt not in RATIOS:
        raise ServiceError(400, "bad_option", f"unknown format {fmt[:40]!r}", field="format",
                           hint=choices_hint(fmt, list(FORMATS) + list(RATIOS)))
    if mode is not None and mode not in MODES:
        raise ServiceError(400, "bad_option", f"unknown mode {mode[:40]!r}", field="mode",
                           hint=choices_hint(mode, MODES))
    if theme is not None and (len(theme) > 64 or not theme.replace("-", "").replace("_", "").isalnum()):
        raise ServiceError(400, "bad_option", f"theme {theme[:40]!r} is not a theme name", field="theme",
                           hint="GET /v1/themes lists the themes this service offers")
    return BuildOptions(scale=_scale(values.get("scale", "1")), format=format_name(fmt), theme=theme,
                        allow_overflow=_flag(values, "allow_overflow"), zip_pngs=_flag(values, "zip"), mode=mode,
                        exports=_exports(values.get("exports")))


def _exports(text: str | None) -> tuple | None:
    """The `exports` option (pdf,png,jpg…), as the CLI's --export reads it."""
    if not text:
        return None
    try:
        return tuple(names(text, EXPORTS))
    except CarrouselError as err:
        raise ServiceError(400, "bad_option", err.message, field="exports", hint=err.hint) from None


def _scale(text: str) -> float:
    try:
        scale = float(text)
    except ValueError:
        scale = -1.0
    if not 0.1 <= scale <= MAX_SCALE:
        raise ServiceError(400, "bad_option", f"scale {text[:20]!r} must be a number from 0.1 to {MAX_SCALE:g}",
                           field="scale", hint="1 gives 1080 px wide PNGs, 2 gives 2160 px")
    return scale


def _flag(values: dict, key: str) -> bool:
    text = values.get(key, "").lower()
    if text not in _TRUE | _FALSE:
        raise ServiceError(400, "bad_option", f"option {key!r} must be true or false, not {text[:20]!r}", field=key)
    return text in _TRUE


def save(form: FormData, root, config: Config) -> str:
    """Write the form's post and assets into the temporary project root; the post's path relative to root."""
    posts = form.getlist(POST)
    if len(posts) != 1 or not isinstance(posts[0], UploadFile):
        raise ServiceError(400, "missing_post", "send exactly one post file in the field 'post'" if posts else
                           "no post in the request", field=POST,
                           hint="curl -F post=@my-post.yaml (assets: -F assets=@assets.zip)")
    writer = Writer(root, config)
    post = writer.post(post_name(posts[0].filename), posts[0].file)
    for asset in form.getlist(ASSETS):
        if not isinstance(asset, UploadFile):
            raise ServiceError(400, "bad_asset", "an asset was sent as text, not as a file", field=ASSETS,
                               hint="-F 'assets=@chart.png;filename=assets/chart.png'")
        if is_zip(asset.filename, asset.content_type):
            writer.archive(asset.file, asset.filename or "the zip")
        else:
            writer.asset(asset.filename, asset.file)
    return post
