"""Preview pages: a viewer per post and output/index.html listing every post, with post.json beside them."""

import json

from helpers import REFERENCE


def test_preview_and_index(reference):
    page = (reference / "index.html").read_text(encoding="utf-8")
    assert f"{REFERENCE}.pdf" in page and "png/09.png" in page
    index = (reference.parent / "index.html").read_text(encoding="utf-8")
    assert f"{REFERENCE}/index.html" in index and f"{REFERENCE}/png/01.png" in index
    summary = json.loads((reference / "post.json").read_text(encoding="utf-8"))
    assert summary["slides"] == 9
    assert (summary["slug"], summary["source"], summary["cover"]) == (REFERENCE, f"content/{REFERENCE}.yaml",
                                                                      "png/01.png")
