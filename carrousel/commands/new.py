"""`carrousel new DIR`: start a project: two example posts, carrousel.yaml, .gitignore, editor schema."""

from __future__ import annotations

import shutil
from pathlib import Path

from carrousel.errors import CarrouselError

HELP = "start a new project in DIR: example posts, carrousel.yaml, .gitignore, the schema for editors"
STARTER = Path(__file__).resolve().parent.parent / "starter"
RENAMED = {"gitignore": ".gitignore", "vscode-settings.json": ".vscode/settings.json"}


def add_arguments(parser) -> None:
    """Options of `new`."""
    parser.add_argument("folder", type=Path, help="the folder to create (it must not exist, or be empty)")


def run(args) -> int:
    """Write the starter project into args.folder and print the next commands."""
    from carrousel.build.project import Project
    from carrousel.commands.schema import render

    folder = args.folder
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise CarrouselError("refused: the folder is not empty", file=str(folder),
                             hint="choose a new folder name; nothing was written")
    for source in sorted(STARTER.rglob("*")):
        if source.is_file():
            rel = source.relative_to(STARTER).as_posix()
            target = folder / RENAMED.get(rel, rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    (folder / ".carrousel").mkdir(exist_ok=True)
    (folder / ".carrousel" / "post.schema.json").write_text(render(Project.at(folder)), encoding="utf-8")
    print(f"✓ new project in {folder}/: content/first-post.yaml, content/second-post.md, carrousel.yaml\n\n"
          f"  cd {folder}\n  carrousel build        # output/first-post/first-post.pdf and PNGs\n"
          f"  carrousel serve        # live preview on http://127.0.0.1:8000/")
    return 0
