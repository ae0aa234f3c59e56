"""Demo pictures drawn with Pillow: the same pixels every time for the same
key, so reloading changes nothing."""

import io
import random

from PIL import Image, ImageDraw, ImageFilter

from .scenes import SUBJECTS, draw_subject

SIZE = (1600, 900)


def _mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def draw_scene(key: str, size=SIZE) -> bytes:
    """A JPEG of what the picture `key` shows when it names one of the demo's
    subjects; any other key draws sky, a sun, hills and a few shapes."""
    if key in SUBJECTS:
        out = io.BytesIO()
        draw_subject(key, size).save(out, "JPEG", quality=85, optimize=True)
        return out.getvalue()
    rng = random.Random(key)
    width, height = size
    top = tuple(rng.randint(40, 200) for _ in range(3))
    bottom = tuple(rng.randint(150, 255) for _ in range(3))
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        draw.line([(0, y), (width, y)], fill=_mix(top, bottom, y / height))
    # Positions are fractions of the size, so any size draws the same scene.
    sun_x, sun_y = int(width * rng.uniform(0.12, 0.88)), int(height * rng.uniform(0.13, 0.5))
    sun_r = int(height * rng.uniform(0.055, 0.13))
    draw.ellipse(
        [sun_x - sun_r, sun_y - sun_r, sun_x + sun_r, sun_y + sun_r], fill=(255, rng.randint(190, 240), 150)
    )
    horizon = rng.randint(height // 2, height * 3 // 4)
    for layer in range(4):
        shade = _mix((20, 40, 60), top, layer / 5)
        base = horizon + layer * height // 14
        points = [(0, height)]
        step = max(width // 20, 1)
        for x in range(0, width + step, step):
            points.append((x, base - int(height * rng.uniform(0, 0.1 - layer * 0.017))))
        points.append((width, height))
        draw.polygon(points, fill=shade)
    for _ in range(rng.randint(2, 5)):
        x, y = int(width * rng.uniform(0, 0.87)), int(height * rng.uniform(horizon / height - 0.07, 0.86))
        w, h = int(width * rng.uniform(0.04, 0.16)), int(height * rng.uniform(0.02, 0.1))
        draw.rectangle([x, y, x + w, y + h], fill=tuple(rng.randint(0, 90) for _ in range(3)))
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()


def draw_portrait(key: str, size=(480, 480)) -> bytes:
    """A head-and-shoulders silhouette on a plain ground."""
    rng = random.Random(key)
    width, height = size
    ground = tuple(rng.randint(120, 220) for _ in range(3))
    figure = tuple(rng.randint(30, 90) for _ in range(3))
    image = Image.new("RGB", size, ground)
    draw = ImageDraw.Draw(image)
    draw.ellipse([width * 0.32, height * 0.16, width * 0.68, height * 0.56], fill=figure)
    draw.ellipse([width * 0.12, height * 0.6, width * 0.88, height * 1.3], fill=figure)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()
