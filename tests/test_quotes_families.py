"""Cue families, nested reports, mixed quotes and source chains on fictional sentences (issue 20)."""

from __future__ import annotations

import pytest

from riwaya.analysis import process_document
from riwaya.model import Article, RawDocument
from riwaya.pipeline import Pipeline

PIPELINE = Pipeline.build(["clean", "segment", "quotes"])


def read(text: str, **meta) -> Article:
    article, _ = process_document(RawDocument(text, "test", {"format": "json", **meta}), PIPELINE)
    return article


def quotes(text: str, **meta) -> list[dict]:
    art = read(text, **meta)
    t = art.text
    return [
        {
            "cue": q.attrs["cue"].text_in(t),
            "speaker": q.attrs["speaker"].text_in(t),
            "content": q.attrs["content"].text_in(t),
            "via": [v.text_in(t) for v in q.attrs["via"]],
            "kind": q.attrs["kind"],
            "hedges": [h.text_in(t) for h in q.attrs["hedges"]],
        }
        for q in art.layer("quotes")
    ]


def only(text: str, **meta) -> dict:
    found = quotes(text, **meta)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "cue", "speaker", "content"),
    [
        ("واعترف السائق بارتكاب المخالفة أمام المحكمة.", "اعترف", "السائق", "بارتكاب المخالفة أمام المحكمة"),
        ("وأقر المدير بأن الحسابات تأخرت شهرا.", "أقر", "المدير", "الحسابات تأخرت شهرا"),
        ("واتهم الحزب الحكومة بتزوير نتائج الانتخابات.", "اتهم", "الحزب", "بتزوير نتائج الانتخابات"),
        ("ونفى الناطق باسم الشركة أمس وجود أي اتفاق سري.", "نفى", "الناطق باسم الشركة", "وجود أي اتفاق سري"),
        ("وتعهد المحافظ بمحاسبة المسؤولين عن الحريق.", "تعهد", "المحافظ", "بمحاسبة المسؤولين عن الحريق"),
        (
            "وهنأ المجلس الشعب الليبي بعودة الوزير إلى طرابلس.",
            "هنأ",
            "المجلس الشعب الليبي",
            "بعودة الوزير إلى طرابلس",
        ),
        ("وشكك معهد بحثي في رواية الشركة عن الحادث.", "شكك", "معهد بحثي", "رواية الشركة عن الحادث"),
        ("وطلبت الهيئة اليوم دخول المصنع قبل نهاية الشهر.", "طلبت", "الهيئة", "دخول المصنع قبل نهاية الشهر"),
        ("أعلنت الهيئة اليوم (الأحد) تعيين مدير جديد لها.", "أعلنت", "الهيئة", "تعيين مدير جديد لها"),
        (
            "وأكد المجلس رفضه المطلق للتدخل في شؤون البلاد.",
            "أكد",
            "المجلس",
            "رفضه المطلق للتدخل في شؤون البلاد",
        ),
    ],
)
def test_quotes_cue_families_read_their_complement(text, cue, speaker, content):
    got = only(text)
    assert got["cue"] == cue and got["content"].endswith(content)
    # a masdar object right after the subject is not told apart from it without the entities layer
    # (``ونفى المتحدث وجود ...``): the speaker starts right, the content ends right
    assert got["speaker"].startswith(speaker)


def test_quotes_document_contents_and_statement_speaker():
    got = only("وجاء في البيان المنشور على موقع الوزارة أن اللجنة ستجتمع غدا.")
    assert got["cue"] == "جاء" and got["speaker"].startswith("البيان")
    assert got["content"] == "اللجنة ستجتمع غدا" and got["kind"] == "statement"
    got = only("وتتضمن الخطة «توسيع الطريق الساحلي» خلال العام.")
    assert got["speaker"] == "الخطة" and "توسيع الطريق الساحلي" in got["content"]


