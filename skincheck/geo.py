"""Great-circle distances and nearest-branch ranking (pure functions over plain data)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Protocol, TypeVar

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)


class HasPosition(Protocol):
    lat: float
    lon: float


B = TypeVar("B", bound=HasPosition)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance along the Earth's surface; within ~0.5% of the ellipsoid, plenty for 'nearest branch'."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def valid_coordinates(lat: float, lon: float) -> bool:
    """True for finite WGS84 latitude/longitude values (rejects NaN and out-of-range numbers)."""
    try:
        lat_f, lon_f = float(lat), float(lon)
    except (TypeError, ValueError):
        return False
    return math.isfinite(lat_f) and math.isfinite(lon_f) and -90 <= lat_f <= 90 and -180 <= lon_f <= 180


def nearest_branches(branches: Iterable[B], lat: float, lon: float) -> list[tuple[B, float]]:
    """Every branch with its distance in km from (lat, lon), nearest first."""
    ranked = [(b, haversine_km(lat, lon, b.lat, b.lon)) for b in branches]
    ranked.sort(key=lambda pair: pair[1])
    return ranked
