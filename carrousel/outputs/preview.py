"""HTML preview pages: a carousel viewer per post and an index of every post."""

from __future__ import annotations

import jinja2

from carrousel.layers import Layers


def environment(layers: Layers) -> jinja2.Environment:
    """The Jinja environment of the preview pages (templates/preview/: the project's, then the built-in ones)."""
    folders = [str(folder / "preview") for folder in layers.templates()]
    return jinja2.Environment(loader=jinja2.FileSystemLoader(folders), autoescape=True,
                              undefined=jinja2.StrictUndefined)


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
