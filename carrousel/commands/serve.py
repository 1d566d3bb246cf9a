"""`carrousel serve`: preview server that rebuilds what changed and reloads the open tab."""

from __future__ import annotations

import signal

HELP = "preview server: watch the project, rebuild what changed, reload the browser"


def add_arguments(parser) -> None:
    """Options of `serve`."""
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default: 127.0.0.1, this machine only)")
    parser.add_argument("--scale", type=float, default=1, help="PNG scale, as for build")
    parser.add_argument("--theme", help="theme for every post (wins over the post and carrousel.yaml)")
    parser.add_argument("--mode", choices=("light", "dark"), help="light or dark, for every post (wins over the "
                                                                  "post and carrousel.yaml)")


def run(args) -> int:
    """Build everything, serve output/, rebuild on change until Ctrl-C."""
    from carrousel import commands
    from carrousel.build.options import BuildOptions
    from carrousel.serve import server
    from carrousel.serve.hub import Hub
    from carrousel.serve.site import Site
    from carrousel.serve.watch import WATCHED, watch

    root = commands.project(args).root
    hub = Hub()
    site = Site(root, hub, BuildOptions(scale=args.scale, theme=args.theme, mode=args.mode))
    servers = []

    def start() -> None:
        site.build_all(site.project.posts())
        httpd = server.start(site.project.output, hub, args.host, args.port)
        servers.append(httpd)
        host, port = httpd.server_address[:2]
        print(f"serving http://{host}:{port}/ — watching {', '.join(WATCHED)} and carrousel.yaml; Ctrl-C to stop",
              flush=True)

    signal.signal(signal.SIGTERM, _interrupt)  # stopped by a service manager or an IDE: leave as on Ctrl-C
    try:
        watch(site, root, start)
    except KeyboardInterrupt:
        pass
    finally:
        site.close()
        for httpd in servers:
            httpd.shutdown()
    return 0


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt
