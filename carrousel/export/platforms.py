"""Where a carousel goes: each platform's limits, what a built post breaks of them, and what to build for it.

Numbers are the platforms' own, as their help pages and API references state them in 2025–2026 (cited per
profile). Where sources disagree or a number is not published, the value is the conservative one and the
comment says so. Byte limits count 10^6 bytes per MB: the smaller reading of "MB".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from carrousel.errors import CarrouselError, choices_hint
from carrousel.load.settings import FORMATS

MB = 1_000_000
GB = 1000 * MB
IMAGES = ("jpg", "png")  # one file per slide; the other exports make one file for the whole post


@dataclass(frozen=True)
class Profile:
    """One platform: how many slides a post carries per export, accepted shapes, sizes and byte limits."""

    name: str
    label: str
    exports: tuple[str, ...]  # exports that suit it, the one to post first
    items: dict[str, int]  # export -> most slides one post carries (pages of a document, or images)
    max_bytes: dict[str, int]  # export -> largest file accepted
    format: str  # carrousel format that fits it best
    aspect: tuple[float, float] | None = None  # accepted width/height of images; None: any
    warn_items: int | None = None  # more than this still posts, but readers drop off
    video_seconds: float | None = None  # longest video
    alt: bool = True  # takes alt text per image
    alt_chars: int | None = None  # longest alt text accepted

    @property
    def size(self) -> tuple[int, int]:
        """Recommended slide size in px."""
        return FORMATS[self.format]


PROFILES = {profile.name: profile for profile in (
    # LinkedIn Help, "Share a document" (PDF, PPT(X), DOC(X); 100 MB, 300 pages) and "Video specs" (75 KB–5 GB,
    # up to 10 min from mobile, 15 from desktop: 10 kept). Image posts: up to 20 images; 5 MB per image is the
    # commonly documented figure (not on a help page: conservative). Past 20 pages readers drop off (preflight).
    Profile("linkedin", "LinkedIn", ("pdf", "pptx", "mp4", "png", "jpg"),
            {"pdf": 300, "pptx": 300, "png": 20, "jpg": 20},
            {"pdf": 100 * MB, "pptx": 100 * MB, "mp4": 5 * GB, "png": 5 * MB, "jpg": 5 * MB},
            "portrait", warn_items=20, video_seconds=600),
    # Instagram Help (carousels of up to 20 photos/videos in the app since 2024; alt text under Advanced
    # settings) and the Graph API's image spec (4:5 to 1.91:1, 8 MB; the app takes more, 8 kept). The MP4 goes
    # as a Reel: up to 3 min in the app since 2025; 300 MB is the API's Reels limit (the app's is higher).
    Profile("instagram", "Instagram", ("jpg", "png", "mp4"), {"jpg": 20, "png": 20},
            {"jpg": 8 * MB, "png": 8 * MB, "mp4": 300 * MB}, "portrait", aspect=(4 / 5, 1.91), video_seconds=180),
    # Instagram Graph API, content publishing: carousels of up to 10 items, JPEG only, 8 MB, 4:5 to 1.91:1;
    # Reels up to 300 MB and 15 min (3 min kept, as in the app); `alt_text` on images since March 2025.
    Profile("instagram-api", "Instagram (API)", ("jpg", "mp4"), {"jpg": 10}, {"jpg": 8 * MB, "mp4": 300 * MB},
            "portrait", aspect=(4 / 5, 1.91), video_seconds=180),
    # Threads API media spec: carousels of 2–20 items; images JPEG/PNG up to 8 MB, aspect ratio within 10:1;
    # video up to 1 GB and 5 min. The app takes alt text per image.
    Profile("threads", "Threads", ("jpg", "png", "mp4"), {"jpg": 20, "png": 20},
            {"jpg": 8 * MB, "png": 8 * MB, "mp4": 1 * GB}, "portrait", aspect=(1 / 10, 10), video_seconds=300),
    # TikTok Content Posting API: photo posts of up to 35 images, JPEG or WebP (no PNG: conservative, the app
    # converts), 20 MB each, shown full screen at 9:16 (1080×1920); video up to 4 GB and 10 min. Per-image alt
    # text is not documented for photo posts: not checked.
    Profile("tiktok", "TikTok", ("jpg", "mp4"), {"jpg": 35}, {"jpg": 20 * MB, "mp4": 4 * GB}, "story",
            video_seconds=600, alt=False),
    # X Help, "How to post images or GIFs" and "videos": up to 4 photos of 5 MB, GIFs up to 15 MB on the web
    # (5 MB on mobile: the web limit is the one a GIF upload meets first), video up to 512 MB and 2 min 20 s
    # without Premium; alt text up to 1,000 characters. Images of any shape (the timeline crops previews).
    Profile("x", "X", ("jpg", "png", "mp4", "gif"), {"jpg": 4, "png": 4},
            {"jpg": 5 * MB, "png": 5 * MB, "gif": 15 * MB, "mp4": 512 * MB}, "portrait", video_seconds=140,
            alt_chars=1000),
    # Mastodon defaults since 4.2 (docs "Posting", media limits; instances may change them): 4 attachments,
    # images (GIF too, turned into a looping video) up to 16 MB, video up to 99 MB, no length limit;
    # descriptions up to 1,500 characters.
    Profile("mastodon", "Mastodon", ("jpg", "png", "mp4", "gif"), {"jpg": 4, "png": 4},
            {"jpg": 16 * MB, "png": 16 * MB, "gif": 16 * MB, "mp4": 99 * MB}, "portrait", alt_chars=1500),
    # Bluesky lexicon app.bsky.embed.images: 4 images of at most 1,000,000 bytes; the app's alt text limit is
    # 2,000 characters. Video (GIFs are uploaded as video): 100 MB and 3 min as announced in 2025 (the app's
    # source now allows 300 MB and 10 min: the older, smaller limits are kept).
    Profile("bluesky", "Bluesky", ("jpg", "png", "mp4", "gif"), {"jpg": 4, "png": 4},
            {"jpg": 1 * MB, "png": 1 * MB, "mp4": 100 * MB, "gif": 100 * MB}, "portrait", video_seconds=180,
            alt_chars=2000),
)}


@dataclass(frozen=True)
class Facts:
    """What a built post is: slide count, size, bytes of each exported file, alt text and video length."""

    slides: int
    width: int
    height: int
    files: dict[str, tuple[int, ...]] = field(default_factory=dict)  # export -> bytes of each file, in order
    alt: tuple[int, ...] = ()  # characters of each slide's alt text (0: none)
    seconds: float = 0.0  # length of the GIF or video


@dataclass(frozen=True)
class Finding:
    """One problem for one platform: error (will not post as built) or warning, and what to do."""

    level: str  # "error" or "warning"
    message: str
    fix: str


@dataclass(frozen=True)
class Choice:
    """What to build for a platform: the format and the exports."""

    format: str
    exports: tuple[str, ...]


def profile(name: str) -> Profile:
    """The profile of a platform, by name."""
    if name not in PROFILES:
        raise CarrouselError(f"unknown platform '{name}'", field="platform", hint=choices_hint(name, PROFILES))
    return PROFILES[name]


def for_build(platform: str, slides: int | None = None) -> Choice:
    """The format and exports that fit a platform (given the slide count, only those that carry all slides)."""
    chosen = profile(platform)
    fits = [name for name in chosen.exports if slides is None or slides <= chosen.items.get(name, slides)]
    return Choice(chosen.format, tuple(fits))


def carriers(chosen: Profile, facts: Facts) -> list[str]:
    """The built exports that can take this post to the platform as it is, in the platform's order."""
    return [name for name in chosen.exports if name in facts.files
            and facts.slides <= chosen.items.get(name, facts.slides)]


