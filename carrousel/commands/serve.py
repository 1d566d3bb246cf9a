"""`carrousel serve`: preview server that rebuilds what changed and reloads the open tab."""

from __future__ import annotations

import gc
import os
import signal
import sys
import time
from pathlib import Path

from carrousel.errors import CarrouselError

HELP = "preview server: watch the project, rebuild what changed, reload the browser"
WATCHED = ("content", "templates", "themes")


def add_arguments(parser) -> None:
    """Options of `serve`."""
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default: 127.0.0.1, this machine only)")
    parser.add_argument("--scale", type=float, default=1, help="PNG scale, as for build")


class Site:
    """The project as the server sees it: builds posts in this process (a warm renderer) and tells the hub."""

    def __init__(self, root: Path, hub, scale: float):
        from carrousel.build.cache import Cache

        self.root, self.hub, self.scale = root, hub, scale
        self.cache = Cache(root)
        self.project = None
        self.reload_project()

    def reload_project(self) -> None:
        """Read the project's kinds again (templates may have changed)."""
        from carrousel.build.pipeline import Project

        self.project = Project.at(self.root)

    def build(self, path: Path) -> bool:
        """Build one post; on failure keep its last good outputs and report the error."""
        from carrousel.load.post import slugify
        from carrousel.build.pipeline import build_post, write_built, write_index

        slug = slugify(path.stem)
        start = time.perf_counter()
        shown = {}  # slide number -> when its new PNG was written and the tabs told (perf_counter)
        gc.disable()  # a full collection over the kept layouts would land in the middle of an edit's latency
        try:
            built = build_post(path, self.project, scale=self.scale, cache=self.cache, processes=os.cpu_count() or 1,
                               on_pngs=lambda slug, pngs: shown.update(self.show_early(slug, path, pngs)))
            folder = self.project.output / built.post.slug
            same_page = _holds(folder / "index.html", built.files["index.html"].encode("utf-8"))
            # What the tab shows is what is on disk: a slide whose PNG came from the cache may differ too.
            changed = [number for number in range(1, len(built.post.slides) + 1) if number not in shown
                       and not _holds(folder / "png" / f"{number:02d}.png", built.files[f"png/{number:02d}.png"])]
            write_built(built, self.project, self.cache)
            write_index(self.project)
        except CarrouselError as err:
            self.hub.failed(slug, err.at(file=str(path.relative_to(self.root))))
            print(f"✗ {err.format()}", file=sys.stderr, flush=True)
            return False
        except Exception as err:  # noqa: BLE001 - the server keeps running; the tab shows what happened
            error = CarrouselError(f"internal error: {type(err).__name__}: {err}", file=str(path.name))
            self.hub.failed(slug, error)
            print(f"✗ {error.format()}", file=sys.stderr, flush=True)
            return False
        finally:
            gc.enable()
        # The same preview page: the open tab swaps the changed slides' images; otherwise it reloads.
        self.hub.built(built.post.slug, changed if same_page else None)
        first = f"slide {', '.join(map(str, sorted(shown)))} shown in {max(shown.values()) - start:.2f}s, " \
            if shown else ""
        print(f"✓ {built.post.slug}: {first}{built.rendered} of {len(built.post.slides)} slides rendered "
              f"in {time.perf_counter() - start:.2f}s", flush=True)
        gc.collect()  # now, while the author reads the slide
        return True

    def show_early(self, slug: str, path: Path, pngs: dict) -> dict:
        """Write a post's re-rendered PNGs before the rest of its build and tell the tabs: {number shown: when}."""
        from carrousel.outputs import write as outputs

        folder = self.project.output / slug
        source = str(path.resolve().relative_to(self.root))
        try:
            with outputs.locked(self.project.output):
                outputs.check_target(self.project.output, slug, source)
                if not (folder / "post.json").is_file():
                    return {}  # never built yet: the whole build comes first
                for number, data in pngs.items():
                    outputs.write_atomic(folder / "png" / f"{number:02d}.png", data)
        except CarrouselError:
            return {}  # another post's folder: the full build reports it
        self.hub.slides(slug, sorted(pngs))
        return dict.fromkeys(pngs, time.perf_counter())

    def affected(self, changes) -> list[Path]:
        """The posts to rebuild for a set of changed paths: the posts themselves, or all when shared files changed."""
        posts = []
        everything = False
        for _, name in changes:
            path = Path(name)
            rel = path.relative_to(self.root) if self.root in path.parents else path
            top = rel.parts[0] if rel.parts else ""
            if top == "content" and len(rel.parts) == 2 and path.suffix in (".yaml", ".yml", ".md"):
                if path.is_file():
                    posts.append(path)
            elif not any(part.startswith(".") for part in rel.parts):
                everything = True  # a template, theme, asset or the config
        return self.everything() if everything else sorted(set(posts))

    def everything(self) -> list[Path]:
        """Every post, with the project's kinds and settings read again (shared files changed)."""
        self.reload_project()
        return self.project.posts()


def _holds(path: Path, data: bytes) -> bool:
    """Whether the file holds exactly data."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def run(args) -> int:
    """Build everything, serve output/, rebuild on change until Ctrl-C."""
    from carrousel.serve import server

    root = args.project.resolve()
    hub = server.Hub()
    site = Site(root, hub, args.scale)
    servers = []

    def start() -> None:
        for path in site.project.posts():
            site.build(path)
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
        for httpd in servers:
            httpd.shutdown()
    return 0


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _watched(root: Path) -> list[Path]:
    """The folders and the config file to watch, as they exist now."""
    return [root / name for name in (*WATCHED, "carrousel.yaml") if (root / name).exists()]


def watch(site: Site, root: Path, start) -> None:
    """Call start() once the watcher runs (nothing saved meanwhile is missed), then rebuild what each change
    affects, until Ctrl-C. A watched folder or carrousel.yaml that appears or goes away is taken in, and every
    post rebuilt."""
    import watchfiles

    started = False
    while True:
        watched = _watched(root)
        # step: wait this long for more changes before building (an editor's save is several events);
        # every 50 ms without any, look for a folder or carrousel.yaml that appeared or went away.
        for changes in watchfiles.watch(*watched, step=10, debounce=400, rust_timeout=50, yield_on_timeout=True):
            if not started:
                started = True
                start()
            if not changes and _watched(root) == watched:
                continue
            try:
                posts = site.affected(changes) if changes else site.everything()
                for path in posts:
                    site.build(path)
            except CarrouselError as err:  # the project itself is broken (e.g. a kind's schema)
                print(f"✗ {err.format()}", file=sys.stderr, flush=True)
            if _watched(root) != watched:
                break  # watch the new set
