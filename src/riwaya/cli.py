"""The command line: a thin skin over the Python API in :mod:`riwaya.analysis`, with the same names."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

import click

from riwaya import analysis as run
from riwaya import resources
from riwaya.bench import clustering, latency, reliability, throughput
from riwaya.errors import RiwayaError
from riwaya.evaluate import ner, quotes, stance, times
from riwaya.evaluate.accounts import evaluate_accounts, evaluate_clustering
from riwaya.evaluate.incidents import evaluate_demo
from riwaya.evaluate.real_articles import is_articles
from riwaya.export import article_record, layer_records
from riwaya.export.formats import NAMES as FORMAT_NAMES
from riwaya.paths import shared_path
from riwaya.training.ner import train_shipped
from riwaya.web.app import create_app

DEFAULT_DB = "riwaya.db"
DEMO_DIR = Path(__file__).parent / "demo"
EVENTS_GOLD = resources.data_path("gold/events/demo.json")  # the demo corpus's incidents, written for riwaya


def _console():
    from rich.console import Console

    return Console(stderr=True)


def _summary(result: run.Result) -> None:
    from rich.table import Table

    table = Table(title="riwaya analyze", show_header=True)
    for col in (
        "inputs",
        "articles",
        "new",
        "new versions",
        "re-analysed",
        "unchanged",
        "failures",
        "seconds",
    ):
        table.add_column(col, justify="right")
    c = result.counts
    table.add_row(str(c["inputs"]), str(len(result.corpus)), str(c["added"]), str(c["versions"]),
                  str(c["reanalysed"]), str(c["unchanged"]), str(len(result.failures)), f"{result.seconds:.1f}")  # fmt: skip
    console = _console()
    console.print(table)
    done = (
        f"; it completed unfinished run(s) {', '.join(map(str, result.completed))}"
        if result.completed
        else ""
    )
    console.print(f"run {result.run} finished (table 'runs' in the store){done}")
    for f in result.failures[:20]:
        console.print(f"[red]failed[/red] {f.input} [{f.stage}]: {f.reason}")
    if len(result.failures) > 20:
        console.print(f"... and {len(result.failures) - 20} more (table 'failures' in the store)")


@click.group()
@click.version_option(package_name="riwaya")
def main() -> None:
    """riwaya: who did what to whom, when, according to whom, and where the sources disagree."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite store file.")
@click.option("--json", "json_out", type=click.Path(dir_okay=False), help="Write the export here.")
@click.option("--jobs", default=1, show_default=True, help="Worker processes for per-article steps.")
@click.option("--quiet", is_flag=True, help="No progress bar or summary table.")
def analyze(paths: tuple[str, ...], db: str, json_out: str | None, jobs: int, quiet: bool) -> None:
    """Ingest, clean and analyse articles (files, folders, globs, .zip or - for stdin)."""
    command = shlex.join(["riwaya", "analyze", *sys.argv[2:]]) if sys.argv[1:2] == ["analyze"] else None
    result = _guard(lambda: run.analyze(paths, db=db, jobs=jobs, progress=not quiet, command=command))
    if json_out:
        Path(json_out).write_text(run.export(db, "json"), encoding="utf-8")
    if not quiet:
        _summary(result)
    sys.exit(1 if result.failures else 0)


@main.command("export")
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite store file.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMAT_NAMES)),
    default="json",
    help="json/jsonl/csv: the riwaya/1 record; acled: ACLED-style CSV; plover: PLOVER/CAMEO "
    "JSONL; graphml: entities and incidents for Gephi; brief: the Arabic brief as Markdown.",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="File to write (default stdout).")
def export_cmd(db: str, fmt: str, output: str | None) -> None:
    """Export the store: the riwaya/1 record (JSON, JSONL, CSV) or event data (ACLED, PLOVER,
    GraphML) or the brief (Markdown). See docs/export.md."""
    _need_db(db)
    text = _guard(lambda: run.export(db, fmt))
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@main.command()
@click.argument("article_id")
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite store file.")
@click.option("--json", "as_json", is_flag=True, help="Print the article record as JSON.")
def show(article_id: str, db: str, as_json: bool) -> None:
    """Show one stored article (an id prefix is enough) with its annotation layers."""
    _need_db(db)
    article = _guard(lambda: run.show(article_id, db))
    if as_json:
        record = article_record(article) | {k: layer_records(article, k) for k in article.layer_names()}
        click.echo(json.dumps(record, ensure_ascii=False, indent=1))
        return
    _print_article(article)


def _print_article(article) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    pub = article.published
    console.print(f"[bold]{article.title or '(no title)'}[/bold]  id={article.id} outlet={article.outlet} "
                  f"language={article.language} published={pub.value} ({pub.precision}, "
                  f"{'inferred' if pub.inferred else 'metadata'})")  # fmt: skip
    console.print(article.text)
    table = Table("layer", "spans", "first")
    for name in article.layer_names():
        spans = article.layer(name)
        table.add_row(name, str(len(spans)), article.surface(spans[0])[:60] if spans else "")
    console.print(table)
    for r in article.removals:
        console.print(f"[dim]removed ({r['reason']}): {r['text'][:80]!r}[/dim]")
    if article.copy_of:
        console.print(f"republishes the text of article {article.copy_of}")
    for f in article.failed_layers:
        console.print(
            f"[red]layer(s) {', '.join(f['layers'])} failed[/red] in {f['component']}: {f['reason']}"
        )


