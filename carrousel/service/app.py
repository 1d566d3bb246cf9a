"""The HTTP routes: POST /v1/render, GET /v1/themes, /healthz, /readyz and /metrics (an ASGI app for uvicorn)."""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
from contextlib import asynccontextmanager
from functools import wraps
from pathlib import Path

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from carrousel import __version__
from carrousel.errors import CarrouselError
from carrousel.service import access, errors, render, upload
from carrousel.service.config import Config
from carrousel.service.metrics import CONTENT_TYPE, Metrics
from carrousel.service.workers import Busy, Workers
from carrousel.service.workspace import temporary_project

log = logging.getLogger("carrousel.api")


def create_app(config: Config) -> Starlette:
    """The service: its workers are started (and warmed) when the app starts, stopped when it stops."""
    workers = Workers(config)
    metrics = Metrics(workers)
    state = {"scratch": None}

    def guarded(route: str):
        """Token check, refusals as JSON, and each answer counted by status."""
        def wrap(endpoint):
            @wraps(endpoint)
            async def run(request):
                try:
                    access.check_token(request.url.path, request.headers.get("authorization"), config.token)
                    response = await endpoint(request)
                except errors.ServiceError as err:
                    response = errors.from_service(err)
                except Busy as busy:
                    response = errors.from_service(errors.ServiceError(
                        429, "busy", f"all {config.workers} workers are busy and {config.queue} requests wait",
                        hint=f"send it again in {busy.retry_after} s", headers={"Retry-After": str(busy.retry_after)}))
                except CarrouselError as err:
                    response = errors.from_render(err)
                except ClientDisconnect:  # gone before its upload arrived: nobody to answer, counted apart
                    response = Response(status_code=499)
                except Exception as err:  # noqa: BLE001 - a bug answers 500 in one line; the log keeps the rest
                    log.exception("internal error on %s", route)
                    response = errors.body(500, "internal_error", f"internal error: {type(err).__name__}", None, [])
                metrics.requests.labels(route, str(response.status_code)).inc()
                return response
            return run
        return wrap

    @guarded("/v1/render")
    async def render_post(request):
        with workers.admit():
            form = await upload.receive(request, config)
            try:
                options = upload.options(request.query_params, form)
                pdf_only = wants_pdf(request.headers.get("accept", ""))
                with temporary_project(state["scratch"], config.project) as root:
                    post = await anyio.to_thread.run_sync(upload.save, form, root, config)
                    rendered = await workers.render(str(root), post, options, pdf_only)
            finally:
                await form.close()
        metrics.renders.observe(rendered.seconds)
        metrics.pngs.inc(rendered.pngs)
        headers = {"X-Carrousel-Slides": str(rendered.slides), "X-Carrousel-Warnings": str(len(rendered.warnings)),
                   "X-Carrousel-Render-Seconds": f"{rendered.seconds:.3f}", "X-Carrousel-PNGs": str(rendered.pngs)}
        if pdf_only:
            headers["Content-Disposition"] = f'attachment; filename="{rendered.slug}.pdf"'
            return Response(rendered.pdf, media_type="application/pdf", headers=headers)
        data = await anyio.to_thread.run_sync(render.archive, rendered)
        headers["Content-Disposition"] = f'attachment; filename="{rendered.slug}.zip"'
        return Response(data, media_type="application/zip", headers=headers)

    @guarded("/v1/themes")
    async def themes(request):
        from carrousel.layers import Layers
        from carrousel.theme.themes import available, describe

        with temporary_project(state["scratch"], config.project) as root:
            found = available(Layers(root))
            return JSONResponse({"themes": [{"name": name, "description": describe(folder) or None}
                                            for name, folder in found.items()]})

    @guarded("/healthz")
    async def healthz(request):
        return JSONResponse({"status": "ok", "version": __version__})

    @guarded("/readyz")
    async def readyz(request):
        if workers.ready:
            return JSONResponse({"status": "ready", "workers": config.workers})
        return JSONResponse({"status": "starting" if workers.problem is None else "failed",
                             "problem": workers.problem}, status_code=503)

    @guarded("/metrics")
    async def prometheus(request):
        return Response(metrics.text(), media_type=CONTENT_TYPE)

    @asynccontextmanager
    async def lifespan(app):
        # One scratch folder for the whole service: the requests' projects, and whatever a killed worker leaves.
        scratch = state["scratch"] = Path(tempfile.mkdtemp(prefix="carrousel-api-", dir=config.temp))
        tempfile.tempdir = str(scratch)  # inherited by the workers forked from now on
        threading.Thread(target=workers.start, name="carrousel-warm", daemon=True).start()
        try:
            yield
        finally:
            workers.close()
            shutil.rmtree(scratch, ignore_errors=True)

    async def http_error(request, exc: HTTPException):
        response = errors.body(exc.status_code, "not_found" if exc.status_code == 404 else "http_error",
                               str(exc.detail), "POST /v1/render; GET /v1/themes, /healthz, /readyz, /metrics", [],
                               headers=getattr(exc, "headers", None))
        metrics.requests.labels("other", str(exc.status_code)).inc()
        return response

    routes = [Route("/v1/render", render_post, methods=["POST"]), Route("/v1/themes", themes, methods=["GET"]),
              Route("/healthz", healthz, methods=["GET"]), Route("/readyz", readyz, methods=["GET"]),
              Route("/metrics", prometheus, methods=["GET"])]
    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={HTTPException: http_error})
    app.state.workers = workers
    return app


def wants_pdf(accept: str) -> bool:
    """Whether an Accept header prefers the PDF alone to the zip of every output."""
    weights = {}
    for item in accept.split(","):
        kind, *params = [part.strip() for part in item.split(";")]
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        weights[kind.lower()] = max(q, weights.get(kind.lower(), 0.0))
    pdf = weights.get("application/pdf", 0.0)
    return pdf > 0 and pdf > weights.get("application/zip", 0.0)
