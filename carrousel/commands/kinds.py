"""`carrousel kinds [KIND]`: the slide kinds, with their fields and an example."""

from __future__ import annotations

from carrousel.errors import CarrouselError, choices_hint

HELP = "list the slide kinds (with KIND: its fields and an example)"


def add_arguments(parser) -> None:
    """Options of `kinds`."""
    parser.add_argument("kind", nargs="?", help="show this kind's fields and example")


def _field(name: str, spec: dict) -> str:
    what = spec["type"] + (" (required)" if spec.get("required") else "")
    if spec.get("choices"):
        what += ": " + " | ".join(map(str, spec["choices"]))
    if spec.get("item"):
        what += " of {" + ", ".join(spec["item"]) + "}"
    return f"  {name:<12} {what}"


def run(args) -> int:
    """Print the kinds, or one kind in full."""
    from carrousel import commands

    kinds = commands.project(args).kinds
    if not args.kind:
        width = max(map(len, kinds), default=0)
        for name, kind in kinds.items():
            print(f"{name:<{width}}  {kind.summary}")
        print("\n`carrousel kinds NAME` shows a kind's fields and an example.")
        return 0
    if args.kind not in kinds:
        raise CarrouselError(f"unknown kind '{args.kind}'", hint=choices_hint(args.kind, kinds))
    kind = kinds[args.kind]
    print(f"{kind.name}: {kind.summary}\n\nfields:")
    print("\n".join(_field(name, spec) for name, spec in kind.fields.items()))
    if kind.markdown:
        print("\nin Markdown: " + ", ".join(f"{part} → {field}" for part, field in kind.markdown.items()))
    if kind.example:
        print("\nexample:\n" + "\n".join("  " + line for line in kind.example.rstrip().splitlines()))
    return 0
