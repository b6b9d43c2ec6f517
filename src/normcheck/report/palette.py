"""Colours of the maturity stages: a sequential ramp that is colour-blind safe and ordered in greyscale."""

from __future__ import annotations

# ColorBrewer YlGnBu: safe for the common colour-vision deficiencies, and its lightness falls steadily from
# stage 0 to stage 5, so a greyscale print keeps the order. Stage 4 comes from the 7-class ramp, darker than
# the 6-class one, so that white text on it passes WCAG AA (4.5:1).
STAGE_FILLS: tuple[str, ...] = ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#225ea8", "#253494")
NOT_RATED_FILL = "#ffffff"
DARK = "#1a1a1a"
LIGHT = "#ffffff"
LINE = "#253494"
MUTED = "#6b6b6b"
GRID = "#c8c8c8"


def stage_fill(stage: int | None) -> str:
    if stage is None:
        return NOT_RATED_FILL
    return STAGE_FILLS[max(0, min(stage, len(STAGE_FILLS) - 1))]


def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def ink_for(fill: str) -> str:
    """The text colour, dark or light, that contrasts more with `fill`."""
    return DARK if contrast(fill, DARK) >= contrast(fill, LIGHT) else LIGHT
