"""Flat illustrations of what the demo's captions describe: ships, a radar
station, flags, a skyline, salt ponds. Each is drawn from a few shapes in
fractions of the frame, twice the size and then scaled down, so any size draws
the same scene with smooth edges.

`SUBJECTS` maps a picture key of `content.PICTURES` to its drawing.
"""

import math
import random

from PIL import Image, ImageDraw

SUPERSAMPLE = 2


class Canvas:
    """Pillow drawing in fractions of the frame: (0, 0) top left, (1, 1) bottom right."""

    def __init__(self, size, seed):
        self.size = size
        self.width, self.height = size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE
        self.image = Image.new("RGB", (self.width, self.height))
        self.draw = ImageDraw.Draw(self.image)
        self.rng = random.Random(seed)

    def at(self, x, y):
        return (round(x * self.width), round(y * self.height))

    def polygon(self, points, fill):
        self.draw.polygon([self.at(x, y) for x, y in points], fill=fill)

    def rect(self, x0, y0, x1, y1, fill):
        self.draw.rectangle([self.at(x0, y0), self.at(x1, y1)], fill=fill)

    def ellipse(self, x0, y0, x1, y1, fill):
        self.draw.ellipse([self.at(x0, y0), self.at(x1, y1)], fill=fill)

    def circle(self, x, y, r, fill):
        """A circle of radius r in heights, so it stays round in any frame."""
        rx = r * self.height / self.width
        self.ellipse(x - rx, y - r, x + rx, y + r, fill)

    def line(self, points, fill, width):
        """A line `width` thousandths of the height wide."""
        self.draw.line(
            [self.at(x, y) for x, y in points], fill=fill, width=max(1, round(width * self.height / 1000))
        )

    def gradient(self, y0, y1, top, bottom):
        a, b = self.at(0, y0)[1], self.at(0, y1)[1]
        for y in range(a, b):
            self.draw.line([(0, y), (self.width, y)], fill=mix(top, bottom, (y - a) / max(b - a, 1)))

    def finish(self):
        return self.image.resize(self.size, Image.Resampling.LANCZOS)


def mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


# Shared pieces ---------------------------------------------------------------

WHITE = (244, 244, 240)
DARK = (38, 44, 52)


def sky(c, top, bottom, horizon):
    c.gradient(0, horizon, top, bottom)


def sea(c, horizon, near, far, waves=(255, 255, 255), calm=False):
    c.gradient(horizon, 1, far, near)
    count = 14 if calm else 26
    for _ in range(count):
        y = c.rng.uniform(horizon + 0.02, 0.98)
        depth = (y - horizon) / (1 - horizon)
        x = c.rng.uniform(0, 1)
        length = 0.02 + 0.08 * depth
        c.line([(x, y), (x + length, y)], mix(mix(far, near, depth), waves, 0.35), 1.5 + 3 * depth)


def hills(c, base, height, color, bumps=5):
    points = [(0, 1)]
    phase = c.rng.uniform(0, math.pi)
    for i in range(41):
        x = i / 40
        y = base - height * (0.5 + 0.5 * math.sin(phase + x * bumps)) * (0.7 + 0.3 * math.sin(x * 17 + phase))
        points.append((x, y))
    points.append((1, 1))
    c.polygon(points, color)


def mountains(c, base, peaks, color, snow=None):
    points = [(0, base)]
    for x, h in peaks:
        points.append((x, base - h))
    points += [(1, base), (1, 1), (0, 1)]
    c.polygon(points, color)
    if snow:
        for x, h in peaks:
            if h > 0.12:
                c.polygon([(x, base - h), (x - 0.03, base - h + 0.05), (x + 0.028, base - h + 0.045)], snow)


