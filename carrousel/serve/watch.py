"""Watching the project: rebuild what each saved change affects, warm the workers while nothing changes."""

from __future__ import annotations

import sys
from pathlib import Path

from carrousel.errors import CarrouselError

WATCHED = ("content", "templates", "themes")


def watched(root: Path) -> list[Path]:
    """The folders and the config file to watch, as they exist now."""
    return [root / name for name in (*WATCHED, "carrousel.yaml") if (root / name).exists()]


def watch(site, root: Path, start) -> None:
    """Call start() once the watcher runs (nothing saved meanwhile is missed), then rebuild what each change
    affects, until Ctrl-C. A watched folder or carrousel.yaml that appears or goes away is taken in, and every
    post rebuilt."""
    import watchfiles

    started = False
    while True:
        now = watched(root)
        # step: wait this long for more changes before building (an editor's save is several events);
        # every 50 ms without any, look for a folder or carrousel.yaml that appeared or went away.
        for changes in watchfiles.watch(*now, step=10, debounce=400, rust_timeout=50, yield_on_timeout=True):
            if not started:
                started = True
                start()
            if not changes and watched(root) == now:
                site.notice()  # another build may have written outputs
                if site.warming:
                    site.warm_one()  # nothing saved: a step of warming, so the first edit is quick too
                continue
            try:
                site.request(site.affected(changes) if changes else site.everything())
            except CarrouselError as err:  # the project itself is broken (e.g. a kind's schema)
                print(f"✗ {err.format()}", file=sys.stderr, flush=True)
            if watched(root) != now:
                break  # watch the new set
