"""Demo pictures drawn with Pillow: a landscape or seascape per key, the
same pixels every time for the same key, so reloading changes nothing."""

import io
import random

from PIL import Image, ImageDraw, ImageFilter

SIZE = (1600, 900)


def _mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def draw_scene(key: str, size=SIZE) -> bytes:
    """A JPEG of sky, a sun, hills or waves, and a few hard-edged shapes."""
    rng = random.Random(key)
    width, height = size
    top = tuple(rng.randint(40, 200) for _ in range(3))
    bottom = tuple(rng.randint(150, 255) for _ in range(3))
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        draw.line([(0, y), (width, y)], fill=_mix(top, bottom, y / height))
    sun_x, sun_y, sun_r = rng.randint(200, width - 200), rng.randint(120, height // 2), rng.randint(50, 120)
    draw.ellipse(
        [sun_x - sun_r, sun_y - sun_r, sun_x + sun_r, sun_y + sun_r], fill=(255, rng.randint(190, 240), 150)
    )
    horizon = rng.randint(height // 2, height * 3 // 4)
    for layer in range(4):
        shade = _mix((20, 40, 60), top, layer / 5)
        base = horizon + layer * height // 14
        points = [(0, height)]
        for x in range(0, width + 80, 80):
            points.append((x, base - rng.randint(0, 90 - layer * 15)))
        points.append((width, height))
        draw.polygon(points, fill=shade)
    for _ in range(rng.randint(2, 5)):
        x, y = rng.randint(0, width - 200), rng.randint(horizon - 60, height - 120)
        w, h = rng.randint(60, 260), rng.randint(20, 90)
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
