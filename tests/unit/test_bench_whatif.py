"""bench/whatif_rasa.py: ours* runs ours' patches plus the ones under evaluation."""

from bench.whatif_rasa import setting


def test_ours_star_is_ours_plus_the_named_patches_each_once():
    assert setting("fast-slot-copy", ["diet-direct-call"]) == "fast-slot-copy,diet-direct-call"
    assert setting("fast-slot-copy,diet-direct-call", ["diet-direct-call"]) == "fast-slot-copy,diet-direct-call"
    assert setting("off", []) == "off"
    assert setting("off", ["fast-slot-copy"]) == "fast-slot-copy"
    assert "diet-direct-call" in setting(None, []).split(",")  # unset means all, as for ours
