"""Properties: whatever bytes or YAML a post holds, loading (and rendering to HTML) either works or ends in a
CarrouselError that says where; never another exception."""

from __future__ import annotations

import string

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carrousel.errors import CarrouselError
from helpers import make_project, prepare, project_at

EXAMPLES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                              HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def proj(tmp_path_factory):
    """One empty project for every example."""
    return project_at(make_project(tmp_path_factory.mktemp("prop") / "project"))


def attempt(proj, data: bytes, name: str = "p.yaml") -> None:
    """Load and render the post; only a located CarrouselError may come out."""
    path = proj.root / "content" / name
    path.write_bytes(data)
    try:
        prepare(path, proj)
    except CarrouselError as err:
        assert err.file, err.format()
        for each in getattr(err, "errors", [err]):  # a post's errors all at once: one line each
            assert "\n" not in each.format()


@EXAMPLES
@given(data=st.binary(max_size=2000))
def test_any_bytes(proj, data):
    attempt(proj, data)


@EXAMPLES
@given(data=st.binary(max_size=500).map(lambda b: b"title: T\nslides:\n  - kind: cover\n    title: " + b))
def test_any_bytes_inside_a_valid_start(proj, data):
    attempt(proj, data)


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40))
documents = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=5),
                                                          st.dictionaries(st.text(max_size=10), inner, max_size=5)),
                         max_leaves=30)


@EXAMPLES
@given(doc=documents)
def test_any_yaml_document(proj, doc):
    attempt(proj, yaml.safe_dump(doc, allow_unicode=True).encode("utf-8"))


# Text that exercises Markdown, components, raw HTML, emoji and odd characters.
pieces = st.sampled_from(["**b**", "`c`", "<script>x</script>", "<img src=/etc/passwd>", "[[tag]]", "!!! annotation\n",
                          "- item\n", "> q\n", "# h\n", "🚀", "\u202e", "\t", "{{ x }}", "{% raw %}", "&amp;", "\\",
                          "![i](../../x.png)", "[l](javascript:alert(1))", "\n\n", ":lucide:database:"])
texts = st.lists(st.one_of(pieces, st.text(alphabet=string.printable, max_size=15)), max_size=6).map("".join)


@st.composite
def posts(draw, kinds):
    """Post-shaped documents: known kinds and field names, any texts."""
    slides = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(sorted(kinds)))
        names = sorted(kinds[kind].fields)
        fields = draw(st.dictionaries(st.sampled_from(names), texts, max_size=len(names))) if names else {}
        slides.append({"kind": kind, **fields})
    post = {"title": draw(texts), "slides": slides}
    if draw(st.booleans()):
        post["allow_html"] = draw(st.booleans())
    return post


@EXAMPLES
@given(data=st.data())
def test_any_post_shaped_document(proj, data):
    post = data.draw(posts(proj.kinds))
    attempt(proj, yaml.safe_dump(post, allow_unicode=True).encode("utf-8"))