def ship(c, x, waterline, length, hull, cabin=WHITE, kind="cargo", cargo_colors=None, facing=1):
    """A ship side-on: `x` is its stern, `length` its width in the frame, bow towards `facing`."""
    h = length * 0.09
    bow, stern = (x + length, x) if facing > 0 else (x - length, x)

    def along(t):
        return stern + (bow - stern) * t

    c.polygon(
        [
            (along(0), waterline - h),
            (along(1.04), waterline - h * 1.25),
            (along(0.94), waterline),
            (along(0.03), waterline),
        ],
        hull,
    )
    c.polygon(
        [
            (along(0.03), waterline - h * 0.25),
            (along(0.94), waterline - h * 0.25),
            (along(0.94), waterline),
            (along(0.03), waterline),
        ],
        mix(hull, (120, 30, 30), 0.6),
    )
    deck = waterline - h

    def block(start, end, top, bottom, fill):
        """A rectangle from `start` to `end` along the ship, whichever way it faces."""
        x0, x1 = sorted((along(start), along(end)))
        c.rect(x0, top, x1, bottom, fill)

    if kind == "cargo":
        block(0.04, 0.16, deck - h * 2.4, deck, cabin)
        block(0.06, 0.14, deck - h * 2.9, deck - h * 2.4, mix(cabin, DARK, 0.3))
        colors = cargo_colors or [
            (176, 58, 46),
            (41, 98, 155),
            (214, 162, 43),
            (60, 120, 80),
            (120, 120, 128),
        ]
        t = 0.2
        while t < 0.88:
            for level in range(3):
                color = colors[c.rng.randrange(len(colors))]
                x0, x1 = sorted((along(t), along(t + 0.065)))
                c.rect(x0, deck - h * (level + 1) * 0.8, x1 - 0.002, deck - h * level * 0.8 - 0.003, color)
            t += 0.07
    elif kind == "tanker":
        block(0.03, 0.15, deck - h * 2.2, deck, cabin)
        block(0.08, 0.1, deck - h * 3.2, deck - h * 2.2, DARK)
        c.line([(along(0.18), deck - h * 0.4), (along(0.95), deck - h * 0.4)], mix(hull, WHITE, 0.3), 2)
        for t in (0.3, 0.5, 0.7):
            c.line([(along(t), deck), (along(t), deck - h * 0.9)], mix(hull, WHITE, 0.3), 2)
    elif kind == "bulk":
        block(0.03, 0.15, deck - h * 2.3, deck, cabin)
        for t in (0.22, 0.38, 0.54, 0.7):
            block(t, t + 0.12, deck - h * 0.5, deck, mix(hull, DARK, 0.4))
        for t in (0.3, 0.46, 0.62):
            c.line([(along(t), deck), (along(t), deck - h * 2.6)], DARK, 3)
    elif kind == "cutter":
        block(0.25, 0.62, deck - h * 1.6, deck, cabin)
        block(0.35, 0.55, deck - h * 2.6, deck - h * 1.6, cabin)
        c.line([(along(0.45), deck - h * 2.6), (along(0.45), deck - h * 4.2)], DARK, 3)
        # The slanted hull stripes coast guards paint.
        for start, end, colour in ((0.66, 0.72, (196, 48, 42)), (0.75, 0.78, (38, 78, 150))):
            low = waterline - h * 0.3
            c.polygon(
                [
                    (along(start), low),
                    (along(end), low),
                    (along(end + 0.08), deck),
                    (along(start + 0.08), deck),
                ],
                colour,
            )
    elif kind == "warship":
        c.polygon(
            [
                (along(0.2), deck),
                (along(0.3), deck - h * 1.8),
                (along(0.6), deck - h * 1.8),
                (along(0.7), deck),
            ],
            cabin,
        )
        c.polygon(
            [(along(0.38), deck - h * 1.8), (along(0.42), deck - h * 3.4), (along(0.47), deck - h * 1.8)],
            cabin,
        )
        c.line([(along(0.78), deck - h * 0.4), (along(0.9), deck - h * 0.7)], DARK, 3)
    elif kind == "cable":
        block(0.5, 0.85, deck - h * 2.4, deck, cabin)
        block(0.62, 0.8, deck - h * 3.4, deck - h * 2.4, cabin)
        block(0.64, 0.78, deck - h * 3.1, deck - h * 2.8, DARK)
        # The cable drum on the after deck and the A-frame over the stern.
        c.circle(along(0.3), deck - h * 0.9, h * 0.9, (90, 96, 104))
        c.circle(along(0.3), deck - h * 0.9, h * 0.35, (200, 160, 40))
        c.line([(along(0.02), deck), (along(0.08), deck - h * 3.2), (along(0.14), deck)], (214, 162, 43), 4)
    elif kind == "barge":
        for i in range(3):
            x0, x1 = sorted((along(0.1 + i * 0.28), along(0.32 + i * 0.28)))
            c.polygon(
                [(x0, deck), (x0 + 0.01, deck - h * 1.2), (x1 - 0.01, deck - h * 1.2), (x1, deck)],
                (150, 112, 70),
            )
        block(0.0, 0.08, deck - h * 2, deck, cabin)


