import math

import pytest

from skincheck.branches import load_branches
from skincheck.geo import haversine_km, nearest_branches, valid_coordinates


@pytest.fixture(scope="module")
def branches():
    return load_branches("content/branches.yml")


def test_haversine_known_distances():
    # KL city centre to George Town is about 290 km as the crow flies.
    assert 280 < haversine_km(3.14, 101.69, 5.41, 100.34) < 300
    # One degree of latitude is ~111 km everywhere.
    assert haversine_km(3.0, 101.0, 4.0, 101.0) == pytest.approx(111.2, abs=0.3)
    assert haversine_km(3.1, 101.6, 3.1, 101.6) == 0


def test_haversine_is_symmetric():
    assert haversine_km(3.09, 101.74, 3.10, 101.46) == pytest.approx(haversine_km(3.10, 101.46, 3.09, 101.74))


def test_nearest_branches_sorted_with_all_branches(branches):
    ranked = nearest_branches(branches, 3.12, 101.62)  # SS2
    assert next(b.id for b, _ in ranked) == "pj"
    distances = [km for _, km in ranked]
    assert distances == sorted(distances)
    assert len(ranked) == len(branches)


@pytest.mark.parametrize(
    "lat, lon, ok",
    [
        (3.1, 101.6, True),
        (-90, 180, True),
        (91, 0, False),
        (0, 181, False),
        (math.nan, 101, False),
        ("x", 1, False),
        (None, 1, False),
    ],
)
def test_valid_coordinates(lat, lon, ok):
    assert valid_coordinates(lat, lon) is ok
