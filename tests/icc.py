"""A minimal CMYK printer ICC profile, made in the tests for the print-shop profile.

It is structurally valid (LittleCMS opens it; WeasyPrint embeds it as the
output intent) but characterises no real press: a real print run uses the
print shop's own profile (--output-intent). Built here because no CMYK
profile with a licence this project can ship is at hand.
"""

from __future__ import annotations

import struct


def s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def lut8(inputs: int, outputs: int, clut: bytes) -> bytes:
    """An 8-bit lookup table with identity curves and a 2-point grid."""
    matrix = b"".join(s15(v) for v in (1, 0, 0, 0, 1, 0, 0, 0, 1))
    curve = bytes(range(256))
    return (b"mft1" + bytes(4) + bytes([inputs, outputs, 2, 0]) + matrix
            + curve * inputs + clut + curve * outputs)


def cmyk_to_lab_grid() -> bytes:
    """Lab (8-bit encoded) for each corner of the CMYK cube: ink darkens, crudely."""
    out = bytearray()
    for c in (0, 1):
        for m in (0, 1):
            for y in (0, 1):
                for k in (0, 1):
                    lightness = max(0, 255 - 70 * (c + m + y) - 230 * k)
                    a = 128 + 40 * m - 40 * c
                    b = 128 + 50 * y - 30 * c
                    out += bytes([lightness, max(0, min(255, a)), max(0, min(255, b))])
    return bytes(out)


def lab_to_cmyk_grid() -> bytes:
    out = bytearray()
    for lightness in (0, 1):
        for _a in (0, 1):
            for _b in (0, 1):
                out += bytes([0, 0, 0, 0 if lightness else 255])
    return bytes(out)


def text_description(text: str) -> bytes:
    ascii_text = text.encode("ascii") + b"\0"
    return (b"desc" + bytes(4) + struct.pack(">I", len(ascii_text)) + ascii_text
            + bytes(4) + bytes(4) + bytes(2) + bytes(1) + bytes(67))


def cmyk_profile(description: str = "Test CMYK (not a real press)") -> bytes:
    tags = [
        (b"desc", text_description(description)),
        (b"cprt", b"text" + bytes(4) + b"No copyright: test data\0"),
        (b"wtpt", b"XYZ " + bytes(4) + s15(0.9642) + s15(1.0) + s15(0.8249)),
        (b"A2B0", lut8(4, 3, cmyk_to_lab_grid())),
        (b"B2A0", lut8(3, 4, lab_to_cmyk_grid())),
        (b"gamt", lut8(3, 1, bytes(8))),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, body in tags:
        body += bytes(-len(body) % 4)
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body
    size = offset + len(data)
    header = (struct.pack(">I", size) + b"lcms" + struct.pack(">I", 0x02100000) + b"prtr"
              + b"CMYK" + b"Lab " + struct.pack(">6H", 2026, 1, 1, 0, 0, 0) + b"acsp"
              + b"APPL" + bytes(4) + bytes(4) + bytes(4) + bytes(8) + bytes(4)
              + s15(0.9642) + s15(1.0) + s15(0.8249) + b"lcms" + bytes(16) + bytes(28))
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + data