@main.command()
@click.option("--db", default="riwaya-demo.db", show_default=True, help="SQLite store file.")
@click.option("--json", "json_out", default="riwaya-demo.json", show_default=True)
@click.option("--jobs", default=1, show_default=True)
def demo(db: str, json_out: str, jobs: int) -> None:
    """Analyse the bundled fictional demo corpus and write its export."""
    result = _guard(lambda: run.analyze([str(DEMO_DIR)], db=db, jobs=jobs, progress=True))
    Path(json_out).write_text(run.export(db, "json"), encoding="utf-8")
    _summary(result)
    _console().print(f"export written to {json_out}; store in {db}")


# --- eval commands (riwaya eval NAME) ---
@main.group("eval")
def eval_group() -> None:
    """Measure quality against gold data."""


@eval_group.command("ner")
@click.option("--data", "data_path", required=True, type=click.Path(exists=True),
              help="A labelled file, or the real-news articles annotation folder (../shared/annotation/articles).")  # fmt: skip
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["anercorp", "conll", "wikifane", "marked", "articles"]),
    default=None,
    help="Default anercorp (articles when --data holds articles.jsonl). marked: JSONL articles with "
    "[[TYPE|name]] marks; articles: the real-news annotation; both run the whole entities step.",
)
@click.option("--model", default=None, help="CRF model file (default: the shipped one).")
@click.option("--crf-only", is_flag=True, help="The CRF alone, without the networks stacked on it.")
def eval_ner(data_path: str, fmt: str | None, model: str | None, crf_only: bool) -> None:
    """Per-type and micro exact-span P/R/F1 of the NER model on a labelled file; on the real-news
    articles annotation, typed mentions exact and overlapping (facilities as LOC)."""
    if fmt == "articles" or (fmt is None and is_articles(data_path)):
        click.echo(ner.format_articles_report(_guard(lambda: ner.evaluate_articles(data_path))))
        return
    result = _guard(lambda: ner.evaluate_ner(data_path, fmt or "anercorp", model, stacked=not crf_only))
    click.echo(ner.format_report(result))


@eval_group.command("quotes")
@click.option("--data", "data_path", default=None, type=click.Path(exists=True),
              help="Gold quotes JSONL (default: the fictional gold shipped with riwaya), or the "
              "real-news articles annotation folder (../shared/annotation/articles).")  # fmt: skip
def eval_quotes(data_path: str | None) -> None:
    """Speaker/cue/content P/R/F1 (exact and overlap) and chain exact-match of the quotes layer."""
    click.echo(json.dumps(_guard(lambda: quotes.evaluate(data_path)), ensure_ascii=False, indent=1))


@eval_group.command("times")
@click.option(
    "--data",
    "data_path",
    default=None,
    type=click.Path(exists=True),
    help="Gold JSONL {text, dct, spans} or gold markup .txt (default: the fictional gold shipped with "
    "riwaya), or the real-news articles annotation folder (../shared/annotation/articles).",
)
@click.option(
    "--wojood",
    default=None,
    type=click.Path(exists=True, dir_okay=False),
    help="Also score DATE/TIME detection on a Wojood CoNLL file (e.g. its test.txt).",
)
@click.option("--bench", is_flag=True, help="Run dateparser's search_dates side by side (accuracy, speed).")
def eval_times(data_path: str | None, wojood: str | None, bench: bool) -> None:
    """Temporal tagger: detection P/R/F1 (exact, overlap) and value accuracy."""
    report = _guard(lambda: times.report(data_path, wojood, bench))
    click.echo(json.dumps(report, ensure_ascii=False, indent=1))


@eval_group.command("events")
@click.option(
    "--gold",
    default=None,
    type=click.Path(exists=True, dir_okay=False),
    help="Gold incidents JSON (default: the demo corpus's gold shipped with riwaya).",
)
def eval_events(gold: str | None) -> None:
    """Incident clustering F1, conflict recall and false conflicts on the demo corpus."""
    gold_path = Path(gold) if gold else EVENTS_GOLD
    click.echo(json.dumps(_guard(lambda: evaluate_demo(DEMO_DIR, gold_path)), ensure_ascii=False, indent=1))


