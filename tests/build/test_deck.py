"""Rendering a prepared post on two cores gives the bytes of one: PNGs from a PDF of some pages or of the deck."""

import resource

from helpers import build, make_project, project_at
from samples import POST


def test_one_post_on_two_processes_gives_the_bytes_of_one_process(tmp_path):
    # Six slides: with two processes, the first four are rasterized in a child from a PDF of just those pages,
    # while this process lays out the rest and writes the deck's PDF; with one, every PNG comes from the deck's PDF.
    more = "".join(f"  - kind: cover\n    title: Extra {n}\n    subtitle: Slide {n + 3}\n" for n in range(1, 4))
    root = make_project(tmp_path / "p", {"content/demo.yaml": POST.replace("  - kind: end", more + "  - kind: end")})
    project = project_at(root)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    serial = build(root / "content" / "demo.yaml", project, processes=1).files
    # Alone, a render forks nothing (forking a warm process costs more than the contact sheet it would overlap).
    assert resource.getrusage(resource.RUSAGE_CHILDREN) == children
    parallel = build(root / "content" / "demo.yaml", project, processes=2).files
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime > children.ru_utime
    assert len([name for name in serial if name.startswith("png/")]) == 6
    assert sorted(parallel) == sorted(serial)
    for name, data in serial.items():
        assert parallel[name] == data, name
