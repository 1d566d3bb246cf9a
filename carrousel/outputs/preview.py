"""HTML preview pages: a carousel viewer per post and an index of every post."""

from __future__ import annotations

from pathlib import Path

import jinja2


def environment(project: Path) -> jinja2.Environment:
    """The Jinja environment of the project's preview pages (templates/preview/)."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(project / "templates" / "preview")),
                              autoescape=True, undefined=jinja2.StrictUndefined)


def post_page(project: Path, title: str, slug: str, lang: str, slides: list[dict], pdf_name: str) -> str:
    """The viewer page of one post (slides: [{number, png, kind}])."""
    return environment(project).get_template("post.html").render(title=title, slug=slug, lang=lang, slides=slides,
                                                          pdf=pdf_name)


def index_page(project: Path, posts: list[dict]) -> str:
    """The page listing every built post (posts: [{slug, title, slides, cover}])."""
    return environment(project).get_template("index.html").render(posts=posts)