def test_quotes_characterisation_content_follows_its_own_introducer():
    got = only("ووصف الوزير سامر العلي الاتهامات بأن بلاده تخزن سلاحا بأنها “أكاذيب” أطلقها خصومه.")
    assert got["content"] == "“أكاذيب” أطلقها خصومه"  # mixed: the whole clause, marks kept
    got = only("وتستمر ما وصفه مسؤولون بأنها “حملة منسقة على التهريب” منذ الشهر الماضي.")
    assert (got["speaker"], got["content"], got["kind"]) == ("مسؤولون", "حملة منسقة على التهريب", "direct")


def test_quotes_report_inside_indirect_content_is_nested_with_chain():
    found = quotes("وقالت المصادر إن الوزير أكد للوفد أن الاتفاق قريب.")
    outer, inner = found
    assert outer["content"] == "الوزير أكد للوفد أن الاتفاق قريب"  # the outer content stays whole
    assert (inner["speaker"], inner["content"], inner["via"]) == ("الوزير", "الاتفاق قريب", ["المصادر"])


def test_quotes_trailing_reporter_gets_its_own_record_and_extends_the_chain():
    found = quotes("تعهد الرئيس بمحاسبة قريبه الذي صدم شرطيا، بحسب ما أعلنت زوجة الضحية لصحيفة محلية.")
    pledge = next(q for q in found if q["cue"] == "تعهد")
    wife = next(q for q in found if q["cue"] == "بحسب")
    assert pledge["via"] == ["زوجة الضحية", "صحيفة محلية"]
    assert wife["speaker"] == "زوجة الضحية" and wife["via"] == ["صحيفة محلية"]
    assert wife["content"].startswith("تعهد الرئيس")
    assert len(found) == 2


def test_quotes_source_cited_inside_the_region_is_the_outermost_link():
    got = only("وقال المحافظ لوالدة الفقيد، بحسب الصحيفة، إن حق الفقيد لن يضيع.")
    assert got["via"] == ["الصحيفة"] and got["content"] == "حق الفقيد لن يضيع"


def test_quotes_outlet_named_again_is_told_and_inherited():
    first, second = quotes("وقال مدير المدرسة لصحيفة الوطن إن الدوام سيبدأ غدا. وأكد للصحيفة “لن نتأخر”.")
    assert first["via"] == ["صحيفة الوطن"]
    assert second["speaker"] == "مدير المدرسة" and second["via"] == ["للصحيفة"]


def test_quotes_reports_in_brackets_inside_a_quotation_chain_through_the_witness():
    text = (
        "وقال شاهد عيان يدعى سامر لرويترز إن الرجل ركض نحو المدخل. "
        "وأضاف “صرخ الحارس قائلا له (قف..قف) وكان الرجل يقول (لن أقف).”"
    )
    found = {q["content"]: q for q in quotes(text)}
    police, woman = found["قف..قف"], found["لن أقف"]
    assert police["speaker"] == "الحارس" and woman["speaker"] == "الرجل"
    assert police["via"] == woman["via"] == ["شاهد عيان يدعى سامر", "رويترز"]
    assert len(found) == 4


def test_quotes_mixed_quote_keeps_the_whole_clause():
    got = only("وأكد الوزير أن «المفسدين وسراق المال» تسللوا إلى المناصب العليا.")
    assert got["content"] == "«المفسدين وسراق المال» تسللوا إلى المناصب العليا"
    assert got["kind"] == "indirect"
    direct = only("وقال الوزير «سنبني الجسر»، مضيفا أن العمل يبدأ غدا.".split("، مضيفا")[0] + ".")
    assert direct["content"] == "سنبني الجسر" and direct["kind"] == "direct"


def test_quotes_participle_after_a_setting_reads_its_content():
    found = quotes("وأعلنت الجبهة مسؤوليتها عن الهجوم قائلة في بيان على موقعها إن الحرب مستمرة.")
    assert [q["content"] for q in found] == ["مسؤوليتها عن الهجوم", "الحرب مستمرة"]
    assert found[1]["speaker"] == "الجبهة"


def test_quotes_conjoined_cue_after_comma_continues_the_speaker():
    found = quotes("وأكد الوزير أن الطريق آمن، وتطرق إلى قضية الجسر، وقال إن أموره تسير بانتظام.")
    assert [q["speaker"] for q in found] == ["الوزير", "الوزير"]
    assert found[1]["content"] == "أموره تسير بانتظام"


