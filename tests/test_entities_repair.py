"""Rule repairs of CRF tags (riwaya.ner.repair) on fictional sentences."""

from __future__ import annotations

from riwaya.ner.data import chunks
from riwaya.ner.repair import repair


def test_entities_repair_drops_a_person_that_is_a_glued_common_noun():
    words = "تعرض البيت لهجوم غادر أمس".split()
    tags = ["O", "O", "B-PER", "I-PER", "O"]
    assert repair(words, tags, {}) == ["O"] * 5


def test_entities_repair_keeps_a_known_name_after_a_glued_preposition():
    words = "قال لمحمد الحلواني إن".split()
    tags = ["O", "B-PER", "I-PER", "O"]
    assert repair(words, tags, {}) == tags
    words = "قال لسامرون الحلواني إن".split()
    assert repair(words, tags, {"سامرون": "PER"}) == tags


def test_entities_repair_splits_a_person_off_an_organisation():
    words = "رئيس حركة النور هادي الحلواني يصل".split()
    tags = ["O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "O"]
    assert chunks(repair(words, tags, {})) == {(1, 3, "ORG"), (3, 5, "PER")}


def test_entities_repair_tags_a_given_name_before_a_definite_word():
    words = "وصل مقتدى الحلواني أمس".split()
    assert chunks(repair(words, ["O"] * 4, {})) == {(1, 3, "PER")}
    words = "سقط على الأرض أمس".split()  # على is no علي: unfolded match only
    assert repair(words, ["O"] * 4, {}) == ["O"] * 4


def test_entities_repair_drops_an_organisation_that_is_one_generic_head_word():
    words = "هاجمت ميليشيات مسلحة حزب النور".split()
    tags = ["O", "B-ORG", "O", "B-ORG", "I-ORG"]
    assert chunks(repair(words, tags, {})) == {(3, 5, "ORG")}  # "militias" alone is no name
    words = "قالت حماس إن".split()
    assert repair(words, ["O", "B-ORG", "O"], {"حماس": "ORG"}) == ["O", "B-ORG", "O"]  # a head and a name


def test_entities_repair_tags_a_listed_organisation_the_tagger_missed_with_its_clitics():
    words = "وجهت الحكومة رسالة للحشد الشعبي أمس".split()
    assert repair(words, ["O"] * 6, {}) == ["O", "O", "O", "B-ORG", "I-ORG", "O"]


def test_entities_repair_leaves_ministries_and_tagged_names_to_the_tagger():
    words = "أعلنت وزارة الدفاع أن الحشد الشعبي انسحب".split()
    tags = ["O", "O", "O", "O", "B-LOC", "I-LOC", "O"]  # a tagger's (wrong) call stays its own
    assert repair(words, tags, {}) == tags


def test_entities_repair_a_weapon_model_is_no_place_but_a_known_owner_stays():
    words = "أطلق المسلحون صاروخ كاتيوشا على الحي".split()
    assert repair(words, ["O", "O", "O", "B-LOC", "O", "O"], {}) == ["O"] * 6
    owner = "تذكر الجميع أزمة صواريخ كوبا".split()
    tags = ["O", "O", "O", "O", "B-LOC"]
    assert repair(owner, tags, {}) == tags