def wake(c, x, y, length, color):
    for i in range(4):
        c.line([(x, y + 0.004 * i), (x - length * (1 - i * 0.2), y + 0.012 + 0.01 * i)], color, 2.5)


def flag(c, x, top, height, colors, wave):
    c.line([(x, top), (x, top + height)], (200, 200, 205), 2.5)
    fw, fh = 0.045, 0.055
    stripes = len(colors)
    for i, color in enumerate(colors):
        y0 = top + fh * i / stripes
        y1 = top + fh * (i + 1) / stripes
        c.polygon([(x, y0), (x + fw, y0 + wave), (x + fw, y1 + wave), (x, y1)], color)


def person(c, x, ground, scale, color):
    c.circle(x, ground - scale * 0.9, scale * 0.13, color)
    c.polygon(
        [
            (x - scale * 0.14, ground - scale * 0.1),
            (x - scale * 0.1, ground - scale * 0.72),
            (x + scale * 0.1, ground - scale * 0.72),
            (x + scale * 0.14, ground - scale * 0.1),
        ],
        color,
    )
    c.rect(x - scale * 0.09, ground - scale * 0.12, x - scale * 0.02, ground, DARK)
    c.rect(x + scale * 0.02, ground - scale * 0.12, x + scale * 0.09, ground, DARK)


def fence(c, ground, height, color, y_slope=0.0):
    for i in range(31):
        x = i / 30
        y = ground + y_slope * x
        c.line([(x, y), (x, y - height)], color, 3)
    for k in (0.15, 0.5, 0.85):
        c.line([(0, ground - height * k), (1, ground + y_slope - height * k)], color, 1.5)
    for i in range(30):
        x = i / 30
        c.line(
            [(x, ground + y_slope * x - height * 0.85), (x + 1 / 30, ground + y_slope * x - height * 0.15)],
            mix(color, WHITE, 0.2),
            1,
        )
        c.line(
            [(x, ground + y_slope * x - height * 0.15), (x + 1 / 30, ground + y_slope * x - height * 0.85)],
            mix(color, WHITE, 0.2),
            1,
        )


def container_stack(c, x, ground, columns, levels, width=0.05, height=0.045):
    colors = [(176, 58, 46), (41, 98, 155), (214, 162, 43), (60, 120, 80), (110, 110, 118), (200, 96, 40)]
    for col in range(columns):
        for level in range(c.rng.randint(max(1, levels - 1), levels)):
            x0 = x + col * width
            y1 = ground - level * height
            color = colors[c.rng.randrange(len(colors))]
            c.rect(x0, y1 - height + 0.003, x0 + width - 0.003, y1, color)
            for r in range(1, 5):
                c.line(
                    [(x0 + width * r / 5, y1 - height + 0.008), (x0 + width * r / 5, y1 - 0.005)],
                    mix(color, DARK, 0.3),
                    1,
                )


def acacia(c, x, ground, size, color):
    c.line(
        [(x, ground), (x - size * 0.05, ground - size * 0.6), (x - size * 0.3, ground - size * 0.85)],
        color,
        4,
    )
    c.line([(x - size * 0.05, ground - size * 0.6), (x + size * 0.25, ground - size * 0.85)], color, 4)
    c.ellipse(x - size * 0.55, ground - size, x + size * 0.5, ground - size * 0.8, color)


def palm(c, x, ground, size, color):
    c.line([(x, ground), (x + size * 0.05, ground - size * 0.5), (x + size * 0.02, ground - size)], color, 5)
    top = (x + size * 0.02, ground - size)
    for angle in range(0, 360, 45):
        a = math.radians(angle)
        tip = (top[0] + math.cos(a) * size * 0.22, top[1] + math.sin(a) * size * 0.3 + size * 0.12)
        c.line([top, tip], color, 5)


# The subjects ----------------------------------------------------------------


def harbour_cable_ship(c):
    sky(c, (82, 92, 140), (246, 176, 132), 0.62)
    c.circle(0.2, 0.6, 0.08, (255, 214, 160))
    hills(c, 0.62, 0.06, (70, 70, 100))
    sea(c, 0.62, (46, 70, 98), (170, 140, 150))
    # Breakwater and its light.
    c.polygon([(0.62, 0.7), (1, 0.66), (1, 0.72), (0.62, 0.73)], (60, 58, 70))
    c.rect(0.9, 0.52, 0.93, 0.67, WHITE)
    c.rect(0.9, 0.57, 0.93, 0.6, (196, 48, 42))
    c.rect(0.895, 0.5, 0.935, 0.52, DARK)
    ship(c, 0.12, 0.82, 0.5, (34, 52, 74), kind="cable")
    wake(c, 0.12, 0.82, 0.12, (210, 190, 200))