def test_quotes_own_claim_after_hasab_zaamihi():
    got = only("وأوقفت الشرطة رجلا قرب الحدود. وكان الرجل يعمل في مزرعة قريبة، حسب زعمه.")
    assert got["content"].endswith("يعمل في مزرعة قريبة") and got["hedges"] == ["حسب زعمه"]
    hedged = only("وقال السائق إنه كان في المنزل، حسب زعمه.")
    assert hedged["content"] == "كان في المنزل" and hedged["hedges"] == ["حسب زعمه"]


def test_quotes_speaker_with_quoted_affiliation_or_surname():
    got = only(
        "وأوضح عضو في «مجلس الأعيان»، الهيئة الأعلى للعشيرة، لوكالة الأنباء الألمانية: «صدر الأمر بسرعة»."
    )
    assert got["speaker"] == "عضو في «مجلس الأعيان»" and got["via"] == ["وكالة الأنباء الألمانية"]
    got = only("وأكد العقيد “الحربي” أنه تم ضبط السيارة.")
    assert got["speaker"] == "العقيد “الحربي”" and got["content"] == "تم ضبط السيارة"


def test_quotes_reversed_opening_guillemet_closes_the_quotation():
    found = quotes("وقال الضابط إن »الطريق مفتوح».وأفادت مصادر أمنية بمقتل خمسة مسلحين.")
    assert [q["content"] for q in found][0] == "الطريق مفتوح"
    assert found[-1]["speaker"] == "مصادر أمنية" and found[-1]["via"] == []


def test_quotes_own_outlet_is_medium_not_via():
    text = "وقالت مصادر مطلعة لـ«عكاظ» إن الاجتماع تأجل. وقال مسؤول لوكالة رويترز إن الموعد لم يحدد."
    first, second = quotes(text, outlet="okaz")
    assert first["via"] == [] and second["via"] == ["وكالة رويترز"]
    assert quotes(text, outlet="sabq")[0]["via"] == ["عكاظ"]


def test_quotes_non_reports_stay_out():
    assert quotes("وبين الحكومة والمعارضة خلاف قديم حول الموازنة.") == []
    found = quotes("وقال الوزير إن الإصلاحات التي طالب بها المواطنون ستنفذ.")
    assert [q["cue"] for q in found] == ["قال"]  # ``طالب بها``: a relative clause, no report
    # a conjoined verb with an object, and a passive نُقل without its source, report nothing
    assert quotes("وأشاد الوزير بالجنود الذين يواجهون التحديات التي تعرقل العمل، وتهدد أمنه.")[1:] == []
    found = quotes("ونُقل الحارسان إلى مستشفى المدينة، بحسب مصدر طبي في المستشفى.")
    assert [(q["cue"], q["speaker"]) for q in found] == [("بحسب", "مصدر طبي في المستشفى")]


def test_quotes_temporal_clause_after_a_report_is_not_nested():
    found = quotes(
        "وكانت الوكالة قد نقلت عن مصدر أمني أن الجسر انهار، قبل أن تؤكد الوزارة لاحقا أن الجسر سليم."
    )
    confirm = next(q for q in found if q["cue"] == "تؤكد")
    assert confirm["speaker"] == "الوزارة" and confirm["via"] == [] and confirm["content"] == "الجسر سليم"


def test_quotes_conjoined_characterisation_takes_the_sentence_subject():
    got = only("من جهته، دان الوزير سامر العلي الهجوم، ووصفه في بيان بأنه «عمل جبان».")
    assert got["speaker"].startswith("الوزير سامر العلي") and got["content"] == "عمل جبان"


def test_quotes_stray_vowel_sign_before_an_outlet_does_not_crash():
    # issue 23: a token starting with a combining mark made the speaker phrase wordless (IndexError)
    art = read('عنوان\nذكر َصحيفةٞ"ب')
    assert isinstance(art, Article)
    for text in ('عنوان\nقال ٞ"', 'عنوان\nذكر َصحيفةٞ "قال إن" ب', "ذكر َ«ٞ»"):
        assert isinstance(read(text), Article)
