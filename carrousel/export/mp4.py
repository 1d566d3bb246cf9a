"""MP4 export: H.264 video of the slides, each for its duration, with an optional crossfade between them."""

from __future__ import annotations

import bisect
import os
import tempfile
from itertools import accumulate

import av
from av.video.frame import PictureType
from av.video.reformatter import ColorPrimaries, ColorRange, Colorspace, ColorTrc
from PIL import Image

from carrousel.errors import CarrouselError
from carrousel.export.frames import Meta, Slide, check, image

FPS = 30  # constant frame rate: Instagram's API takes 23–60 fps; LinkedIn and X re-encode anything in that range
DEFAULT_CROSSFADE = 0.4  # seconds
# x264: CRF 20 keeps 24 px text clean. About 90% of the frames repeat the one before exactly; x264 still spends
# ~4 ms on each at 1080×1350 (the floor, even with "ultrafast"), so the settings aim at the rest: "veryfast" with
# fullpel motion search only (subme=0: nothing on a slide moves) saved a fifth of the time for 4% more bytes;
# slower presets gained under 10% in size for twice the time. "stillimage" spends the bits on edges, where text
# is. B-frames stay (x264's default 3): a crossfade is what their weighted prediction is for, and dropping them
# made the reference video 70% bigger.
X264 = {"crf": "20", "preset": "veryfast", "tune": "stillimage", "x264-params": "subme=0"}
# BT.709, limited range, tagged in the stream: what browsers and phones assume for HD video anyway, now stated.
COLOUR = {"dst_colorspace": Colorspace.ITU709, "dst_color_range": ColorRange.MPEG,
          "dst_color_primaries": ColorPrimaries.BT709, "dst_color_trc": ColorTrc.BT709}


def timeline(durations: list[float], crossfade: float, fps: int = FPS) -> list[tuple[int, int, float]]:
    """For each frame: (slide shown, slide fading in, share of the second), the share 0 outside crossfades."""
    ends = list(accumulate(durations))
    crossfade = min(crossfade, min(durations))  # a fade eats half of it on each side of a cut
    frames = []
    for number in range(round(ends[-1] * fps)):
        moment = (number + 0.5) / fps  # the middle of the frame, so that fades are symmetric around the cut
        index = min(bisect.bisect_right(ends, moment), len(durations) - 1)
        if index > 0 and moment - ends[index - 1] < crossfade / 2:
            frames.append((index - 1, index, (moment - ends[index - 1] + crossfade / 2) / crossfade))
        elif index < len(durations) - 1 and ends[index] - moment < crossfade / 2:
            frames.append((index, index + 1, (moment - ends[index] + crossfade / 2) / crossfade))
        else:
            frames.append((index, index, 0.0))
    return frames


def encode(slides: list[Slide], crossfade: float = DEFAULT_CROSSFADE, meta: Meta | None = None) -> bytes:
    """The slides as an H.264/yuv420p MP4 at 30 fps with its index first, so it plays while downloading."""
    width, height = check(slides, "video")
    if not (isinstance(crossfade, (int, float)) and 0 <= crossfade <= 10):
        raise CarrouselError(f"crossfade must be from 0 to 10 seconds, not {crossfade!r}", field="crossfade",
                             hint="0 cuts from slide to slide; the default is 0.4")
    # yuv420p stores colour per 2×2 block, so both sides must be even: an odd last row or column is dropped.
    box = (0, 0, width - width % 2, height - height % 2)
    pictures = [image(slide).crop(box) for slide in slides]
    with tempfile.TemporaryDirectory(prefix="carrousel-mp4-") as folder:
        # faststart moves the index (moov) before the data; the muxer rewrites the file for that, so it needs a
        # real file rather than a stream.
        path = os.path.join(folder, "video.mp4")
        with av.open(path, "w", format="mp4", options={"movflags": "+faststart"}) as container:
            if meta:
                container.metadata.update({"title": meta.title, "artist": meta.author})
            write(container, pictures, timeline([s.duration for s in slides], crossfade))
        with open(path, "rb") as video:
            return video.read()


def write(container, pictures: list[Image.Image], frames: list[tuple[int, int, float]]) -> None:
    """Encode the frames of a timeline into the container's one video stream."""
    stream = container.add_stream("libx264", rate=FPS, options=X264)
    stream.width, stream.height, stream.pix_fmt = pictures[0].width, pictures[0].height, "yuv420p"
    context = stream.codec_context
    context.colorspace, context.color_range = Colorspace.ITU709, ColorRange.MPEG
    context.color_primaries, context.color_trc = ColorPrimaries.BT709, ColorTrc.BT709
    context.thread_type, context.thread_count = "FRAME", 0  # both cores: x264's frame threads
    stills = [yuv(picture) for picture in pictures]  # each slide converted once, then sent for every frame
    planes = [[plane_image(plane) for plane in frame.planes] for frame in stills]
    for number, (first, second, share) in enumerate(frames):
        frame = blend(stills[first], planes[first], planes[second], share) if share else stills[first]
        frame.pts = number
        # The first whole frame of each slide is a keyframe: after a crossfade, predicted frames kept a faint
        # ghost of the previous slide's text for the whole slide (too small a difference for x264 to correct at
        # CRF 20). It also lets players seek to each slide; +11% bytes on the reference post.
        starts = not share and (number == 0 or frames[number - 1] != frames[number])
        frame.pict_type = PictureType.I if starts else PictureType.NONE
        container.mux(stream.encode(frame))
    container.mux(stream.encode(None))


def yuv(picture: Image.Image) -> av.VideoFrame:
    """An RGB picture as a BT.709 yuv420p video frame."""
    return av.VideoFrame.from_image(picture).reformat(format="yuv420p", **COLOUR)


def plane_image(plane) -> Image.Image:
    """One plane of a video frame (Y, U or V) as a greyscale image, row padding included."""
    return Image.frombytes("L", (plane.line_size, plane.height), bytes(plane))


def blend(like: av.VideoFrame, first: list[Image.Image], second: list[Image.Image], share: float) -> av.VideoFrame:
    """A crossfade frame: the planes of two slides mixed, share of the second."""
    # Mixing in YUV gives the same frame as mixing in RGB (the conversion is affine) without converting each
    # crossfade frame again (4 ms a frame instead of 40 at 1080×1350).
    frame = av.VideoFrame(like.width, like.height, "yuv420p")
    frame.colorspace, frame.color_range = like.colorspace, like.color_range
    for plane, a, b in zip(frame.planes, first, second):
        plane.update(Image.blend(a, b, share).tobytes())
    return frame
