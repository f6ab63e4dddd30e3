"""A tiny dependency-free PNG bar chart, for the reference Word report's picture."""
from __future__ import annotations

import struct
import zlib
from typing import Sequence

BACKGROUND = (255, 255, 255)
BAR = (68, 114, 196)
AXIS = (90, 90, 90)


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def encode_png(pixels: Sequence[Sequence[tuple[int, int, int]]]) -> bytes:
    height, width = len(pixels), len(pixels[0])
    raw = b"".join(b"\x00" + bytes(channel for pixel in row for channel in pixel) for row in pixels)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(raw, 9)) + _chunk(b"IEND", b""))


def bar_chart_png(values: Sequence[float], width: int = 480, height: int = 240) -> bytes:
    """Bars for ``values`` on a white canvas with a baseline; no text (fonts need a library)."""
    pixels = [[BACKGROUND] * width for _ in range(height)]
    margin, top = 20, 15
    base = height - margin
    peak = max(values) or 1
    slot = (width - 2 * margin) / max(len(values), 1)
    for index, value in enumerate(values):
        left = int(margin + index * slot + slot * 0.15)
        right = int(margin + (index + 1) * slot - slot * 0.15)
        bar_top = int(base - (base - top) * value / peak)
        for y in range(bar_top, base):
            for x in range(left, max(right, left + 1)):
                pixels[y][x] = BAR
    for x in range(margin, width - margin):
        pixels[base][x] = AXIS
    for y in range(top, base + 1):
        pixels[y][margin] = AXIS
    return encode_png(pixels)