def baltic_coast_radar(c):
    sky(c, (150, 158, 166), (204, 208, 210), 0.66)
    sea(c, 0.66, (92, 108, 118), (150, 162, 168), calm=True)
    c.polygon([(0, 0.74), (0.35, 0.7), (0.75, 0.78), (1, 0.76), (1, 1), (0, 1)], (88, 86, 80))
    for _ in range(60):
        x, y = c.rng.uniform(0, 1), c.rng.uniform(0.8, 1)
        c.circle(x, y, c.rng.uniform(0.004, 0.012), mix((88, 86, 80), WHITE, c.rng.uniform(0.05, 0.3)))
    # A lattice tower with its dome, and the hut at its foot.
    left, right, top, ground = 0.56, 0.68, 0.3, 0.76
    c.line([(left, ground), (0.605, top)], (70, 74, 80), 4)
    c.line([(right, ground), (0.635, top)], (70, 74, 80), 4)
    for i in range(6):
        y0 = ground - (ground - top) * i / 6
        y1 = ground - (ground - top) * (i + 1) / 6
        x0 = left + (0.605 - left) * i / 6
        x1 = right - (right - 0.635) * (i + 1) / 6
        c.line([(x0, y0), (x1, y1)], (90, 94, 100), 2)
        c.line([(x0, y1 + (y0 - y1) * 0), (x0, y0)], (90, 94, 100), 1)
    c.circle(0.62, 0.25, 0.07, WHITE)
    c.rect(0.69, 0.68, 0.8, 0.77, (176, 170, 160))
    c.polygon([(0.68, 0.68), (0.745, 0.63), (0.81, 0.68)], (120, 70, 60))
    fence(c, 0.84, 0.05, (60, 62, 66))


def brussels_flags(c):
    sky(c, (126, 168, 214), (200, 220, 236), 0.5)
    c.rect(0, 0.2, 1, 0.78, (206, 200, 188))
    for row in range(4):
        for col in range(14):
            c.rect(0.03 + col * 0.07, 0.25 + row * 0.12, 0.08 + col * 0.07, 0.33 + row * 0.12, (92, 120, 146))
    c.rect(0, 0.76, 1, 1, (160, 156, 150))
    colors = [
        [(0, 51, 153)],
        [(0, 0, 0), (255, 206, 0), (221, 0, 0)],
        [(0, 85, 164), (255, 255, 255), (239, 65, 53)],
        [(174, 28, 40), (255, 255, 255), (33, 70, 139)],
        [(0, 106, 68), (255, 255, 255), (206, 17, 38)],
        [(0, 51, 153)],
        [(255, 255, 255), (220, 20, 60)],
    ]
    for i, stripes in enumerate(colors):
        x = 0.12 + i * 0.115
        flag(c, x, 0.12, 0.7, stripes, 0.01 * math.sin(i))
        if stripes == [(0, 51, 153)]:
            for k in range(12):
                a = k / 12 * 2 * math.pi
                c.circle(
                    x + 0.022 + 0.012 * math.cos(a),
                    0.1475 + 0.018 * math.sin(a) + 0.005 * math.sin(i),
                    0.003,
                    (255, 204, 0),
                )


def red_sea_container_ship(c):
    sky(c, (150, 190, 220), (236, 226, 200), 0.55)
    c.circle(0.8, 0.18, 0.06, (255, 244, 214))
    sea(c, 0.55, (20, 74, 110), (90, 150, 176))
    ship(c, 0.1, 0.74, 0.62, (52, 56, 66), kind="cargo")
    wake(c, 0.1, 0.74, 0.1, (180, 210, 220))
    ship(c, 0.78, 0.64, 0.16, (120, 128, 136), cabin=(150, 156, 162), kind="warship")


