"""The build cache: keys that change with each input and only then, one edited slide re-rendered alone, an
unchanged post skipped, and outputs byte for byte those of a full build."""

from __future__ import annotations

import shutil

import pytest

from carrousel.build.cache import Cache, digest
from helpers import build_one, files_in, make_project, options_key, pdf_texts, prepare, project_at, run_cli
from samples import POST

EDITED = POST.replace("Only what changed", "Only the slide that changed")


# --- keys ------------------------------------------------------------------------------------------------------

def test_digest_is_stable_and_counts_boundaries():
    assert digest("ab", "c") == digest("ab", "c") == digest(b"ab", b"c")
    assert digest("ab", "c") != digest("a", "bc") != digest("abc")
    assert len(digest()) == 64


def test_each_build_option_changes_the_options_key():
    base = options_key()
    assert options_key() == base and options_key(scale=1.0) == base
    changed = [options_key(scale=2), options_key(format="square"), options_key(allow_overflow=True),
               options_key(zip_pngs=True)]
    assert len({base, *changed}) == 5


@pytest.fixture
def keyed(tmp_path):
    """A project with the demo post and an asset file, and a function giving the post's input key."""
    root = make_project(tmp_path / "p", {"content/demo.yaml": POST, "content/assets/a.png": b"png"})
    cache = Cache(root)

    def key(options=None):
        return cache.input_key(root / "content" / "demo.yaml", options or options_key(), ["content/assets/a.png"])
    return root, key


@pytest.mark.parametrize("change", ["post", "settings", "template", "new template", "theme", "asset", "options"])
def test_each_input_changes_the_post_input_key(keyed, change):
    root, key = keyed
    before = key()
    assert key() == before  # same inputs, same key
    edits = {"post": ("content/demo.yaml", EDITED), "settings": ("carrousel.yaml", "lang: fr\n"),
             "template": ("templates/slides/cover.html", None), "new template": ("templates/notes.txt", "x"),
             "theme": ("themes/terminal/theme.css", None), "asset": ("content/assets/a.png", "other png")}
    if change == "options":
        assert key(options_key(format="story")) != before
        return
    rel, text = edits[change]
    path = root / rel
    path.write_text(text if text is not None else path.read_text(encoding="utf-8") + "\n/* edited */\n",
                    encoding="utf-8")
    assert key() != before


def test_a_file_outside_templates_themes_and_the_post_does_not_count(keyed):
    root, key = keyed
    before = key()
    (root / "content" / "other.yaml").write_text(POST, encoding="utf-8")
    (root / "README.md").write_text("notes", encoding="utf-8")
    assert key() == before


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """The demo post prepared as written, with its second slide edited, and at scale 2."""
    root = make_project(tmp_path_factory.mktemp("keys") / "project", {"content/demo.yaml": POST})
    project = project_at(root)
    path = root / "content" / "demo.yaml"
    first, again, double = prepare(path, project), prepare(path, project), prepare(path, project, scale=2)
    path.write_text(EDITED, encoding="utf-8")
    return first, again, double, prepare(path, project)


def test_slide_keys_change_only_for_the_edited_slide(prepared):
    first, again, _, edited = prepared
    assert (first.slide_keys, first.png_keys, first.pdf_key) == (again.slide_keys, again.png_keys, again.pdf_key)
    assert len(set(first.slide_keys)) == 3
    assert [a == b for a, b in zip(first.slide_keys, edited.slide_keys)] == [True, False, True]
    assert [a == b for a, b in zip(first.png_keys, edited.png_keys)] == [True, False, True]
    assert edited.pdf_key != first.pdf_key


def test_the_png_scale_changes_png_keys_not_layouts(prepared):
    first, _, double, _ = prepared
    assert double.slide_keys == first.slide_keys and double.pdf_key == first.pdf_key
    assert not set(double.png_keys) & set(first.png_keys)


def test_the_cache_keeps_bytes_by_key_and_a_forced_build_reads_none(tmp_path):
    cache = Cache(tmp_path)
    assert cache.get("ab" * 32, ".png") is None
    cache.put("ab" * 32, ".png", b"bytes")
    assert cache.get("ab" * 32, ".png") == b"bytes" and cache.get("ab" * 32, ".pdf") is None
    assert Cache(tmp_path, enabled=False).get("ab" * 32, ".png") is None
    Cache(tmp_path, store=False).put("cd" * 32, ".png", b"x")
    assert cache.get("cd" * 32, ".png") is None


