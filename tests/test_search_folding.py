"""Search ignores vowel marks and tatweel inside words and matches words with attached proclitics."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from riwaya.model import Article, Published
from riwaya.store import search as textsearch
from riwaya.store.sqlite import MIGRATIONS, Store
from riwaya.web.app import prepare_store

TEMPLATE = Path(textsearch.__file__).resolve().parents[1] / "web" / "templates" / "search.html"
TEXTS = {  # fictional
    "marked": "قال سكان في بلدة الريحان إن المسيّرة أصابت مخزنًا للحبوب قرب مواقع الحوثيّين.",
    "bare": "أفاد مزارعون أن المسيرة حلقت فوق الحقول قبل أن تختفي، وقال أحدهم إن الحوثيين نفوا.",
    "clitic": "وصل الوفد بطائرة خاصة إلى مطار الوادي الأخضر مساء أمس.",
    "plain": "قالت الشركة إن طائرة الشحن ستقلع غدا من مطار السهل.",
    "other": "افتتحت البلدية حديقة جديدة للأطفال في حي النخيل.",
}


def _article(key: str, text: str) -> Article:
    return Article(text, source=f"{key}.txt", title=None, published=Published("2025-03-02", "day"))


@pytest.fixture
def store(tmp_path):
    path = tmp_path / "s.db"
    with Store(path) as st:
        st.save_articles([_article(k, t) for k, t in TEXTS.items()])
    return path


def _found(path: Path, query: str) -> set[str]:
    with Store(path) as st:
        _, ids = textsearch.search(st.db, query, 50, 0)
        return {st.load_article(i).source.removesuffix(".txt") for i in ids}


@pytest.mark.parametrize(
    ("with_mark", "without"), [("الحوثيّين", "الحوثيين"), ("المسيّرة", "المسيرة"), ("المُسيَّرة", "المسيـرة")]
)
def test_search_vowel_marks_and_tatweel_never_split_a_word(store, with_mark, without):
    assert _found(store, with_mark) == _found(store, without) == {"marked", "bare"}


def test_search_attached_proclitic_matches_the_bare_word_both_ways(store):
    assert _found(store, "بطائرة") == _found(store, "طائرة") == {"clitic", "plain"}
    assert _found(store, "وبطائرة") == {"clitic", "plain"}


def test_search_query_words_stay_quoted_with_their_forms():
    assert textsearch.fts_query("بطائرة") == '("بطره" OR "طره")'
    assert textsearch.fts_query("الحوثيّين") == textsearch.fts_query("الحوثيين") == '"حثن"'
    assert textsearch.forms("بلد") == ["بلد"]  # too short to lose a letter


def test_search_snippet_finds_the_marked_spelling_and_the_bare_stem():
    text = TEXTS["marked"]
    snip = textsearch.snippet(text, "المسيرة")
    assert "مسيّرة" in snip["text"][snip["hit_start"] : snip["hit_end"]]
    snip = textsearch.snippet(TEXTS["plain"], "بطائرة")
    assert snip["text"][snip["hit_start"] : snip["hit_end"]].startswith("طائر")


def test_search_page_hint_examples_find_the_same_articles(tmp_path):
    hint = re.search(r'class="hint">[^(]*\(([^)]*)\)', TEMPLATE.read_text(encoding="utf-8")).group(1)
    groups = [[w.strip() for w in g.split("=")] for g in hint.split("،")]
    assert len(groups) >= 3
    path = tmp_path / "hint.db"
    with Store(path) as st:
        st.save_articles([_article(f"w{i}", f"ذكر التقرير {w} في خبر قصير.") for g in groups for i, w in
                          enumerate(g, start=10 * groups.index(g))] + [_article("other", TEXTS["other"])])  # fmt: skip
    for group in groups:
        found = [_found(path, w) for w in group]
        assert all(f == found[0] for f in found) and len(found[0]) == len(group), group


def test_search_old_index_is_rebuilt_by_the_migration(store):
    db = sqlite3.connect(store)
    db.execute("DELETE FROM articles_fts")
    db.execute("INSERT INTO articles_fts (id, body) SELECT id, 'مسي ره' FROM articles")  # the old split form
    rebuild = next(m for m in MIGRATIONS if "DELETE FROM articles_fts" in m)
    db.executescript(rebuild)  # what the migration does (later migrations cannot be re-applied)
    db.commit()
    db.close()
    prepare_store(str(store))  # what serving a store does: migrate, then index what is missing
    assert _found(store, "المسيّرة") == {"marked", "bare"}
    with Store(store) as st:
        assert st.db.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == len(TEXTS)