def basra_river(c):
    sky(c, (74, 60, 110), (242, 150, 90), 0.55)
    c.circle(0.7, 0.5, 0.07, (255, 200, 120))
    c.gradient(0.55, 1, (200, 120, 90), (70, 60, 90))
    # Mud banks left by the low water.
    c.polygon([(0, 0.6), (0.45, 0.62), (0.3, 0.7), (0, 0.74)], (120, 92, 70))
    c.polygon([(1, 0.58), (0.6, 0.6), (0.75, 0.68), (1, 0.72)], (120, 92, 70))
    c.polygon([(0.1, 0.86), (0.55, 0.82), (0.75, 0.86), (0.4, 0.9)], (136, 104, 78))
    for x in (0.06, 0.14, 0.22, 0.8, 0.88, 0.95):
        palm(c, x, 0.62 if x < 0.5 else 0.6, 0.16, (40, 30, 50))


def gulf_skyline(c):
    sky(c, (200, 190, 170), (236, 220, 190), 0.7)
    c.circle(0.25, 0.25, 0.09, (255, 236, 200))
    shades = [(150, 140, 130), (120, 112, 106)]
    for layer, shade in enumerate(shades):
        x = 0.0
        while x < 1:
            w = c.rng.uniform(0.03, 0.07)
            h = c.rng.uniform(0.1, 0.35) * (1 - layer * 0.3)
            c.rect(x, 0.7 - h, x + w, 0.7, shade)
            x += w + c.rng.uniform(0.005, 0.02)
    # One spire above the rest.
    c.polygon([(0.55, 0.7), (0.57, 0.2), (0.575, 0.08), (0.58, 0.2), (0.6, 0.7)], (96, 92, 96))
    sea(c, 0.7, (110, 130, 140), (180, 180, 170), calm=True)


def sahel_road(c):
    sky(c, (130, 176, 210), (240, 220, 170), 0.55)
    c.gradient(0.55, 1, (206, 170, 100), (170, 120, 60))
    c.polygon([(0.47, 0.55), (0.53, 0.55), (0.8, 1), (0.2, 1)], (90, 80, 76))
    for i in range(8):
        t0, t1 = i / 8, i / 8 + 0.05
        c.polygon(
            [
                (0.5 - 0.004 - 0.01 * t0, 0.55 + 0.45 * t0),
                (0.5 + 0.004 + 0.01 * t0, 0.55 + 0.45 * t0),
                (0.5 + 0.004 + 0.01 * t1, 0.55 + 0.45 * t1),
                (0.5 - 0.004 - 0.01 * t1, 0.55 + 0.45 * t1),
            ],
            (236, 220, 160),
        )
    for x, y, s in (
        (0.12, 0.62, 0.22),
        (0.3, 0.58, 0.1),
        (0.75, 0.6, 0.16),
        (0.9, 0.66, 0.28),
        (0.62, 0.57, 0.07),
    ):
        acacia(c, x, y, s, (70, 74, 40))
    # A lorry coming up the road.
    c.rect(0.535, 0.66, 0.6, 0.73, (196, 70, 50))
    c.rect(0.535, 0.63, 0.565, 0.66, (196, 70, 50))
    c.rect(0.54, 0.64, 0.56, 0.655, (180, 210, 230))
    c.circle(0.55, 0.735, 0.012, DARK)
    c.circle(0.59, 0.735, 0.012, DARK)


def addis_summit(c):
    sky(c, (110, 160, 210), (210, 228, 240), 0.76)
    c.rect(0.08, 0.18, 0.92, 0.66, (214, 208, 196))
    c.rect(0.08, 0.16, 0.92, 0.2, (160, 150, 136))
    for i in range(16):
        c.rect(0.11 + i * 0.05, 0.24, 0.14 + i * 0.05, 0.6, (96, 130, 150))
    for i in range(5):
        c.rect(
            0.05 - i * 0.01,
            0.66 + i * 0.02,
            0.95 + i * 0.01,
            0.68 + i * 0.02,
            mix((180, 176, 168), (140, 136, 130), i / 5),
        )
    c.rect(0, 0.76, 1, 1, (120, 120, 118))
    for i, x in enumerate((0.2, 0.3, 0.7, 0.8)):
        flag(
            c,
            x,
            0.04,
            0.62,
            [
                [(7, 137, 48), (252, 221, 9), (218, 18, 26)],
                [(0, 154, 68), (255, 255, 255), (0, 0, 0)],
                [(0, 51, 153)],
                [(255, 150, 0), (255, 255, 255), (0, 130, 60)],
            ][i],
            0.008,
        )
    tones = [(40, 40, 60), (110, 60, 50), (60, 70, 100), (150, 140, 130), (30, 60, 60)]
    for i in range(11):
        person(
            c,
            0.08 + i * 0.085 + c.rng.uniform(-0.02, 0.02),
            0.95 - (i % 3) * 0.03,
            0.16,
            tones[i % len(tones)],
        )


