"""The reliability campaign: fuzzed texts through the per-document path, malformed files and zips
through ``analyze``; counts what escaped, broke a span or cost too much.

Usage: ``riwaya bench --what reliability [--inputs N] [--seed S] [--jobs J] [--out FILE]``
(reports; never asserts). Every input is drawn from ``random.Random`` seeded by the run's seed
and the input's number, so an input the report names is rebuilt with :func:`fuzz_text` or
:func:`malformed_files`; the offending texts are also written beside the report.

Figures: escaped exceptions (out of ``process_document`` or ``analyze``), span violations
(``text[start:end]`` of an exported span differs from its ``text``, or the export does not
survive a JSON round trip), component errors (a layer failed for another reason than a
budget), inputs over :data:`SLOW_SECONDS`, and peak memory.
"""

from __future__ import annotations

import io
import json
import multiprocessing
import random
import resource
import struct
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

from riwaya.analysis import analyze, process_document
from riwaya.bench.report import peak_rss_mb, save_beside
from riwaya.corpus import Corpus
from riwaya.export import build, check_spans
from riwaya.model import Article, RawDocument
from riwaya.pipeline import OverBudget, Pipeline

SLOW_SECONDS = 10.0
TASK = 100  # inputs per worker task: 90 texts through process_document, one analyze of 10 files
FILES_PER_TASK = 10
EXAMPLES = 20  # offending inputs kept per figure

ARABIC = (
    "قال أعلن المتحدث باسم وزارة الداخلية إن طائرة مسيرة هاجمت موقعا شمال مدينة الرمال مساء "
    "الخميس وأسفر الهجوم عن مقتل ثلاثة وإصابة خمسة آخرين ونفى الجيش وذكرت صحيفة الشروق نقلا عن "
    "مصادر محلية أن الانفجار وقع قرب السوق بعد عقدين من قبل أمس يوم الاثنين ١٤٤٤ هـ 2023 م "
    "عبد الله محمد الحربي بغداد دمشق الرياض"
).split()
LATIN = "the minister said Reuters AFP U.S. Dr. Gen. attack drone 3.5 1,000 http://x.test/a?b=1 @user #tag".split()
MARKUP = (
    "<div> </div> <p class='x'> </p> <br/> &amp; &#x202E; <script>alert(1)</script> [[[ ]]] <!-- --> "
    '\\u0627 %D8%A7 {"k":[1,{"a":null}]}'
).split(" ")
PUNCT = list(".،؛؟!«»\"'()—…:,;-/") + ["..", "؟!", '".', "»."]
SPACE = ["\n", "\n\n", "\r\n", "\t", "\u00a0", "\u200f", "\u200b", "\u2028", "\u202e", "  "]
MARKS = ["\u064e", "\u064b", "\u0651", "\u0652", "\u0640", "\u0670", "\u0654"]
ODD = [
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\ud800",
    "\udfff",
    "\ufffe",
    "\uffff",
    "\U0010ffff",
    "\ufeff",
    "\u0300",
]


