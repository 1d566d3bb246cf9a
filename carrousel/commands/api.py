"""`carrousel api`: serve renders over HTTP (POST /v1/render) from a pool of warm workers."""

from __future__ import annotations

import os

from carrousel.errors import CarrouselError

HELP = "run the HTTP render service (POST /v1/render) on 127.0.0.1:8080"


def add_arguments(parser) -> None:
    """Options of `api` (--project: a project whose themes and templates every request may use)."""
    from carrousel.service.config import Config

    default = Config()
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1; beyond "
                                                             "loopback needs CARROUSEL_API_TOKEN or --insecure-bind)")
    parser.add_argument("--port", type=int, default=8080, help="port to listen on (default: 8080)")
    parser.add_argument("--workers", type=int, default=default.workers,
                        help=f"warm render processes (default: one per core, {default.workers} here)")
    parser.add_argument("--queue", type=int, default=None,
                        help="requests waiting for a worker before 429 (default: twice the workers)")
    parser.add_argument("--timeout", type=float, default=default.timeout,
                        help=f"seconds one render may take before 504 (default: {default.timeout:g})")
    parser.add_argument("--memory", default=None, help="address space of one render process: 2G, 768M (default: "
                                                       "CARROUSEL_RENDER_MEMORY, else 2G)")
    parser.add_argument("--max-request", type=float, default=default.max_request / 1e6, metavar="MB",
                        help=f"largest request body in MB (default: {default.max_request / 1e6:g})")
    parser.add_argument("--max-assets", type=int, default=default.max_assets,
                        help=f"files sent beside a post, zip entries included (default: {default.max_assets})")
    parser.add_argument("--max-asset", type=float, default=default.max_asset / 1e6, metavar="MB",
                        help=f"largest asset in MB, unzipped (default: {default.max_asset / 1e6:g})")
    parser.add_argument("--max-slides", type=int, default=default.max_slides,
                        help=f"slides of one post (default: {default.max_slides})")
    parser.add_argument("--insecure-bind", action="store_true",
                        help="listen beyond loopback without a token (when a proxy in front checks who calls)")
    parser.add_argument("--access-log", action="store_true", help="print one line per request")


def run(args) -> int:
    """Check the settings, then serve until stopped (Ctrl-C or SIGTERM)."""
    from carrousel import limits
    from carrousel.service.access import check_bind
    from carrousel.service.config import Config, token_from_env

    if args.workers < 1 or (args.queue is not None and args.queue < 0) or args.timeout <= 0:
        raise CarrouselError("--workers must be at least 1, --queue at least 0, --timeout more than 0",
                             hint="carrousel api --workers 2 --queue 4 --timeout 30")
    token = token_from_env()
    check_bind(args.host, token, args.insecure_bind)
    if args.memory is not None:
        os.environ["CARROUSEL_RENDER_MEMORY"] = args.memory
    # The render processes' own children (rasterizing) read the limits from the environment.
    os.environ["CARROUSEL_RENDER_TIMEOUT"] = f"{args.timeout:g}"
    project = None
    if args.project is not None:
        from carrousel.build.project import Project

        project = Project.at(args.project).root  # a real project, or the usual one-line refusal
    config = Config(workers=args.workers, queue=2 * args.workers if args.queue is None else args.queue,
                    max_request=int(args.max_request * 1e6), max_assets=args.max_assets,
                    max_asset=int(args.max_asset * 1e6), max_slides=args.max_slides, timeout=args.timeout,
                    memory=limits.memory_limit(), token=token, project=project)
    serve(config, args.host, args.port, args.access_log)
    return 0


def serve(config, host: str, port: int, access_log: bool = False) -> None:
    """Listen on host:port (0: any free port, printed), then run the service under uvicorn until it is stopped."""
    import uvicorn

    # The pipeline's modules are imported here, once: every worker forked later starts with them.
    import carrousel.build.pipeline  # noqa: F401
    from carrousel.service.app import create_app

    sock = listen(host, port)
    shown = f"[{host}]" if ":" in host else host
    print(f"carrousel api on http://{shown}:{sock.getsockname()[1]}/ ({config.workers} workers, queue "
          f"{config.queue}, token {'required' if config.token else 'off'}); Ctrl-C stops it", flush=True)
    server = uvicorn.Server(uvicorn.Config(create_app(config), log_level="warning", access_log=access_log,
                                           timeout_graceful_shutdown=int(config.timeout) + 5, server_header=False))
    server.run(sockets=[sock])


def listen(host: str, port: int):
    """A listening socket on host:port, or a one-line error (port taken, unknown host)."""
    import socket

    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError as err:
        raise CarrouselError(f"cannot listen on {host}:{port}: {err.strerror or err}",
                             hint="pick another --port (0: any free one), or stop what uses it") from None
    return sock