def lake_fishing_boats(c):
    sky(c, (150, 190, 220), (230, 236, 230), 0.5)
    hills(c, 0.47, 0.06, (100, 130, 110))
    sea(c, 0.47, (70, 120, 130), (140, 176, 180), calm=True)
    c.polygon([(0, 0.66), (0.5, 0.62), (1, 0.68), (1, 1), (0, 1)], (214, 196, 160))
    paints = [(40, 110, 170), (200, 70, 50), (60, 150, 100), (230, 190, 60), (240, 240, 236)]
    for i, (x, y, w) in enumerate(
        ((0.05, 0.78, 0.28), (0.38, 0.86, 0.32), (0.68, 0.76, 0.26), (0.25, 0.95, 0.3))
    ):
        color = paints[i % len(paints)]
        c.polygon(
            [(x, y - 0.05), (x + w, y - 0.07), (x + w * 0.9, y), (x + w * 0.1, y + 0.01)], (110, 76, 50)
        )
        c.polygon(
            [(x, y - 0.05), (x + w, y - 0.07), (x + w * 0.98, y - 0.05), (x + w * 0.02, y - 0.035)], color
        )
    for x in (0.6, 0.75):
        c.line([(x, 0.5), (x + 0.05, 0.5)], (60, 60, 60), 3)


def pacific_atoll(c):
    c.gradient(0, 1, (20, 70, 130), (14, 50, 104))
    for _ in range(40):
        x, y = c.rng.uniform(0, 1), c.rng.uniform(0, 1)
        c.line([(x, y), (x + 0.03, y + 0.005)], (40, 96, 156), 2)
    c.ellipse(0.18, 0.12, 0.86, 0.9, (226, 214, 170))
    c.ellipse(0.16, 0.1, 0.88, 0.92, (226, 214, 170))
    c.ellipse(0.2, 0.16, 0.84, 0.86, (60, 130, 80))
    c.ellipse(0.24, 0.2, 0.8, 0.82, (226, 214, 170))
    c.ellipse(0.26, 0.23, 0.78, 0.79, (64, 196, 196))
    c.ellipse(0.34, 0.32, 0.7, 0.7, (90, 210, 206))
    for _ in range(18):
        x, y = c.rng.uniform(0.3, 0.7), c.rng.uniform(0.3, 0.7)
        c.circle(x, y, 0.006, (140, 226, 220))


def coast_guard_cutter(c):
    sky(c, (160, 196, 226), (226, 232, 236), 0.56)
    mountains(c, 0.56, [(0.1, 0.12), (0.3, 0.22), (0.48, 0.1), (0.7, 0.2), (0.9, 0.08)], (110, 136, 130))
    sea(c, 0.56, (40, 90, 130), (120, 160, 180), calm=True)
    ship(c, 0.08, 0.8, 0.44, WHITE, cabin=WHITE, kind="cutter")
    ship(c, 0.58, 0.68, 0.3, WHITE, cabin=WHITE, kind="cutter")
    c.line([(0.53, 0.78), (0.56, 0.86)], DARK, 2)
    c.line([(0.88, 0.67), (0.9, 0.72)], DARK, 2)


def mekong_barges(c):
    sky(c, (176, 200, 214), (230, 226, 210), 0.42)
    hills(c, 0.42, 0.05, (80, 120, 80), bumps=9)
    c.gradient(0.42, 1, (170, 140, 100), (130, 100, 70))
    c.polygon([(0, 0.42), (0.25, 0.42), (0, 0.62)], (70, 120, 70))
    c.polygon([(1, 0.42), (0.8, 0.42), (1, 0.58)], (70, 120, 70))
    for _ in range(16):
        x, y = c.rng.uniform(0.2, 0.9), c.rng.uniform(0.5, 0.98)
        c.line([(x, y), (x + 0.06, y)], (186, 160, 120), 2)
    ship(c, 0.15, 0.66, 0.36, (70, 56, 44), cabin=(220, 220, 210), kind="barge")
    ship(c, 0.45, 0.86, 0.5, (70, 56, 44), cabin=(220, 220, 210), kind="barge")
    for x in (0.02, 0.06, 0.93, 0.97):
        palm(c, x, 0.5 if x < 0.5 else 0.48, 0.12, (50, 90, 50))


