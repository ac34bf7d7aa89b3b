import textwrap

import pytest

from skincheck.branches import load_branches
from skincheck.content import ContentError
from skincheck.gazetteer import load_gazetteer, location_from_coordinates, resolve_location
from skincheck.geo import nearest_branches


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer("content/gazetteer.yml")


@pytest.fixture(scope="module")
def branches():
    return load_branches("content/branches.yml")


def nearest(gaz, branches, text):
    loc = resolve_location(gaz, text)
    assert loc is not None, text
    branch, km = nearest_branches(branches, loc.lat, loc.lon)[0]
    return branch.id, km, loc


@pytest.mark.parametrize(
    "text, branch_id",
    [
        ("Klang", "setia_alam"),
        ("Meru", "setia_alam"),
        ("Kapar", "setia_alam"),
        ("Subang Jaya", "pj"),
        ("Kota Damansara", "pj"),
        ("Puchong", "pj"),
        ("Kajang", "cheras"),
        ("Ampang", "cheras"),
        ("Seri Kembangan", "cheras"),
    ],
)
def test_required_places_go_to_the_right_branch(gaz, branches, text, branch_id):
    got, km, loc = nearest(gaz, branches, text)
    assert got == branch_id
    assert loc.klang_valley is True
    assert km < 20


def test_penang_is_far_and_outside_klang_valley(gaz, branches):
    branch_id, km, loc = nearest(gaz, branches, "Penang")
    assert loc.klang_valley is False
    assert km > 250
    assert branch_id in {b.id for b in branches}


def test_gazetteer_is_large_and_has_outside_places(gaz):
    inside = [p for p in gaz.places.values() if p.klang_valley]
    outside = [p for p in gaz.places.values() if not p.klang_valley]
    assert len(gaz.places) >= 150
    assert {
        "george_town",
        "johor_bahru",
        "ipoh",
        "melaka",
        "seremban",
        "kuantan",
        "kota_kinabalu",
        "kuching",
        "alor_setar",
        "kota_bharu",
    } <= {p.id for p in outside}
    # Klang Valley places lie in a box around KL; a typo in a coordinate would show up here.
    for p in inside:
        assert 2.6 < p.lat < 3.5 and 101.2 < p.lon < 101.9, p.id


@pytest.mark.parametrize(
    "text, place_id",
    [
        ("chras", "cheras"),
        ("subng", "subang_jaya"),
        ("pj", "petaling_jaya"),
        ("P.J.", "petaling_jaya"),
        ("kl", "kuala_lumpur"),
        ("KL", "kuala_lumpur"),
        ("near SS2", "ss2"),
        ("I stay at USJ area", "usj"),
        ("taman connaught", "taman_connaught"),
        ("Tmn Midah", "taman_midah"),
        ("ttdi", "taman_tun_dr_ismail"),
        ("Kelang", "klang"),
        ("klnag", "klang"),
        ("bandar utma", "bandar_utama"),
        ("kota damansra", "kota_damansara"),
        ("dekat Bangi", "bandar_baru_bangi"),
        ("Cheras!!", "cheras"),
        ("  SHAH ALAM  ", "shah_alam"),
    ],
)
def test_names_aliases_and_typos(gaz, text, place_id):
    loc = resolve_location(gaz, text)
    assert loc is not None and loc.place_id == place_id, text
    assert loc.source == "name"


@pytest.mark.parametrize(
    "text, place_id",
    [
        ("old klang road", "old_klang_road"),  # not Klang, 30 km away
        ("ulu klang", "ulu_kelang"),
        ("Subang Jaya", "subang_jaya"),
        ("Sri Petaling", "sri_petaling"),
        ("Petaling Jaya Section 17", "pj_section_17"),
    ],
)
def test_longest_name_wins(gaz, text, place_id):
    assert resolve_location(gaz, text).place_id == place_id


