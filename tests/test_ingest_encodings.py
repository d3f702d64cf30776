"""Encodings: UTF-8 with/without BOM, UTF-16 with/without BOM, Windows-1256 vs ISO-8859-6, bad bytes."""

from __future__ import annotations

import random

import pytest

from riwaya.errors import IngestError
from riwaya.ingest import decode as encodings
from riwaya.ingest.decode import decode, decode_report
from riwaya.ingest.sources import iter_documents
from riwaya.model import Failure, RawDocument

# Fictional text written for these tests.
ARABIC = (
    "أعلنت بلدية وادي السنديان صباح اليوم إغلاق الجسر الخشبي القديم أمام المركبات للصيانة.\n"
    "وقال رئيس البلدية إن الأعمال ستستمر ثلاثة أيام وإن الطريق الجانبي سيبقى مفتوحا للمشاة.\n"
    "وأضاف أن فرق الدفاع المدني ستراقب منسوب النهر طوال الليل."
)


@pytest.mark.parametrize(
    "encoding, expected",
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),
        ("utf-16-le", "utf-16-le"),
        ("utf-16-be", "utf-16-be"),
        ("cp1256", "cp1256"),
        ("iso-8859-6", "iso-8859-6"),
    ],
)
def test_ingest_encodings_round_trip(tmp_path, encoding, expected):
    path = tmp_path / "article.txt"
    path.write_bytes(ARABIC.encode(encoding))
    [doc] = list(iter_documents([str(path)]))
    assert isinstance(doc, RawDocument), doc
    assert doc.raw == ARABIC
    assert doc.meta["encoding"] == expected


def test_ingest_encodings_cp1256_and_iso_8859_6_are_told_apart():
    """Both code pages decode Arabic bytes; the wrong one must lose on plausibility."""
    as_iso = ARABIC.encode("iso-8859-6")
    wrong = encodings.plausibility(as_iso.decode("cp1256"))
    right = encodings.plausibility(as_iso.decode("iso-8859-6"))
    assert right > wrong + 0.3
    assert decode(as_iso) == (ARABIC, "iso-8859-6")
    assert decode(ARABIC.encode("cp1256")) == (ARABIC, "cp1256")


def test_ingest_encodings_short_cp1256_line_without_definite_letters():
    """A line whose bytes are all valid ISO-8859-6 must still be read as Windows-1256 when it is."""
    line = "سار الرجل إلى البيت"  # every byte also decodes under ISO-8859-6, to other letters
    data = line.encode("cp1256")
    data.decode("iso-8859-6")  # the trap: it decodes without error
    assert decode(data) == (line, "cp1256")


def test_ingest_encodings_latin_text_in_single_byte_code_page():
    text, encoding = decode("Le pont de São Miguel ferme à midi, dit le maire.".encode("cp1252"))
    assert text == "Le pont de São Miguel ferme à midi, dit le maire."
    assert encoding in ("cp1252", "cp1256")


def test_ingest_encodings_mixed_encodings_fail_with_reason(tmp_path):
    lines = ARABIC.split("\n")
    data = lines[0].encode("utf-8") + b"\n" + lines[1].encode("cp1256") + b"\n" + lines[2].encode("utf-8")
    path = tmp_path / "mixed.txt"
    path.write_bytes(data)
    [item] = list(iter_documents([str(path)]))
    assert isinstance(item, Failure)
    assert "mixed encodings" in item.reason and "UTF-8" in item.reason


def test_ingest_encodings_few_bad_bytes_are_replaced_and_recorded():
    data = (ARABIC + "\n").encode("utf-8") * 5 + b"\xe1\xe3" + ARABIC.encode("utf-8")
    decoded = decode_report(data)
    assert decoded.encoding == "utf-8"
    assert decoded.replaced == 2
    assert decoded.text.count("\ufffd") == 2


def test_ingest_encodings_few_bad_bytes_recorded_in_meta(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(ARABIC.encode("utf-8") * 3 + b"\xff")
    [doc] = list(iter_documents([str(path)]))
    assert doc.meta["replaced_bytes"] == 1


def test_ingest_encodings_garbage_bytes_fail():
    rng = random.Random(7)
    data = bytes(rng.randrange(1, 256) for _ in range(4000))  # no NUL: not caught as binary first
    with pytest.raises(IngestError, match="encoding|binary"):
        decode(data)


def test_ingest_encodings_bom_with_invalid_body_fails():
    with pytest.raises(IngestError, match="byte-order mark"):
        decode(b"\xef\xbb\xbf" + "نص".encode() + b"\xff\xfe\xfd")


def test_ingest_encodings_plausibility_ranks_garbage_low():
    assert encodings.plausibility(ARABIC) > 1.0
    assert encodings.plausibility(ARABIC.encode("iso-8859-6").decode("cp1256")) < encodings.MIN_PLAUSIBLE
    assert encodings.plausibility("") == 0.0
