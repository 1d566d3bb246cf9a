"""MP4 export decoded with PyAV: codec, pixel format, size, frame count, duration, pixels mid-slide and mid-fade."""

from __future__ import annotations

import io

import av
import pytest
from export_kit import COLOURS, SIZE, close, make_slides

from carrousel.errors import CarrouselError
from carrousel.export import mp4

SPOT = (80, 150)  # below the bar: the slide's own colour


def decode(data: bytes) -> tuple[dict, list]:
    """The video stream's facts and every decoded frame as an RGB image."""
    with av.open(io.BytesIO(data)) as container:
        stream = container.streams.video[0]
        facts = {"codec": stream.codec_context.name, "format": stream.codec_context.format.name,
                 "size": (stream.width, stream.height), "rate": stream.average_rate,
                 "duration": float(stream.duration * stream.time_base), "title": container.metadata.get("title")}
        pictures = [frame for frame in container.decode(stream)]
        facts["colorspace"] = pictures[0].colorspace
        facts["keyframes"] = [number for number, frame in enumerate(pictures) if frame.key_frame]
        return facts, [frame.to_image() for frame in pictures]


@pytest.fixture(scope="module")
def video():
    """The three test slides (1 + 0.5 + 1.5 s) with the default 0.4 s crossfade, decoded."""
    from carrousel.export import Meta
    data = mp4.encode(make_slides(), meta=Meta("Un titre", "slug", "Maxime Lenne", "fr"))
    return data, *decode(data)


def test_h264_yuv420p_at_30_fps_of_the_slide_size(video):
    _, facts, pictures = video
    assert facts["codec"] == "h264" and facts["format"] == "yuv420p"
    assert facts["size"] == SIZE and pictures[0].size == SIZE
    assert facts["rate"] == 30
    assert facts["colorspace"] == 1  # BT.709, tagged in the stream
    assert facts["title"] == "Un titre"


def test_frame_count_and_duration_are_the_sum_of_the_durations(video):
    _, facts, pictures = video
    assert abs(len(pictures) - 3.0 * 30) <= 1
    assert abs(facts["duration"] - 3.0) <= 1 / 30


def test_index_comes_first_so_it_plays_while_downloading(video):
    data = video[0]
    assert data[4:8] == b"ftyp"
    assert 0 < data.find(b"moov") < data.find(b"mdat")


def test_mid_slide_frames_show_each_slide(video):
    pictures = video[2]
    for moment, colour in zip((0.5, 1.25, 2.25), COLOURS):  # the middle of each slide, in seconds
        frame = pictures[int(moment * 30)]
        assert close(frame.getpixel(SPOT), colour, 8), (moment, frame.getpixel(SPOT))
        assert close(frame.getpixel((80, 20)), (240, 240, 240), 8)


def test_mid_crossfade_frame_is_between_the_two_slides(video):
    pictures = video[2]
    middle = pictures[30].getpixel(SPOT)  # the cut between slides 1 and 2 is at 1 s: frame 30 is half-way
    for channel, (a, b) in enumerate(zip(*COLOURS[:2])):
        assert min(a, b) + 10 < middle[channel] < max(a, b) - 10 or abs(a - b) < 30
        assert abs(middle[channel] - (a + b) / 2) <= 0.2 * abs(a - b) + 6
    early, late = pictures[22].getpixel(SPOT), pictures[37].getpixel(SPOT)  # the fade is frames 24–35
    assert close(early, COLOURS[0], 8) and close(late, COLOURS[1], 8)


def test_each_slide_starts_on_a_keyframe_once_its_crossfade_is_over(video):
    # Slides of 1, 0.5 and 1.5 s with 0.4 s fades: whole frames start at 0, 1.2 s and 1.7 s.
    assert video[1]["keyframes"] == [0, 36, 51]


def test_no_crossfade_cuts_from_one_frame_to_the_next():
    pictures = decode(mp4.encode(make_slides((0.5, 0.5)), crossfade=0))[1]
    assert len(pictures) == 30
    assert close(pictures[14].getpixel(SPOT), COLOURS[0], 8)
    assert close(pictures[15].getpixel(SPOT), COLOURS[1], 8)


def test_odd_sizes_lose_one_row_and_column():
    facts, pictures = decode(mp4.encode(make_slides((0.2,), size=(161, 201))))
    assert facts["size"] == (160, 200) and len(pictures) == 6


def test_timeline_fades_symmetrically_around_each_cut():
    frames = mp4.timeline([1.0, 1.0], 0.4)
    assert len(frames) == 60
    fading = [(number, share) for number, (first, second, share) in enumerate(frames) if share]
    assert [number for number, _ in fading] == list(range(24, 36))  # 0.4 s = 12 frames, 6 each side of frame 30
    shares = [share for _, share in fading]
    assert shares == sorted(shares) and all(0 < share < 1 for share in shares)
    assert abs(shares[5] + shares[6] - 1) < 1e-9  # mirror images around the cut
    assert frames[0] == (0, 0, 0.0) and frames[-1] == (1, 1, 0.0)


def test_crossfade_longer_than_a_slide_is_shortened():
    frames = mp4.timeline([0.2, 2.0], 1.0)
    assert sum(1 for *_, share in frames if share) == 6  # 0.2 s of fade, not 1 s


@pytest.mark.parametrize("crossfade", [-0.1, 11, "0.4"])
def test_bad_crossfade_is_refused(crossfade):
    with pytest.raises(CarrouselError, match="crossfade"):
        mp4.encode(make_slides((1.0,)), crossfade=crossfade)