def andes_salt_flat(c):
    sky(c, (70, 120, 200), (180, 206, 232), 0.42)
    mountains(
        c,
        0.44,
        [(0.08, 0.16), (0.22, 0.26), (0.4, 0.14), (0.6, 0.3), (0.82, 0.18), (0.95, 0.22)],
        (130, 110, 110),
        snow=WHITE,
    )
    c.gradient(0.44, 1, (236, 234, 226), (248, 248, 244))
    colors = [
        (90, 200, 200),
        (120, 210, 180),
        (60, 170, 200),
        (170, 220, 210),
        (80, 190, 170),
        (200, 230, 220),
    ]
    for row in range(4):
        y0 = 0.5 + row * 0.05 + row * row * 0.02
        y1 = y0 + 0.035 + row * 0.02
        spread = 0.3 + row * 0.22
        count = 3 + row
        for col in range(count):
            x0 = 0.5 - spread / 2 + spread * col / count
            x1 = x0 + spread / count - 0.01 - row * 0.004
            skew = (x0 - 0.5) * 0.1
            c.polygon(
                [(x0, y0), (x1, y0), (x1 + skew + 0.01, y1), (x0 + skew, y1)],
                colors[(row * 3 + col) % len(colors)],
            )


def canal_locks(c):
    sky(c, (130, 180, 220), (220, 230, 236), 0.47)
    hills(c, 0.47, 0.09, (70, 130, 80), bumps=4)
    c.rect(0, 0.47, 1, 1, (170, 168, 160))
    c.polygon([(0.3, 0.47), (0.7, 0.47), (0.95, 1), (0.05, 1)], (60, 110, 120))
    for y in (0.58, 0.9):
        t = (y - 0.47) / 0.53
        c.rect(0.3 - 0.25 * t, y, 0.7 + 0.25 * t, y + 0.03, (90, 60, 40))
        c.line([(0.3 - 0.25 * t, y), (0.5, y + 0.015), (0.7 + 0.25 * t, y)], (210, 200, 40), 2)
    ship(c, 0.72, 0.76, 0.42, (170, 40, 40), kind="cargo", facing=-1)
    c.rect(0.0, 0.47, 0.22, 0.5, (110, 108, 104))
    c.rect(0.05, 0.38, 0.1, 0.47, (200, 196, 186))


def sanctions_ledger(c):
    sky(c, (150, 170, 190), (210, 214, 214), 0.62)
    c.rect(0, 0.62, 1, 1, (120, 118, 114))
    # A gantry crane over the rows.
    c.line([(0.62, 0.62), (0.62, 0.15)], (214, 162, 43), 6)
    c.line([(0.9, 0.62), (0.9, 0.15)], (214, 162, 43), 6)
    c.line([(0.55, 0.16), (0.97, 0.16)], (214, 162, 43), 7)
    c.line([(0.75, 0.16), (0.75, 0.3)], DARK, 2)
    c.rect(0.72, 0.3, 0.8, 0.345, (41, 98, 155))
    container_stack(c, 0.02, 0.64, 10, 4)
    container_stack(c, 0.55, 0.64, 8, 3)
    container_stack(c, 0.08, 0.86, 14, 3, width=0.06, height=0.06)
    fence(c, 0.97, 0.09, (70, 72, 76))


def missile_silo_field(c):
    sky(c, (80, 120, 180), (210, 222, 232), 0.68)
    for _ in range(5):
        x, y = c.rng.uniform(0.05, 0.85), c.rng.uniform(0.1, 0.4)
        c.ellipse(x, y, x + c.rng.uniform(0.12, 0.25), y + 0.06, (240, 242, 244))
    c.gradient(0.68, 1, (150, 160, 90), (110, 126, 60))
    c.polygon([(0.55, 0.74), (0.75, 0.73), (0.8, 0.78), (0.5, 0.79)], (176, 176, 170))
    c.ellipse(0.6, 0.745, 0.7, 0.77, (110, 112, 110))
    c.rect(0.42, 0.7, 0.45, 0.75, (140, 140, 136))
    fence(c, 0.9, 0.12, (60, 64, 60), y_slope=-0.04)


