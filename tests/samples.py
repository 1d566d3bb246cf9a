"""Posts that several tests build: a small demo post, one that needs shrinking, one that can never fit."""

# A small post (cover, list, end) for cache, serve and browser tests.
POST = """title: Cache test
lang: en
theme: terminal
author:
  name: Ada Lovelace
  role: Engineer
  handle: /in/ada
slides:
  - kind: cover
    title: Caching **slides**
    subtitle: One edit, one render
  - kind: list
    title: Why
    items:
      - icon: ⚡
        title: Fast
        text: Only what changed
      - title: Same bytes
        text: As a full build
  - kind: end
    title: Thanks
    text: See you soon
"""


# A post whose list needs shrinking a little (with a caption and a long code line), and one that can never fit.
FIT_ITEMS = [
    ("🔗", "Coupling between modules", "One change means a cascade of regressions"),
    ("🚧", "All-or-nothing deploys", "No way to ship continuously"),
    ("📈", "Horizontal scaling impossible", "You scale everything even when one service is the bottleneck"),
    ("🧠", "Maximum cognitive load", "Onboarding takes three weeks"),
    ("📦", "Shared database", "Every team waits for the same migration"),
    ("🧪", "Slow test suite", "Forty minutes before anyone knows the result, every single time, lastword"),
]
LONG_LINE = "result = some_function(argument_one, argument_two, argument_three, argument_four, final_argument_zz)"
SLIGHT = (
    "title: Fit test\nlang: en-GB\nauthor:\n  name: Test Author\n"
    "caption: |\n  Five **patterns** for your [team](https://example.com).\n\n  - one\n  - two\n\n  #CTO #architecture\n"
    "slides:\n  - kind: list\n    title: Six items, slightly **too long**\n    items:\n"
    + "".join(f"      - icon: {icon}\n        title: {title}\n        text: {text}\n" for icon, title, text in FIT_ITEMS)
    + f"  - kind: code\n    title: One long line\n    language: python\n    code: |\n      {LONG_LINE}\n"
    + "  - kind: cover\n    title: The end\n"
)
FAR = ("title: Far\nslides:\n  - kind: cover\n    title: Fine\n  - kind: list\n    title: Far too long\n    items:\n"
       + "".join(f"      - title: Item {n}\n        text: Lorem ipsum dolor sit amet consectetur adipiscing elit sed do\n"
                 for n in range(12)))