@pytest.mark.parametrize(
    "text, place_id",
    [
        ("47301", "petaling_jaya"),
        ("my postcode is 40170", "setia_alam"),
        ("40000", "shah_alam"),
        ("41200", "klang"),
        ("43000 Kajang", "kajang"),
        ("56100", "cheras"),
        ("68000", "ampang"),
        ("50450", "kuala_lumpur"),
        ("10200", "george_town"),
        ("47500", "subang_jaya"),
        ("47100", "puchong"),
    ],
)
def test_postcodes(gaz, text, place_id):
    loc = resolve_location(gaz, text)
    assert loc is not None and loc.place_id == place_id
    assert loc.source == "postcode"


def test_gps_text(gaz, branches):
    loc = resolve_location(gaz, "3.0738, 101.5183")
    assert loc.source == "gps" and loc.klang_valley is True and loc.place_id is None
    assert nearest_branches(branches, loc.lat, loc.lon)[0][0].id in {"setia_alam", "pj"}
    far = resolve_location(gaz, "1.29,103.85")  # Singapore: not a Klang Valley position
    assert far.source == "gps" and far.klang_valley is False


def test_coordinates_from_payload(gaz):
    assert location_from_coordinates(gaz, 3.10, 101.46).klang_valley is True
    assert location_from_coordinates(gaz, 48.85, 2.35).klang_valley is False
    assert location_from_coordinates(gaz, 200, 101) is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "hello",
        "banana",
        "Tokyo",
        "near my house",
        "Sunday",
        "I don't know",
        "selangor",
        "Seksyen 7",  # every city has a Section 7: ambiguous, ask again
        "99999",
        "12",
        "x" * 5000,
    ],
)
def test_unknown_places_are_not_guessed(gaz, text):
    assert resolve_location(gaz, text) is None


def test_non_text_input_is_none(gaz):
    assert resolve_location(gaz, None) is None


def _write(tmp_path, body):
    path = tmp_path / "gazetteer.yml"
    path.write_text(textwrap.dedent(body))
    return path


def test_load_rejects_duplicate_alias_naming_both_places(tmp_path):
    path = _write(
        tmp_path,
        """
        places:
          - {id: a, name: Alpha, aliases: [same], lat: 3.1, lon: 101.6, klang_valley: true}
          - {id: b, name: Beta, aliases: [Same], lat: 3.2, lon: 101.6, klang_valley: true}
        postcodes: []
    """,
    )
    with pytest.raises(ContentError, match=r"gazetteer.yml: places\[b\].aliases: 'Same' also names places\[a\]"):
        load_gazetteer(path)


def test_load_rejects_unquoted_postcode(tmp_path):
    path = _write(
        tmp_path,
        """
        places:
          - {id: a, name: Alpha, aliases: [], lat: 3.1, lon: 101.6, klang_valley: true}
        postcodes:
          - {from: 01000, to: "01999", place: a}
    """,
    )
    with pytest.raises(ContentError, match=r"postcodes\[0\].from: .*quoted 5-digit"):
        load_gazetteer(path)


def test_load_rejects_unknown_postcode_place_and_bad_coordinates(tmp_path):
    path = _write(
        tmp_path,
        """
        places:
          - {id: a, name: Alpha, aliases: [], lat: 3.1, lon: 101.6, klang_valley: true}
        postcodes:
          - {from: "40000", to: "40999", place: nowhere}
    """,
    )
    with pytest.raises(ContentError, match=r"postcodes\[0\].place: unknown place id 'nowhere'"):
        load_gazetteer(path)
    path = _write(
        tmp_path,
        """
        places:
          - {id: a, name: Alpha, aliases: [], lat: 301.1, lon: 101.6, klang_valley: true}
        postcodes: []
    """,
    )
    with pytest.raises(ContentError, match=r"places\[a\].lat"):
        load_gazetteer(path)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(ContentError, match=r"nope\.yml: \(file\): not found"):
        load_gazetteer(tmp_path / "nope.yml")