def fuzz_text(rnd: random.Random, max_chars: int = 4000) -> str:
    """A random mixture of Arabic and Latin words, markup, punctuation, spaces, combining marks
    and invalid or control characters; sometimes a long run without sentence punctuation."""
    shape = rnd.random()
    if shape < 0.03:  # one word or character repeated: a long "sentence" or a long token
        unit = rnd.choice([*ARABIC, *MARKUP, "و", "x" * rnd.randint(1, 50)]) + rnd.choice(["", " ", "،"])
        return rnd.choice(ARABIC) + "\n" + unit * (max_chars // max(len(unit), 1))
    if shape < 0.06:
        return "".join(chr(rnd.randint(0, 0x10FFFF)) for _ in range(rnd.randint(1, max_chars // 4)))
    pools = [
        (ARABIC, 0.45),
        (LATIN, 0.1),
        (MARKUP, 0.08),
        (PUNCT, 0.15),
        (SPACE, 0.12),
        (MARKS, 0.05),
        (ODD, 0.05),
    ]
    weights = [w * rnd.random() for _, w in pools]
    parts, size = [], 0
    limit = rnd.randint(1, max_chars)
    while size < limit:
        pool = rnd.choices([p for p, _ in pools], weights)[0]
        piece = rnd.choice(pool) + (" " if pool is ARABIC or pool is LATIN else "")
        parts.append(piece)
        size += len(piece)
    return "".join(parts)


def fuzz_meta(rnd: random.Random) -> dict[str, Any]:
    """Metadata as ingest gives it: sometimes a JSON-like record with odd title, outlet or date."""
    if rnd.random() < 0.7:
        return {"format": "txt"}
    return {
        "format": "json",
        "title": fuzz_text(rnd, rnd.choice([20, 200, 2000])),
        "outlet": rnd.choice(["", "الشروق", "\ud800x", "a\x00b", None]),
        "date": rnd.choice(["2023-05-01", "2023-13-45", "", "\ud800", "١٤٤٤-٠٩-٠١", None]),
        "url": rnd.choice([None, "http://x.test/a", "\u202ehttp://x", "javascript:alert(1)"]),
    }


GOOD = (
    "افتتاح سوق الحرفيين في بلدة تل الزيتون\n"
    "افتتحت بلدية تل الزيتون مساء الخميس سوقا أسبوعيا للحرفيين في الساحة القديمة.\n"
)


def _zip(members: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytearray:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return bytearray(buf.getvalue())


def _deep_json(rnd: random.Random) -> bytes:
    depth = rnd.choice([65, 1000, 100_000])
    inner = "[" * depth + "]" * depth
    return rnd.choice(
        [inner, '{"title": "t", "text": ' + inner + "}", '[{"text": "x", "meta": ' + inner + "}]"]
    ).encode()


def _surrogate_json(rnd: random.Random) -> bytes:
    field = rnd.choice(["title", "outlet", "url", "date", "text"])
    record = {"title": "عنوان", "text": GOOD, "outlet": "الشروق", "url": f"http://x.test/{rnd.random()}"}
    record[field] = "\\ud800" + rnd.choice(["", "x", "\\udc00\\ud800"])
    return json.dumps(record, ensure_ascii=False).replace("\\\\ud", "\\ud").encode()


def _corrupt_zip(rnd: random.Random) -> bytes:
    data = _zip([("a.txt", GOOD.encode() * 4), ("b.txt", GOOD.encode())])
    kind = rnd.choice(["deflate", "method", "version", "truncate", "flip"])
    central = data.rfind(b"PK\x01\x02")
    if kind == "deflate":
        at = 30 + len("a.txt")
        data[at : at + 16] = bytes(b ^ 0xFF for b in data[at : at + 16])
    elif kind == "method":
        data[8:10] = struct.pack("<H", rnd.choice([99, 14, 12]))
        data[central + 10 : central + 12] = data[8:10]
    elif kind == "version":
        data[4:6] = struct.pack("<H", 87)
        data[central + 6 : central + 8] = data[4:6]
    elif kind == "truncate":
        data = data[: rnd.randint(1, len(data) - 1)]
    else:
        for _ in range(rnd.randint(1, 20)):
            data[rnd.randrange(len(data))] = rnd.randrange(256)
    return bytes(data)


def _bad_member_name(rnd: random.Random) -> bytes:
    name = rnd.choice([b"ab\xff\xfe.txt", b"../../evil.txt", b"/abs.txt", b"a\x00b.txt", b"dir/"])
    stand_in = b"q" * len(name)  # written as a valid name, then replaced byte for byte
    data = bytearray(
        bytes(_zip([(stand_in.decode(), GOOD.encode())], zipfile.ZIP_STORED)).replace(stand_in, name)
    )
    central = data.rfind(b"PK\x01\x02")
    for at in (6, central + 8):  # bit 11: names are UTF-8
        data[at : at + 2] = struct.pack("<H", struct.unpack("<H", data[at : at + 2])[0] | 0x800)
    return bytes(data)


def _huge_first_line(rnd: random.Random) -> bytes:
    line = " ".join(rnd.choice(ARABIC) for _ in range(rnd.randint(2000, 20000)))
    return (line + "\n" + GOOD).encode()


def _junk(rnd: random.Random) -> bytes:
    head = rnd.choice([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"PK\x03\x04", b"{", b"<html>"])
    return head + bytes(rnd.randrange(256) for _ in range(rnd.randint(0, 4000)))


MALFORMED = {
    "deep.json": _deep_json,
    "surrogate.json": _surrogate_json,
    "corrupt.zip": _corrupt_zip,
    "member.zip": _bad_member_name,
    "firstline.txt": _huge_first_line,
    "junk.txt": _junk,
    "junk.html": _junk,
    "junk.jsonl": _junk,
    "junk.zip": _junk,
}


def malformed_files(rnd: random.Random, n: int) -> list[tuple[str, bytes]]:
    """``n`` malformed inputs (file name, bytes): deep JSON, lone surrogate escapes, corrupt or
    odd zips, bad member names, huge first lines, binary junk; and one deep ``.meta.json``."""
    out = []
    for k in range(n):
        kind = rnd.choice(sorted(MALFORMED))
        out.append((f"{k:03d}-{kind}", MALFORMED[kind](rnd)))
    if rnd.random() < 0.5:
        out += [("side.txt", GOOD.encode()), ("side.meta.json", _deep_json(rnd))]
    return out


def check_document(pipeline: Pipeline, doc: RawDocument) -> dict[str, Any]:
    """One document through ``process_document``: seconds, and what went wrong (None: nothing)."""
    t0 = time.perf_counter()
    try:
        result, _ = process_document(doc, pipeline, {}, True)
    except BaseException as exc:  # noqa: BLE001 - counting what escapes is the point
        return {"seconds": time.perf_counter() - t0, "escaped": f"{type(exc).__name__}: {exc}"[:300]}
    seconds = time.perf_counter() - t0
    out: dict[str, Any] = {"seconds": seconds, "escaped": None, "violation": None, "component": None}
    if isinstance(result, Article):
        out["violation"] = span_violation(result)
        errors = [f for f in result.failed_layers if not f["reason"].startswith(OverBudget.__name__)]
        out["component"] = errors[0]["component"] + ": " + errors[0]["reason"] if errors else None
        out["spans"] = sum(len(v) for v in result.layers.values())
    return out


def span_violation(article: Article) -> str | None:
    """Why the article's export breaks the span invariant or a JSON round trip (None: it holds)."""
    try:
        doc = build(Corpus([article]))
        again = json.loads(json.dumps(doc, ensure_ascii=False).encode("utf-8").decode("utf-8"))
        check_spans(again)
    except Exception as exc:  # noqa: BLE001 - a SpanError or an unencodable export
        return f"{type(exc).__name__}: {exc}"[:300]
    return None


def check_files(files: list[tuple[str, bytes]]) -> dict[str, Any]:
    """Analyse the malformed ``files`` beside one good file: the good article must be stored."""
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "in")
        folder.mkdir()
        (folder / "good.txt").write_text(GOOD, encoding="utf-8")
        for name, data in files:
            (folder / name).write_bytes(data)
        try:
            result = analyze(
                [str(folder)], db=Path(tmp, "s.db"), pipeline=Pipeline.build(["clean", "segment"])
            )
        except BaseException as exc:  # noqa: BLE001
            return {"seconds": time.perf_counter() - t0, "escaped": f"{type(exc).__name__}: {exc}"[:300]}
        kept = any(Path(a.source or "").name == "good.txt" for a in result.corpus.articles)
    return {
        "seconds": time.perf_counter() - t0,
        "escaped": None if kept else "the good article was not stored",
    }


_PIPELINE: Pipeline | None = None


def _init() -> None:
    global _PIPELINE
    _PIPELINE = Pipeline.build()
    _PIPELINE(GOOD)  # load the models before the first timed input


def run_task(seed: int, task: int, size: int = TASK, max_chars: int = 4000) -> dict[str, Any]:
    """Inputs ``task * size`` .. of the run ``seed``: figures and the first offending inputs."""
    pipeline = _PIPELINE or Pipeline.build()
    figures = _Figures()
    texts = size - FILES_PER_TASK if size > FILES_PER_TASK else size
    for k in range(texts):
        number = task * size + k
        rnd = random.Random(seed * 1_000_003 + number)
        doc = RawDocument(fuzz_text(rnd, max_chars), f"fuzz-{seed}-{number}.txt", fuzz_meta(rnd))
        before = _maxrss_mb()
        figures.add(number, doc.raw, check_document(pipeline, doc), _maxrss_mb() - before)
    if size > FILES_PER_TASK:
        rnd = random.Random(seed * 1_000_003 + task * size + texts)
        files = malformed_files(rnd, FILES_PER_TASK)
        figures.add(
            task * size + texts, repr([n for n, _ in files]), check_files(files), 0.0, files=len(files)
        )
    return figures.to_dict()


class _Figures:
    def __init__(self) -> None:
        self.counts = {
            "inputs": 0,
            "files": 0,
            "escaped": 0,
            "violations": 0,
            "component_errors": 0,
            "slow": 0,
        }
        self.spans, self.max_seconds, self.examples = 0, 0.0, {"escaped": [], "violations": [], "slow": []}
        self.examples["component_errors"] = []

    def add(self, number: int, raw: str, got: dict[str, Any], grew_mb: float, files: int = 0) -> None:
        self.counts["inputs"] += files or 1
        self.counts["files"] += files
        self.spans += got.get("spans", 0)
        self.max_seconds = max(self.max_seconds, got["seconds"])
        for key, field in (
            ("escaped", "escaped"),
            ("violations", "violation"),
            ("component_errors", "component"),
        ):
            if got.get(field):
                self._note(key, number, raw, got[field])
        if got["seconds"] > SLOW_SECONDS:
            self._note("slow", number, raw, f"{got['seconds']:.1f} s")

    def _note(self, key: str, number: int, raw: str, why: str) -> None:
        self.counts[key] += 1
        if len(self.examples[key]) < EXAMPLES:
            self.examples[key].append({"input": number, "why": why, "chars": len(raw), "text": raw[:20000]})

    def to_dict(self) -> dict[str, Any]:
        return {"counts": self.counts, "spans": self.spans, "max_seconds": self.max_seconds,
                "peak_mb": peak_rss_mb(), "examples": self.examples}  # fmt: skip


def _maxrss_mb() -> float:
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


def campaign(inputs: int, seed: int = 0, jobs: int = 1, max_chars: int = 4000) -> dict[str, Any]:
    """Run ``inputs`` fuzzed inputs in ``jobs`` worker processes; the merged figures."""
    tasks = [(seed, t, TASK, max_chars) for t in range(max(1, -(-inputs // TASK)))]
    started = time.perf_counter()
    if jobs <= 1:
        _init()
        parts = [run_task(*t) for t in tasks]
    else:
        with multiprocessing.get_context("fork").Pool(jobs, initializer=_init, maxtasksperchild=50) as pool:
            parts = pool.starmap(run_task, tasks)
    return merge(parts) | {"seed": seed, "seconds": round(time.perf_counter() - started, 1)}


def merge(parts: list[dict[str, Any]]) -> dict[str, Any]:
    counts = {k: sum(p["counts"][k] for p in parts) for k in parts[0]["counts"]}
    examples = {k: [e for p in parts for e in p["examples"][k]][:EXAMPLES] for k in parts[0]["examples"]}
    return {
        "counts": counts,
        "spans_checked": sum(p["spans"] for p in parts),
        "max_seconds": round(max(p["max_seconds"] for p in parts), 2),
        "slow_seconds": SLOW_SECONDS,
        "peak_mb_per_process": max(p["peak_mb"] for p in parts),
        "examples": examples,
    }


def main(inputs: int, seed: int, jobs: int, out: str | None) -> dict[str, Any]:
    """The campaign's report, written as JSON beside ``out`` with a Markdown summary and the
    offending texts (``OUT-STEM-reliability-inputs/``)."""
    report = campaign(inputs, seed, max(jobs, 1))
    examples = report.pop("examples")
    report["offending"] = {
        k: [{f: e[f] for f in ("input", "why", "chars")} for e in v] for k, v in examples.items()
    }
    saved = save_beside("reliability", report, jobs, out)
    if out:
        target = Path(out).with_name(f"{Path(out).stem}-reliability")
        target.with_suffix(".md").write_text(markdown(saved), encoding="utf-8")
        for key, items in examples.items():
            for item in items:
                Path(f"{target}-inputs").mkdir(parents=True, exist_ok=True)
                name = f"{target}-inputs/{key}-{item['input']}.txt"
                Path(name).write_text(item["text"], encoding="utf-8", errors="surrogatepass")
    return saved


def markdown(report: dict[str, Any]) -> str:
    c = report["counts"]
    rows = [
        ("inputs (of them malformed files)", f"{c['inputs']:,} ({c['files']:,})"),
        ("escaped exceptions", c["escaped"]),
        ("span violations (spans checked)", f"{c['violations']} ({report['spans_checked']:,})"),
        ("component errors (article kept)", c["component_errors"]),
        (f"inputs over {report['slow_seconds']:g} s (slowest)", f"{c['slow']} ({report['max_seconds']} s)"),
        ("peak memory of one process", f"{report['peak_mb_per_process']} MiB"),
    ]
    lines = [
        f"# riwaya reliability, seed {report['seed']} ({report['finished']})",
        "",
        "| figure | value |",
        "|---|---|",
    ]
    return "\n".join([*lines, *(f"| {k} | {v} |" for k, v in rows), ""])