def check(platform: str, facts: Facts) -> list[Finding]:
    """What stops a built post from going to a platform as it is, or goes badly there, with what to do."""
    chosen = profile(platform)
    findings = count(chosen, facts) + shape(chosen, facts) + sizes(chosen, facts) + length(chosen, facts)
    return findings + alt_text(chosen, facts)


def count(chosen: Profile, facts: Facts) -> list[Finding]:
    """No built export carries every slide, or a document runs long."""
    posted = carriers(chosen, facts)
    if posted:
        if chosen.warn_items and posted[0] not in IMAGES and posted[0] in chosen.items \
                and facts.slides > chosen.warn_items:
            return [Finding("warning", f"{facts.slides} pages: {chosen.label} readers drop off after "
                                       f"{chosen.warn_items}", "split the post, or cut slides")]
        return []
    built = [name for name in chosen.exports if name in facts.files]
    if built:
        most = max(chosen.items.get(name, 1) for name in built)
        what = "images" if any(name in IMAGES for name in built) else "pages"
        message = f"{chosen.label} shows at most {most} {what}; this post has {facts.slides} slides"
    else:
        message = f"none of the exports built ({', '.join(facts.files) or 'none'}) goes to {chosen.label}"
    fitting = for_build(chosen.name, facts.slides).exports
    fixes = [f"use --export {' or '.join(fitting)}"] if fitting else []
    if facts.slides > max(chosen.items.values()):
        fixes.append(f"split the post into parts of at most {max(chosen.items.values())} slides")
    return [Finding("error", message, ", or ".join(fixes))]


