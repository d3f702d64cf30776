"""English names (riwaya/components/entities/english.py): runs, types, document consistency, and the entities step
on English and mixed articles. Texts are fictional, written for these tests."""

from __future__ import annotations

import re

from riwaya.components.entities import english
from riwaya.components.entities.component import find_entities
from riwaya.components.entities.data import chunks
from riwaya.components.segment import segment
from riwaya.model import Article
from riwaya.text.tokens import split_sentences, tokenize


def _names(text: str) -> list[tuple[str, str]]:
    """(surface, type) of every name the English tagger finds in ``text``, in order."""
    words, joined, spans = [], [], []
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    for sent in (s for a, b in lines for s in split_sentences(text, a, b)):
        toks = tokenize(text, sent.start, sent.end)
        words.append([text[t.start : t.end] for t in toks])
        joined.append([k > 0 and toks[k - 1].end == t.start for k, t in enumerate(toks)])
        spans.append(toks)
    out = []
    for toks, tags in zip(spans, english.tag_document(words, joined), strict=True):
        out += [(text[toks[a].start : toks[b - 1].end], kind) for a, b, kind in sorted(chunks(tags))]
    return out


def test_entities_english_strips_titles_and_origin_and_types_by_head_words():
    text = "Iraqi Prime Minister Hamid Karrar visited the Ministry of Oil in Basra on Sunday."
    assert _names(text) == [("Hamid Karrar", "PER"), ("Ministry of Oil", "ORG"), ("Basra", "LOC")]


def test_entities_english_joins_particles_hyphens_and_initials():
    text = "The U.S. embassy said Sheikh Rafid al-Zubaidi met Abu Karar bin Saeed in Kut."
    assert _names(text) == [
        ("U.S.", "LOC"), ("Rafid al-Zubaidi", "PER"), ("Abu Karar bin Saeed", "PER"), ("Kut", "LOC"),
    ]  # fmt: skip


def test_entities_english_two_people_joined_by_and_stay_two():
    assert _names("Salim al-Obeidi and Nadia Sharif arrived.") == [
        ("Salim al-Obeidi", "PER"),
        ("Nadia Sharif", "PER"),
    ]


def test_entities_english_a_bare_surname_after_the_full_name_is_the_person():
    text = "Lawmaker Ghanim al-Tamimi criticised the deal. Tamimi wrote that it was unfair."
    assert ("Tamimi", "PER") in _names(text)


def test_entities_english_sentence_words_weekdays_and_origin_words_are_not_names():
    text = "Officials said the Kurdish convoy left on Sunday. After that, Iranian media were silent."
    assert _names(text) == []


def test_entities_english_dateline_acronyms_and_possessives():
    text = "BAGHDAD (Reuters) - Iraq's Popular Mobilization Forces (PMF) denied the report."
    assert _names(text) == [("BAGHDAD", "LOC"), ("Reuters", "ORG"), ("Iraq", "LOC"),
                            ("Popular Mobilization Forces", "ORG"), ("PMF", "ORG")]  # fmt: skip


def test_entities_english_a_headline_keeps_only_known_names():
    text = "Drone Strike Hits Warehouse Near Baghdad Airport Road\nThe drone struck near Baghdad."
    assert _names(text) == [("Baghdad", "LOC"), ("Baghdad", "LOC")]


def test_entities_english_is_english_needs_latin_words_and_no_arabic():
    assert english.is_english(["Reuters", "said"])
    assert not english.is_english(["قال", "Reuters", "said"])
    assert not english.is_english(["2021", "-", "Reuters"])


def _entities(text: str) -> list[tuple[str, str, str]]:
    article = Article(text)
    article.add_layer("paragraphs", [type(s)(s.start, s.end, "paragraph") for s in split_sentences(text)])
    segment(article)
    return [(text[s.start : s.end], s.label, s.attrs["name"]) for s in find_entities(article)]


def test_entities_english_article_mentions_are_spans_of_the_text_with_glued_names():
    found = _entities("Prime Minister Karim al-Hashimi spoke in Mosul. Hashimi said the U.N. would help.")
    assert ("Karim al-Hashimi", "PER", "Karim al-Hashimi") in found
    assert ("Hashimi", "PER", "Karim al-Hashimi") in found
    assert ("U.N.", "ORG", "U.N.") in found


def test_entities_english_sentences_of_a_mixed_article_go_to_their_own_tagger():
    found = _entities(
        "قال المتحدث سامر الحلبي إن الوفد وصل إلى البصرة. Officials in Erbil said the visit went well."
    )
    assert ("Erbil", "LOC", "Erbil") in found
    assert any(label == "LOC" and "البصرة" in surface for surface, label, _ in found)


def test_entities_english_organisations_with_and_to_or_a_plural_possessive_inside():
    text = (
        "The Committee to Defend Fishermen and the Unity and Renewal Party met in Basra. "
        "The Farmers' Union and the National Workers' Front said they agreed, while Iraq's Oil "
        "Ministry and Kataib Karrar and Saraya Zubair kept silent."
    )
    assert _names(text) == [
        ("Committee to Defend Fishermen", "ORG"), ("Unity and Renewal Party", "ORG"), ("Basra", "LOC"),
        ("Farmers' Union", "ORG"), ("National Workers' Front", "ORG"), ("Iraq", "LOC"),
        ("Oil Ministry", "ORG"), ("Kataib Karrar", "ORG"), ("Saraya Zubair", "ORG"),
    ]  # fmt: skip


def test_entities_english_a_name_of_everyday_words_is_a_group_even_before_said():
    text = "Rivers Without Walls said on Monday that Hamid Karrar said nothing."
    assert _names(text) == [("Rivers Without Walls", "ORG"), ("Hamid Karrar", "PER")]
