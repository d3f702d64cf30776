"""Rule repairs of CRF tags (riwaya.components.entities.repair) on fictional sentences."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from riwaya.components.entities.data import LABELS, chunks
from riwaya.components.entities.repair import repair, tag_clubs_in_context

# words that trigger every rule: cues, quotes, honorifics, listed names, adjectives, weapons
RULE_WORDS = '« » " برنامج صحيفة سعادة الشيخ ليون الفرنسي لجامعة الدول العربية صاروخ مقتدى الحلواني x بان كي مون مؤسسة للحلواني'.split()


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


def test_entities_repair_a_place_with_a_masculine_adjective_of_origin_is_a_club():
    words = "تعادل نادر مع ليون الفرنسي أمس".split()
    tags = ["O", "O", "O", "B-LOC", "O", "O"]
    assert chunks(repair(words, tags, {})) == {(3, 4, "ORG")}
    words = "وصل الوفد إلى ليون الفرنسية أمس".split()  # the city: feminine adjective
    tags = ["O", "O", "O", "B-LOC", "O", "O"]
    assert repair(words, tags, {}) == tags


def test_entities_repair_a_quoted_run_after_a_title_cue_takes_the_cue_type():
    words = "قدم برنامجا بعنوان « ليالي النخيل » أمس".split()
    assert chunks(repair(words, ["O"] * len(words), {})) == {(4, 6, "MISC")}
    words = "ونقلت صحيفة « الشرق الأوسط » عن".split()
    tags = ["O", "O", "O", "B-LOC", "I-LOC", "O", "O"]
    assert chunks(repair(words, tags, {})) == {(3, 5, "ORG")}  # the paper, not the region


def test_entities_repair_leaves_quoted_runs_without_a_cue_or_a_closing_quote():
    words = "وقال « لن نتراجع » أمس".split()
    assert repair(words, ["O"] * len(words), {}) == ["O"] * len(words)
    words = "بعنوان « ".split() + ["كلمة"] * 8 + ["»"]
    assert repair(words, ["O"] * len(words), {}) == ["O"] * len(words)  # too long to be a title


def test_entities_repair_strips_honorifics_from_a_person():
    words = "استقبل سعادة الشيخ حمدان النخلي الوفد".split()
    tags = ["O", "B-PER", "I-PER", "I-PER", "I-PER", "O"]
    assert chunks(repair(words, tags, {})) == {(3, 5, "PER")}
    words = "من سعادة السيد أمس".split()
    assert repair(words, ["O", "B-PER", "I-PER", "O"], {}) == ["O"] * 4


def test_entities_repair_tags_an_organisation_from_the_list_behind_a_preposition():
    words = "قال الأمين العام لجامعة الدول العربية إن".split()
    assert chunks(repair(words, ["O"] * len(words), {})) == {(3, 6, "ORG")}


def test_entities_repair_a_listed_public_figure_is_one_person_with_its_clitics():
    words = "اجتمع الوفد بمحمد شياع السوداني في الصباح".split()
    tags = ["O", "O", "B-PER", "I-PER", "B-LOC", "O", "O"]  # the surname read as "the Sudanese"
    assert chunks(repair(words, tags, {})) == {(2, 5, "PER")}
    words = "وقال بان كي مون إن".split()
    assert chunks(repair(words, ["O", "O", "B-PER", "I-PER", "O"], {})) == {(1, 4, "PER")}


def test_entities_repair_cuts_a_person_before_a_word_with_li_and_the_article():
    words = "ظهر في تسجيل للحلواني أمس".split()  # "a recording of al-Halwani"
    assert chunks(repair(words, ["O", "O", "B-PER", "I-PER", "O"], {})) == {(3, 4, "PER")}
    words = "قال سامر الحلواني أمس".split()
    assert repair(words, ["O", "B-PER", "I-PER", "O"], {}) == ["O", "B-PER", "I-PER", "O"]


def test_entities_repair_splits_two_people_joined_by_and_a_given_name():
    words = "استقبل هادي وليلى الحلواني الوفد".split()  # "Hadi and Layla al-Halwani"
    tags = ["O", "B-PER", "I-PER", "I-PER", "O"]
    assert chunks(repair(words, tags, {})) == {(1, 2, "PER"), (2, 4, "PER")}
    words = "استقبل سامر وليد الحلواني الوفد".split()  # وليد is a name itself, not و + ليد
    tags = ["O", "B-PER", "I-PER", "I-PER", "O"]
    assert repair(words, tags, {}) == tags
    words = "استقبل سامر وسامرون الحلواني الوفد".split()  # a given name the lexicon learnt
    assert chunks(repair(words, tags, {"سامرون": "PER"})) == {(1, 2, "PER"), (2, 4, "PER")}
    words = "ظهر في تسجيل وليلى للحلواني".split()  # cut before للحلواني first: وليلى is left out
    assert chunks(repair(words, ["O", "O", "B-PER", "I-PER", "I-PER"], {})) == {(4, 5, "PER")}


def test_entities_repair_leaves_a_listed_figure_inside_a_longer_name():
    words = "افتتحت جائزة محمد بن راشد آل مكتوم فرعا".split()
    tags = ["O", "B-MISC", "I-MISC", "I-MISC", "I-MISC", "I-MISC", "I-MISC", "O"]
    assert repair(words, tags, {}) == tags


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(RULE_WORDS), st.sampled_from(LABELS)), max_size=14))
def test_entities_repair_keeps_one_known_label_per_word(pairs):
    words, tags = [w for w, _ in pairs], [t for _, t in pairs]
    out = repair(words, tags, {})
    assert len(out) == len(words) and set(out) <= set(LABELS)
    assert repair(words, tags, {}) == out  # no state carried between calls


def test_entities_repair_a_listed_club_near_sports_words_is_an_organisation():
    sentences = [
        "وتقدم المدرب بشكوى بعد المباراة".split(),
        "وقال إن سلتيك سيواجه ستيوا بوخارست الأحد".split(),
    ]
    tagged = [["O"] * 5, ["O", "O", "B-PER", "O", "O", "B-LOC", "O"]]
    out = tag_clubs_in_context(sentences, tagged)
    assert out[1] == ["O", "O", "B-ORG", "O", "B-ORG", "I-ORG", "O"]
    assert out[0] == tagged[0]


def test_entities_repair_a_listed_club_far_from_sports_words_is_left_alone():
    sentences = [["وصل", "الوفد", "إلى", "المدينة"]] * 3 + ["وقال إن سلتيك سيواجه ستيوا بوخارست".split()]
    tagged = [["O"] * 4] * 3 + [["O", "O", "O", "O", "O", "B-LOC"]]
    sentences[0] = "وانتهت المباراة بالتعادل".split()  # three sentences away
    tagged[0] = ["O"] * 3
    assert tag_clubs_in_context(sentences, tagged) == tagged


def test_entities_repair_an_ambiguous_club_needs_its_own_sports_sentence_and_no_place_preposition():
    sentences = [
        "وفاز الفريق على برشلونة بهدفين".split(),
        "وأقيمت المباراة في برشلونة".split(),
        "وعاد الوفد من برشلونة وقالت إن برشلونة مدينة جميلة".split(),
    ]
    tagged = [["O"] * len(s) for s in sentences]
    out = tag_clubs_in_context(sentences, tagged)
    assert out[0][3] == "B-ORG"
    assert out[1] == tagged[1]  # في برشلونة: the city
    assert out[2] == tagged[2]  # no sports word in the sentence itself


def test_entities_repair_a_club_leaves_a_longer_name_around_it():
    sentences = ["وصل لاعب نادي سلتيك الاسكتلندي الأحد".split()]
    tagged = [["O", "O", "B-ORG", "I-ORG", "I-ORG", "O"]]
    assert tag_clubs_in_context(sentences, tagged) == tagged


def test_entities_repair_a_listed_kunya_name_is_one_person_glued_or_in_the_genitive():
    words = "ذكرى مقتل ابومهدي المهندس أمس".split()
    assert chunks(repair(words, ["O"] * 5, {})) == {(2, 4, "PER")}
    words = "دم الشهيد أبي مهدي المهندس".split()
    assert chunks(repair(words, ["O"] * 5, {})) == {(2, 5, "PER")}