def shape(chosen: Profile, facts: Facts) -> list[Finding]:
    """Slides outside the shapes the platform accepts (error), or not the one it shows best (warning)."""
    ratio = facts.width / facts.height
    images = [name for name in carriers(chosen, facts) if name in IMAGES]
    best = f"use --format {chosen.format}"
    if images and chosen.aspect and not chosen.aspect[0] - 1e-3 <= ratio <= chosen.aspect[1] + 1e-3:
        low, high = chosen.aspect
        return [Finding("error", f"{chosen.label} takes images from {low:.2f} to {high:.2f} (width/height); "
                                 f"these slides are {facts.width}×{facts.height} ({ratio:.2f})",
                        best + (", or --export mp4 to post a video" if "mp4" in chosen.exports else ""))]
    width, height = chosen.size
    if abs(ratio - width / height) > 0.01:
        return [Finding("warning", f"{chosen.label} shows {width}×{height} slides best; these are "
                                   f"{facts.width}×{facts.height}", best)]
    return []


FIXES = {"jpg": "lower the JPEG quality", "png": "use --export jpg", "gif": "use --export mp4",
         "mp4": "shorten the slides' durations", "pdf": "use lighter images", "pptx": "use lighter images"}


def sizes(chosen: Profile, facts: Facts) -> list[Finding]:
    """Built files over the platform's byte limit for their kind."""
    findings = []
    for name, counts in facts.files.items():
        limit = chosen.max_bytes.get(name)
        over = [(size, number) for number, size in enumerate(counts, 1) if limit and size > limit]
        if not over:
            continue
        largest, number = max(over)
        if name not in IMAGES:
            which = "it is"
        elif len(over) == 1:
            which = f"slide {number} is"
        else:
            which = f"{len(over)} slides are over it, the largest slide {number} at"
        findings.append(Finding("error", f"{chosen.label} takes {name.upper()} files up to {limit / MB:g} MB; "
                                         f"{which} {largest / MB:.1f} MB", FIXES.get(name, "make it smaller")))
    return findings


def length(chosen: Profile, facts: Facts) -> list[Finding]:
    """A video longer than the platform plays."""
    if "mp4" in facts.files and chosen.video_seconds and facts.seconds > chosen.video_seconds:
        return [Finding("error", f"{chosen.label} plays videos up to {chosen.video_seconds:g} s; this one is "
                                 f"{facts.seconds:g} s", "shorten the slides' durations, or cut slides")]
    return []


def alt_text(chosen: Profile, facts: Facts) -> list[Finding]:
    """Images posted without alt text, or with more than the platform keeps."""
    posted = carriers(chosen, facts)
    if not chosen.alt or not posted or posted[0] not in IMAGES:
        return []
    findings = []
    lengths = list(facts.alt) + [0] * (facts.slides - len(facts.alt))
    missing = [number for number, chars in enumerate(lengths, 1) if not chars]
    if missing:
        findings.append(Finding("warning", f"{chosen.label} reads alt text to people who cannot see the images; "
                                           f"{slides_named(missing, 'has')} none", "give those slides alt text"))
    long = [number for number, chars in enumerate(lengths, 1) if chosen.alt_chars and chars > chosen.alt_chars]
    if long:
        findings.append(Finding("warning", f"{chosen.label} keeps alt text up to {chosen.alt_chars:,} characters; "
                                           f"{slides_named(long, 'has')} more", "shorten their alt text"))
    return findings


def slides_named(numbers: list[int], verb: str) -> str:
    """`slide 3 has` or `slides 1, 4, 5 have` (verb given in the singular: has, is)."""
    if len(numbers) == 1:
        return f"slide {numbers[0]} {verb}"
    return f"slides {', '.join(map(str, numbers))} {({'has': 'have', 'is': 'are'})[verb]}"