@eval_group.command("incidents")
@click.option(
    "--claims",
    "claims_dir",
    default=None,
    type=click.Path(exists=True, file_okay=False),
    help="Claims annotation folder (default ../shared/annotation/claims).",
)
@click.option(
    "--clusters",
    "clusters_file",
    default=None,
    type=click.Path(exists=True, dir_okay=False),
    help="An incidents.jsonl slice (lead incident and storyline per article): score those instead.",
)
@click.option(
    "--noise", default=0, show_default=True, help="Other articles of each crawl day analysed beside."
)
@click.option("--jobs", default=1, show_default=True, help="Worker processes for the per-article analysis.")
def eval_incidents(claims_dir: str | None, clusters_file: str | None, noise: int, jobs: int) -> None:
    """Real news: lead-incident BCubed, count claims P/R, slot statuses against the gold comparison."""
    if clusters_file:
        report = _guard(lambda: evaluate_clustering(clusters_file, noise=noise, jobs=jobs))
        click.echo(json.dumps(report, ensure_ascii=False, indent=1))
        return
    folder = Path(claims_dir) if claims_dir else _guard(lambda: shared_path("annotation", "claims"))
    report = _guard(lambda: evaluate_accounts(folder, noise=noise, jobs=jobs))
    click.echo(json.dumps(report, ensure_ascii=False, indent=1))


@eval_group.command("stance")
@click.option(
    "--data", "data_path", default=None, help="ANS stance folder (default ../shared/data/ans/stance)."
)
def eval_stance(data_path: str | None) -> None:
    """ANS stance macro-F1 of the claim comparator beside its baselines (trained on train, chosen on dev)."""
    folder = Path(data_path) if data_path else _guard(lambda: shared_path("data", "ans", "stance"))
    click.echo(json.dumps(_guard(lambda: stance.evaluate(folder)), indent=1))


# --- train commands (riwaya train NAME) ---
@main.group("train")
def train_group() -> None:
    """Rebuild the models riwaya ships from ../shared/data."""


@train_group.command("ner")
@click.option("--output", "-o", default=None, help="Model file (default: the shipped riwaya/models one).")
@click.option("--crf-only", is_flag=True, help="Train the CRF only, not the networks stacked on it.")
def train_ner(output: str | None, crf_only: bool) -> None:
    """Train the NER models on ANERcorp train: the CRF (about a minute), then, with torch
    installed (pip install 'riwaya[train]'), the two networks stacked on it (about 10 minutes)."""
    _guard(lambda: train_shipped(output, stacked=not crf_only, log=click.echo))


# --- other commands ---
@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite store file.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--token",
    envvar="RIWAYA_TOKEN",
    default=None,
    help="Bearer token for POST /api/articles (or RIWAYA_TOKEN).",
)
def serve(db: str, host: str, port: int, token: str | None) -> None:
    """Serve the web UI and the HTTP API (OpenAPI at /api/openapi.json) over a store."""
    import uvicorn

    _need_db(db)
    uvicorn.run(_guard(lambda: create_app(db, token=token)), host=host, port=port, log_level="info")


@main.command()
@click.option("--data", default=None, help="SaudiNewsNet folder (default ../shared/data/saudinewsnet).")
@click.option("--sizes", default="1000,5000,all", show_default=True)
@click.option("--jobs", default=1, show_default=True)
@click.option("--out", default="bench-results/bench.json", show_default=True, help="JSON report file.")
@click.option(
    "--what",
    type=click.Choice(["throughput", "clustering", "latency", "reliability"]),
    default="throughput",
    show_default=True,
    help="throughput: analyze subsets; clustering: stories over all SaudiNewsNet; "
    "latency: story pages of --db under load; reliability: the fuzzing campaign.",
)
@click.option("--db", default=None, help="Store to serve for --what latency.")
@click.option("--seconds", default=30.0, show_default=True, help="How long the latency load runs.")
@click.option("--clients", default=4, show_default=True, help="Client processes for the latency load.")
@click.option(
    "--inputs",
    default=100_000,
    show_default=True,
    type=click.IntRange(1),
    help="Fuzzed inputs for --what reliability.",
)
@click.option("--seed", default=0, show_default=True, help="Seed of the --what reliability inputs.")
def bench(data, sizes, jobs, out, what, db, seconds, clients, inputs, seed) -> None:
    """Throughput, clustering time, page latency and reliability under fuzzing (reports; never asserts)."""
    if what == "reliability":
        report = _guard(lambda: reliability.main(inputs, seed, max(jobs, 1), out))
        click.echo(json.dumps(report, ensure_ascii=False, indent=1))
        return
    if what == "throughput":
        _guard(lambda: throughput.main(data, sizes, jobs, out))
        return
    if what == "latency":
        if not db:
            raise click.UsageError("--what latency needs a store: add --db PATH (made by riwaya analyze)")
        _need_db(db)
        report = _guard(lambda: latency.main(db, seconds, clients, max(jobs, 1), out))
    else:
        report = _guard(lambda: clustering.main(data, max(jobs, 1), out))
    click.echo(json.dumps(report, ensure_ascii=False, indent=1))


def _need_db(db: str) -> None:
    if not Path(db).exists():
        raise click.ClickException(f"no store at {db!r}; create one with: riwaya analyze PATH --db {db}")


def _guard(call):
    try:
        return call()
    except RiwayaError as exc:
        raise click.ClickException(str(exc)) from exc


if __name__ == "__main__":
    main()
