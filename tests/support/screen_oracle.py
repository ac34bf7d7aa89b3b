"""The safety screen as the clinic agreed it, written out by hand (not read from content/questions.yml), so a
test that compares the assistant's order with it fails when the content changes the screen by mistake."""

SCREEN = [
    "rf_swelling_breathing",
    "rf_emergency_signs",
    "age_group",
    "rf_fever_unwell",
    "rf_spreading_redness",
    "rf_blisters_sores",
    "rf_weak_immunity",
    "rf_mole",
]
RED_FLAGS = [slot for slot in SCREEN if slot.startswith("rf_")]