def seabed_chart(c):
    c.gradient(0, 1, (120, 80, 50), (90, 56, 34))
    c.polygon([(0.06, 0.08), (0.92, 0.04), (0.96, 0.9), (0.1, 0.96)], (238, 232, 210))
    # Land, depth contours, the cable routes and a compass rose.
    c.polygon([(0.1, 0.1), (0.5, 0.08), (0.42, 0.22), (0.3, 0.28), (0.2, 0.45), (0.11, 0.5)], (226, 206, 150))
    c.polygon([(0.95, 0.5), (0.8, 0.56), (0.7, 0.7), (0.72, 0.88), (0.95, 0.88)], (226, 206, 150))
    for k in range(1, 5):
        c.line(
            [
                (0.1 + 0.04 * k, 0.55 + 0.02 * k),
                (0.3 + 0.04 * k, 0.3 + 0.03 * k),
                (0.55 + 0.02 * k, 0.12 + 0.04 * k),
            ],
            (150, 180, 200),
            1.5,
        )
    c.line([(0.12, 0.42), (0.4, 0.5), (0.62, 0.62), (0.76, 0.7)], (196, 48, 42), 3)
    c.line([(0.3, 0.24), (0.52, 0.4), (0.82, 0.56)], (196, 48, 42), 3)
    cx, cy = 0.3, 0.72
    c.circle(cx, cy, 0.1, (220, 210, 186))
    for a in range(0, 360, 90):
        r = math.radians(a)
        c.polygon(
            [
                (cx, cy),
                (cx + 0.06 * math.cos(r + 0.3), cy + 0.08 * math.sin(r + 0.3)),
                (cx + 0.1 * math.cos(r) * 0.62, cy + 0.1 * math.sin(r)),
            ],
            (90, 70, 60),
        )
    c.line([(0.6, 0.3), (0.7, 0.78)], (80, 84, 90), 3)
    c.line([(0.6, 0.3), (0.78, 0.74)], (80, 84, 90), 3)


def grain_ship(c):
    sky(c, (150, 186, 214), (226, 228, 220), 0.56)
    sea(c, 0.62, (40, 80, 110), (110, 146, 160), calm=True)
    c.rect(0, 0.56, 1, 0.62, (130, 126, 120))
    for i in range(5):
        x = 0.58 + i * 0.08
        c.rect(x, 0.2, x + 0.07, 0.56, (206, 202, 192))
        c.ellipse(x, 0.17, x + 0.07, 0.23, (206, 202, 192))
    c.line([(0.6, 0.3), (0.4, 0.3), (0.36, 0.64)], (120, 120, 126), 5)
    ship(c, 0.02, 0.86, 0.7, (40, 60, 100), kind="bulk")


def tanker_at_anchor(c):
    sky(c, (130, 138, 150), (196, 198, 196), 0.6)
    sea(c, 0.6, (60, 76, 86), (130, 140, 146), calm=True)
    ship(c, 0.15, 0.8, 0.7, (110, 60, 40), cabin=(214, 206, 190), kind="tanker")
    c.line([(0.8, 0.77), (0.86, 0.9)], DARK, 2)
    for _ in range(40):
        x, y = c.rng.uniform(0.2, 0.85), c.rng.uniform(0.72, 0.79)
        c.circle(x, y, c.rng.uniform(0.002, 0.006), (150, 90, 60))


SUBJECTS = {
    "harbour-cable-ship": harbour_cable_ship,
    "baltic-coast-radar": baltic_coast_radar,
    "brussels-flags": brussels_flags,
    "red-sea-container-ship": red_sea_container_ship,
    "basra-river": basra_river,
    "gulf-skyline": gulf_skyline,
    "sahel-road": sahel_road,
    "addis-summit": addis_summit,
    "lake-fishing-boats": lake_fishing_boats,
    "pacific-atoll": pacific_atoll,
    "coast-guard-cutter": coast_guard_cutter,
    "mekong-barges": mekong_barges,
    "andes-salt-flat": andes_salt_flat,
    "canal-locks": canal_locks,
    "sanctions-ledger": sanctions_ledger,
    "missile-silo-field": missile_silo_field,
    "seabed-chart": seabed_chart,
    "grain-ship": grain_ship,
    "tanker-at-anchor": tanker_at_anchor,
}


def draw_subject(key, size):
    canvas = Canvas(size, key)
    SUBJECTS[key](canvas)
    return canvas.finish()
