"""Refusals as JSON: one shape for every error the service answers, with the CLI's fields for a post's errors."""

from __future__ import annotations

from starlette.responses import JSONResponse

from carrousel import limits
from carrousel.errors import CarrouselError

FIELDS = ("file", "line", "slide", "kind", "field", "message", "hint")


class ServiceError(Exception):
    """A refusal of the service itself (a limit, a malformed request), answered with `status`."""

    def __init__(self, status: int, code: str, message: str, hint: str | None = None, field: str | None = None,
                 headers: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.hint, self.field = status, code, message, hint, field
        self.headers = headers or {}


def entry(err: CarrouselError) -> dict:
    """A CarrouselError as the JSON object of one error: the CLI's fields, and `text`, the CLI's line."""
    return {**{name: getattr(err, name) for name in FIELDS}, "text": err.format()}


def render_failure(err: CarrouselError) -> tuple[int, str, str]:
    """(status, code, top-level hint) for an error raised by a render."""
    if isinstance(err, limits.TooLong):
        return 504, "render_timeout", "the service stops a render at its time limit (carrousel api --timeout)"
    if isinstance(err, limits.Died):
        return 500, "worker_died", "the render worker was replaced; send the request again, and if it dies again " \
                                   "the post is what kills it"
    if isinstance(err, TooManySlides):
        return 413, "too_many_slides", err.hint
    if isinstance(err, limits.OutOfMemory):
        return 413, "render_memory", "the service bounds each render's memory (carrousel api --memory)"
    return 422, "invalid_post", err.hint


def from_render(err: CarrouselError) -> JSONResponse:
    """The answer to a render that failed: 422 for the post's errors, 504/413/500 for the limits and a dead worker."""
    status, code, hint = render_failure(err)
    return body(status, code, err.format() if status == 422 else err.message, hint, [entry(err)])


def from_service(err: ServiceError) -> JSONResponse:
    """The answer to a refusal of the service."""
    one = {name: None for name in FIELDS} | {"field": err.field, "message": err.message, "hint": err.hint}
    one["text"] = CarrouselError(err.message, field=err.field, hint=err.hint).format()
    return body(err.status, err.code, err.message, err.hint, [one], err.headers)


def body(status: int, code: str, message: str, hint: str | None, errors: list, headers: dict | None = None):
    """The JSON answer every error shares: status, code, message, hint, and the list of errors."""
    return JSONResponse({"status": status, "code": code, "message": message, "hint": hint, "errors": errors},
                        status_code=status, headers=headers)


class TooManySlides(CarrouselError):
    """A post with more slides than the service renders (answered 413)."""
