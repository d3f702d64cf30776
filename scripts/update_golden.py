"""Regenerate the end-to-end golden digests (tests/golden/*.json) and print what changed.

Run it when a change to the pipeline is intended to change the demo or seed results:

    python scripts/update_golden.py            # both digests (seeds only if ../shared exists)
    python scripts/update_golden.py --check    # only report differences, write nothing
    python scripts/update_golden.py --head     # digests of the committed code (git HEAD), not of
                                               # uncommitted edits in this working tree

Review the printed diff before committing: every changed line is a changed annotation.
The seed digest holds no article text; this script refuses to write it if any 8-word window
of the seed articles appears in it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import riwaya  # noqa: E402
from golden.digest import (  # noqa: E402
    DEMO_GOLDEN,
    SEED_GOLDEN,
    demo_digest,
    diff_lines,
    dumps,
    seed_digest,
    seed_overlap,
)
from riwaya.paths import shared_dir  # noqa: E402

DEMO_DIR = ROOT / "src" / "riwaya" / "demo"


class FailedRun(Exception):
    """The run recorded failures: a golden file from it would enshrine a crash."""


def current_digest(inputs: Path, make_digest, allow_failures: bool = False) -> str:
    """Analyse ``inputs`` into a throwaway store and render its digest."""
    with tempfile.TemporaryDirectory() as tmp:
        result = riwaya.analyze([str(inputs)], db=Path(tmp) / "golden.db")
    if result.failures and not allow_failures:
        first = result.failures[0]
        raise FailedRun(
            f"{len(result.failures)} failure(s) analysing {inputs.name}, e.g. {Path(first.input).name} at "
            f"{first.stage}: {first.reason}; fix them first (or pass --allow-failures if intended)"
        )
    return dumps(make_digest(result.export(), result.corpus))


def update(path: Path, new: str, check: bool) -> bool:
    """Print a diff summary against the golden file; write it unless ``check``. True if changed."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    diff = diff_lines(old, new, path.name)
    if not diff:
        print(f"{path.name}: unchanged")
        return False
    added = sum(1 for line in diff if line.startswith("+ "))
    removed = sum(1 for line in diff if line.startswith("- "))
    print(f"{path.name}: {added} line(s) added, {removed} removed")
    print("\n".join(diff))
    if not check:
        path.write_text(new, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report differences only; exit 1 if any")
    parser.add_argument("--allow-failures", action="store_true", help="write goldens even if a run failed")
    parser.add_argument("--head", action="store_true", help="analyse with the code of git HEAD")
    args = parser.parse_args(argv)
    if args.head:
        return run_at_head(
            [a for a in (argv if argv is not None else sys.argv[1:]) if a != "--head"], args.check
        )
    try:
        return regenerate(args.check, args.allow_failures)
    except FailedRun as exc:
        print(f"nothing written for that corpus: {exc}")
        return 2


def run_at_head(flags: list[str], check: bool) -> int:
    """Run this script inside a copy of git HEAD (so others' uncommitted edits do not leak into the
    goldens), diffing against this tree's golden files and copying the new ones back."""
    import os
    import shutil
    import subprocess

    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        golden = Path(tmp) / "tests" / "golden"
        for path in (DEMO_GOLDEN, SEED_GOLDEN):
            if path.exists():
                shutil.copy(path, golden / path.name)
        env = dict(os.environ, PYTHONPATH=str(Path(tmp) / "src"))
        if shared_dir() is not None:
            env["RIWAYA_SHARED"] = str(shared_dir())
        script = Path(tmp) / "scripts" / "update_golden.py"
        rc = subprocess.run([sys.executable, str(script), *flags], cwd=tmp, env=env).returncode
        if not check:
            for path in (DEMO_GOLDEN, SEED_GOLDEN):
                if (golden / path.name).exists():
                    shutil.copy(golden / path.name, path)
    return rc


def regenerate(check: bool, allow_failures: bool) -> int:
    changed = update(DEMO_GOLDEN, current_digest(DEMO_DIR, demo_digest, allow_failures), check)
    shared = shared_dir()
    if shared is None:
        print("seed digest skipped: ../shared (seed articles) is not present")
        return int(changed and check)
    seeds = shared / "corpus" / "seeds"
    new = current_digest(seeds, seed_digest, allow_failures)
    leaks = seed_overlap(new, seeds)
    if leaks:
        print(f"refusing to write {SEED_GOLDEN.name}: it repeats seed text, e.g. {leaks[0]!r}")
        return 2
    changed = update(SEED_GOLDEN, new, check) or changed
    return int(changed and check)


if __name__ == "__main__":
    sys.exit(main())
