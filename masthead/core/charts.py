"""Bar charts drawn on the server as SVG (the admin's content policy allows
no charting script): the geometry of each bar."""


def bars(values: list[int], height: int, width: int, gap: int) -> list[dict]:
    """x, y and height of each bar, scaled so the largest is `height` tall."""
    top = max(values, default=0) or 1
    out = []
    for i, value in enumerate(values):
        tall = round(value / top * height)
        out.append({"x": i * (width + gap), "y": height - tall, "height": tall, "value": value})
    return out
