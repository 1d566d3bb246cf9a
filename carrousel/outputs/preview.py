"""HTML preview pages: a carousel viewer per post and an index of every post."""

from __future__ import annotations

import jinja2

from carrousel.layers import Layers


_ENVIRONMENTS: dict = {}


def environment(layers: Layers) -> jinja2.Environment:
    """The Jinja environment of the preview pages (templates/preview/: the project's, then the built-in ones).

    Kept by the folders that exist, so that projects without preview templates of their own (every request of
    the service is a new one) share the built-in pages compiled once (~18 ms a post); Jinja reloads an edited
    template by its modification time."""
    folders = tuple(str(folder / "preview") for folder in layers.templates() if (folder / "preview").is_dir())
    env = _ENVIRONMENTS.get(folders)
    if env is None:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(list(folders)), autoescape=True,
                                 undefined=jinja2.StrictUndefined)
        while len(_ENVIRONMENTS) >= 8:
            _ENVIRONMENTS.pop(next(iter(_ENVIRONMENTS)))
        _ENVIRONMENTS[folders] = env
    return env


def post_page(layers: Layers, summary: dict, slides: list[dict], downloads=(), zones=()) -> str:
    """The viewer page of one post or variant (summary as in post.json; slides: [{number, png, kind, warnings}];
    downloads: [{label, href, current}]; zones: each platform's safe zones, [{name, label, zones}])."""
    up = "../../" if summary["variant"] else "../"
    return environment(layers).get_template("post.html").render(
        title=summary["title"], slug=summary["slug"], lang=summary["lang"],
        slides=slides, pdf=f"{summary['slug']}.pdf", width=summary["width"], height=summary["height"], up=up,
        variant=summary["variant"], downloads=list(downloads), zones=list(zones))


def index_page(layers: Layers, posts: list[dict]) -> str:
    """The page listing every built post (posts: [{slug, title, slides, cover}])."""
    return environment(layers).get_template("index.html").render(posts=posts)
