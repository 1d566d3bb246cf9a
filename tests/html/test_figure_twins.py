"""A Markdown post and a YAML post with the same diagram, chart and math give the same slides."""

from __future__ import annotations

import pytest
from graphics_kit import build, project_with

YAML = r"""title: Twins
slides:
  - kind: diagram
    eyebrow: Architecture
    title: The request path, **after**
    mermaid: |
      flowchart LR
        C[Client] --> API
        API -->|hit| R[(Redis)]
        API -->|miss| DB[(Postgres)]
    caption: A miss fills the cache
  - kind: chart
    title: The cache **warms up**
    chart:
      type: line
      labels: [Mon, Tue, Wed, Thu]
      series:
        - {name: hit rate, values: [52, 71, 83, 88]}
      unit: "%"
    caption: 'Most keys are hot by $t = 3$ days'
  - kind: content
    title: The maths
    body: |
      With a hit rate $h$, a read costs

      $$\bar{t} = h \, t_c + (1 - h) \, t_d$$
"""

MARKDOWN = r"""---
title: Twins
---

---
kind: diagram
eyebrow: Architecture
---
# The request path, **after**
```mermaid
flowchart LR
  C[Client] --> API
  API -->|hit| R[(Redis)]
  API -->|miss| DB[(Postgres)]
```
A miss fills the cache

---
kind: chart
---
# The cache **warms up**
```chart
type: line
labels: [Mon, Tue, Wed, Thu]
series:
  - {name: hit rate, values: [52, 71, 83, 88]}
unit: "%"
```
Most keys are hot by $t = 3$ days

---
# The maths
With a hit rate $h$, a read costs

$$\bar{t} = h \, t_c + (1 - h) \, t_d$$
"""


@pytest.mark.parametrize("fmt", ["portrait", "landscape"])
def test_markdown_and_yaml_give_the_same_pngs(tmp_path, fmt):
    project = project_with(tmp_path / "p", {"content/twin.yaml": YAML, "content/twin.md": MARKDOWN})
    from_yaml, from_md = build(project, "twin.yaml", format=fmt), build(project, "twin.md", format=fmt)
    pngs = sorted(rel for rel in from_yaml.files if rel.startswith("png/"))
    assert len(pngs) == 3
    assert [from_md.files[rel] for rel in pngs] == [from_yaml.files[rel] for rel in pngs]
    assert from_md.files["alt.json"] == from_yaml.files["alt.json"]
