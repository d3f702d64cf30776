"""Slot statuses across outlets (issue 19): revision vs conflict, tolls, origins, uncertain.

Claims are built by hand; texts are fictional."""

from __future__ import annotations

from riwaya.results import Claim
from riwaya.stages.compare import comparison, with_origins
from riwaya.stages.slot_status import compatible


def claim(slot, value, outlet, *, start=10, published="2030-03-07", update=None, source=None, text="نص"):
    return Claim(slot, value, "", f"art-{outlet}", start, start + 5, text, source or outlet, outlet,
                 None, update=update, published=published)  # fmt: skip


def n(value, kind="exact"):
    return {"n": value, "kind": kind}


def status(claims):
    return {s.slot: s.status for s in comparison(with_origins(claims))}


def test_slot_status_rising_toll_with_a_rise_cue_is_a_revision():
    claims = [claim("killed", n(7), "الأفق"), claim("killed", n(9), "المشرق", update="rise")]
    assert status(claims)["killed"] == "revision"


def test_slot_status_same_day_disagreement_is_a_conflict():
    claims = [claim("killed", n(7), "الأفق"), claim("killed", n(9), "المشرق")]
    assert status(claims)["killed"] == "conflict"


def test_slot_status_later_days_that_give_more_are_a_revision_but_a_fall_is_not():
    rising = [claim("arrested", n(2), "الأفق", published="2030-03-07"),
              claim("arrested", n(4), "المشرق", published="2030-03-10")]  # fmt: skip
    falling = [claim("arrested", n(4), "الأفق", published="2030-03-07"),
               claim("arrested", n(2), "المشرق", published="2030-03-10")]  # fmt: skip
    assert status(rising)["arrested"] == "revision"
    assert status(falling)["arrested"] == "conflict"


def test_slot_status_vague_and_exact_counts_agree_and_one_outlet_is_single():
    assert (
        status([claim("injured", n(2, "several"), "الأفق"), claim("injured", n(10), "المشرق")])["injured"]
        == "agree"
    )
    assert (
        status([claim("injured", n(3), "الأفق"), claim("injured", n(5), "الأفق", start=90)])["injured"]
        == "single"
    )


def test_slot_status_toll_decides_not_the_group_figures_inside_it():
    claims = [claim("killed", n(12), "الأفق"), claim("killed", n(5), "الأفق", start=80),  # 5 soldiers among 12
              claim("killed", n(12), "المشرق")]  # fmt: skip
    assert status(claims)["killed"] == "agree"


def test_slot_status_no_casualties_conflicts_with_injured():
    claims = [claim("casualties", n(0), "الأفق"), claim("injured", n(2), "المشرق")]
    assert status(claims)["injured"] == "conflict"


def test_slot_status_open_slots_are_uncertain_not_conflict_and_containment_agrees():
    assert (
        status([claim("place", "بغداد", "الأفق"), claim("place", "البصرة", "المشرق")])["place"] == "uncertain"
    )
    assert (
        status([claim("place", "أريحا، إدلب", "الأفق"), claim("place", "إدلب", "المشرق")])["place"] == "agree"
    )


def test_slot_status_weapons_generic_covers_specific_two_devices_conflict():
    assert compatible("weapon", "bomb", "car_bomb")
    assert not compatible("weapon", "suicide_vest", "car_bomb")
    assert compatible("time_of_day", "dawn", "night") and not compatible("time_of_day", "morning", "evening")


def test_slot_status_one_wording_in_five_outlets_is_one_origin():
    outlets = ["الأفق", "المشرق", "الرافد", "البوصلة", "النخيل"]
    claims = [claim("killed", n(3), o, text="قتل ثلاثة أشخاص في الهجوم") for o in outlets]
    (slot,) = comparison(with_origins(claims))
    assert slot.status == "agree" and slot.values[0].origins == 1 and len(slot.values[0].outlets) == 5
    quoted = [claim("killed", n(3), o, text=f"نص {o}", source=f"وزارة الداخلية ← {o}") for o in outlets]
    assert comparison(with_origins(quoted))[0].values[0].origins == 1