def test_known_posts_last_as_long_as_the_listing_of_content(tmp_path):
    root = make_project(tmp_path / "p", {"content/a.yaml": POST, "content/notes.txt": "x"})
    cache = Cache(root)
    assert cache.known_posts() is None
    cache.remember_posts([root / "content" / "a.yaml"])
    assert cache.known_posts() == [root / "content" / "a.yaml"]
    (root / "content" / "b.md").write_text("---\ntitle: B\n---\n", encoding="utf-8")
    assert cache.known_posts() is None  # a new file may be a post: look again
    assert Cache(root, enabled=False).known_posts() is None


# --- builds ----------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A small project built cold, then by the CLI with nothing changed (its imports timed), then with its second
    slide edited, then with --force."""
    root = make_project(tmp_path_factory.mktemp("cache") / "project", {"content/demo.yaml": POST})
    cold = build_one(root, "content/demo.yaml")
    Cache(root).remember_posts(project_at(root).posts())  # as `build` without arguments does
    noop = run_cli(root, "--jobs", "1", python=("-X", "importtime"))
    (root / "content/demo.yaml").write_text(EDITED, encoding="utf-8")
    edit = build_one(root, "content/demo.yaml")
    incremental = files_in(root / "output/demo")
    force = build_one(root, "content/demo.yaml", force=True)
    return {"root": root, "cold": cold, "noop": noop, "edit": edit, "force": force, "incremental": incremental,
            "full": files_in(root / "output/demo")}


def test_cold_build_renders_every_slide(built):
    assert built["cold"].ok and built["cold"].line.startswith("✓ demo: 3 slides (rendered) in ")


def test_unchanged_post_is_not_rendered(built):
    assert built["noop"].returncode == 0, built["noop"].stderr
    assert built["noop"].stdout.strip() == "✓ demo: unchanged"


def test_noop_build_does_not_import_weasyprint(built):
    imports = built["noop"].stderr
    assert "carrousel.build.cache" in imports  # the import log is there…
    assert "weasyprint" not in imports and "jinja2" not in imports  # …without the renderer


def test_one_edited_slide_renders_one_slide(built):
    assert built["edit"].line.startswith("✓ demo: 3 slides (1 rendered) in ")


def test_incremental_outputs_are_byte_identical_to_a_full_build(built):
    assert built["force"].line.startswith("✓ demo: 3 slides (rendered) in ")
    assert sorted(built["incremental"]) == sorted(built["full"])
    assert any(name.endswith(".pdf") for name in built["full"])
    for name, data in built["full"].items():
        assert built["incremental"][name] == data, name


def test_edited_text_is_in_the_pdf(built):
    texts = pdf_texts(built["full"]["demo.pdf"])
    assert len(texts) == 3
    assert "Only the slide that changed" in texts[1]


def test_template_change_rerenders_and_deleted_outputs_come_back(tmp_path):
    root = make_project(tmp_path / "p", {"content/demo.yaml": POST})
    assert build_one(root, "content/demo.yaml").ok
    png = root / "output/demo/png/02.png"
    before = png.read_bytes()
    # A new file under templates/ may matter: the post is checked again, but its slides are the same.
    (root / "templates/notes.txt").write_text("unused", encoding="utf-8")
    assert "demo: 3 slides (unchanged)" in build_one(root, "content/demo.yaml").line
    # A theme change reaches every slide.
    css = root / "themes/terminal/theme.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.slide { letter-spacing: 0 }\n", encoding="utf-8")
    assert "demo: 3 slides (rendered)" in build_one(root, "content/demo.yaml").line
    # Outputs removed by hand: the post is no longer up to date, and its outputs are written again from the cache.
    cache, key = Cache(root), options_key()
    assert cache.up_to_date(root / "content/demo.yaml", key) is not None
    shutil.rmtree(root / "output")
    assert cache.up_to_date(root / "content/demo.yaml", key) is None
    restored = build_one(root, "content/demo.yaml")
    assert "demo: 3 slides (unchanged)" in restored.line
    assert png.read_bytes() == before


def test_broken_post_keeps_last_good_output(tmp_path):
    root = make_project(tmp_path / "p", {"content/demo.yaml": POST})
    assert build_one(root, "content/demo.yaml").ok
    pdf = (root / "output/demo/demo.pdf").read_bytes()
    (root / "content/demo.yaml").write_text(POST.replace("kind: end", "kind: nope"), encoding="utf-8")
    broken = build_one(root, "content/demo.yaml")
    assert not broken.ok
    assert broken.line.startswith("✗ content/demo.yaml:") and "slide 3" in broken.line
    assert (root / "output/demo/demo.pdf").read_bytes() == pdf
