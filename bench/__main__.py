"""`python -m bench`: generate vaults and run the benchmark.

python -m bench run --quick                 smoke test (100 notes, ~1-2 minutes)
python -m bench run --notes 1000            the 1,000-note numbers into docs/benchmarks.md
python -m bench run --notes 10000 --reuse-peer
python -m bench run --notes 1000 --only search cli
python -m bench generate --notes 10000
python -m bench profile --notes 1000        pyinstrument profiles of build and search
python -m bench relevance                   success@1, MRR@10, nDCG@10 against the peer
python -m bench compare --other TREE        this tree against another checkout, one run,
                                            generated vaults and real collections (--corpus)
python -m bench fidelity CORPUS...          what reader show prints of real notes
python -m bench snippets --notes 10000      search time, snippets from visible vs source text
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path

from bench.generate import OUT, generate, vault_bytes
from bench.report import place, render
from bench.run import STEPS, Setup, add_peer_search, cached_peer, run_all


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the measurements and write the report")
    run.add_argument("--notes", type=int, default=1000)
    run.add_argument("--seed", type=int, default=1)
    run.add_argument("--quick", action="store_true", help="100 notes, one run each")
    run.add_argument("--only", nargs="+", choices=list(STEPS), help="only these steps")
    run.add_argument("--builds", type=int, help="cold builds of each contestant")
    run.add_argument("--no-peer", action="store_true", help="skip the peer")
    run.add_argument(
        "--reuse-peer",
        action="store_true",
        help="reuse the peer's last build of this vault (its time and index)",
    )
    run.add_argument("--no-docs", action="store_true", help="do not touch docs/benchmarks.md")
    run.add_argument(
        "--work-root",
        type=Path,
        help="where to make the working copies (default bench/out/work): lets a run "
        "proceed while another process uses the default one",
    )
    gen = sub.add_parser("generate", help="write (or reuse) a synthetic vault")
    gen.add_argument("--notes", type=int, default=1000)
    gen.add_argument("--seed", type=int, default=1)
    gen.add_argument("--out", type=Path, help=f"parent folder (default {OUT / 'vaults'})")
    peer = sub.add_parser("peer-search", help="add the peer's search columns to the last run")
    peer.add_argument("--notes", type=int, default=1000)
    peer.add_argument("--seed", type=int, default=1)
    peer.set_defaults(quick=False, builds=None, no_peer=False, reuse_peer=True, only=None)
    fid = sub.add_parser("fidelity", help="what reader show prints of real notes")
    fid.add_argument("corpora", nargs="+", type=Path)
    fid.add_argument("--sample", type=int, default=200)
    fid.add_argument("--seed", type=int, default=1)
    snip = sub.add_parser("snippets", help="search time with snippets from the visible text")
    snip.add_argument("--notes", type=int, default=10000)
    snip.add_argument("--seed", type=int, default=1)
    snip.add_argument("--limit", type=int, default=20)
    snip.add_argument("--rounds", type=int, default=5)
    snip.add_argument("--cold", action="store_true", help="forget remembered windows")
    prof = sub.add_parser("profile", help="profile a build and the queries (pyinstrument)")
    prof.add_argument("--notes", type=int, default=1000)
    prof.add_argument("--seed", type=int, default=1)
    rel = sub.add_parser("relevance", help="known-item and judged queries, reader and peer")
    rel.add_argument("--notes", type=int, default=1000, help="size of the generated vault")
    rel.add_argument("--only", nargs="+", default=[], help="collections whose name starts so")
    rel.add_argument("--no-peer", action="store_true", help="skip the peer")
    rel.add_argument(
        "--alternative", action="store_true", help="also rank by BM25 over fields (BM25F)"
    )
    rel.add_argument("--other", type=Path, help="also rank with another checkout (its .venv)")
    cmp = sub.add_parser("compare", help="build, search and CLI against another checkout")
    cmp.add_argument("--other", type=Path, required=True, help="the other tree (with .venv)")
    cmp.add_argument("--build-notes", type=int, default=1000)
    cmp.add_argument("--builds", type=int, default=3)
    cmp.add_argument("--notes", type=int, default=10000, help="vault for search and CLI")
    cmp.add_argument("--repeats", type=int, default=5)
    cmp.add_argument(
        "--corpus",
        type=Path,
        action="append",
        help="a real collection to measure as well (repeatable; default: knowledge-garden "
        "under /work/corpora when present)",
    )
    return parser


def _setup(args: argparse.Namespace) -> Setup:
    big = args.notes >= 5000
    if args.quick:
        args.notes = 100
    builds = args.builds or (1 if args.quick or big else 3)
    return Setup(
        notes=args.notes,
        seed=args.seed,
        builds=builds,
        search_repeats=3 if args.quick else 7,
        cli_runs=2 if args.quick else 5,
        update_rounds=2 if args.quick else 5,
        tui_runs=1 if args.quick else 3,
        peer=not args.no_peer,
        peer_highlights=not args.quick,
        reuse_peer=args.reuse_peer,
        work_root=getattr(args, "work_root", None) or OUT / "work",
    )


def _peer_search(setup: Setup, raw: Path, tag: str) -> int:
    """Add the peer's search columns to the last results of this size and re-render."""
    results = json.loads(raw.read_text(encoding="utf-8"))
    add_peer_search(setup, results["search"])
    results["commands"] = [
        *results.get("commands", []),
        f"python -m bench peer-search --notes {setup.notes}",
    ]
    raw.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str), "utf-8")
    block = render(tag, "; ".join(results["commands"]), results)
    place(block, tag)
    print(block)
    return 0


def _command_of(section: object) -> str | None:
    """The command that measured a section of the results, if it says."""
    command = section.get("command") if isinstance(section, dict) else None
    return command if isinstance(command, str) else None


def main(argv: list[str] | None = None) -> int:
    """Run the chosen subcommand."""
    args = _parser().parse_args(argv)
    if args.command == "snippets":
        from bench.snippets import compare

        work = OUT / "work" / f"n{args.notes}-s{args.seed}"
        result = compare(work, args.limit, args.rounds, args.cold)
        print(json.dumps(result, ensure_ascii=False))
        return 0
    if args.command == "fidelity":
        from bench.fidelity import fidelity

        for corpus in args.corpora:
            print(json.dumps(fidelity(corpus, args.sample, args.seed), ensure_ascii=False))
        return 0
    if args.command == "generate":
        vault = generate(args.notes, args.seed, args.out)
        print(f"{vault}: {args.notes} notes, {vault_bytes(vault) / 1e6:.1f} MB")
        return 0
    if args.command == "relevance":
        from bench.relevance import run as relevance

        print(relevance(args.notes, args.only, not args.no_peer, args.alternative, args.other))
        return 0
    if args.command == "compare":
        from bench.compare import compare

        report = compare(
            args.other, args.build_notes, args.builds, args.notes, args.repeats, args.corpus
        )
        print(report)
        return 0
    if args.command == "profile":
        from bench.profile import profile

        profile(args.notes, args.seed)
        return 0
    setup = _setup(args)
    tag = "quick" if args.quick else setup.tag
    raw = OUT / f"results-{tag}.json"
    if args.command == "peer-search":
        return _peer_search(setup, raw, tag)
    command = "python -m bench " + shlex.join(sys.argv[1:] if argv is None else argv)
    results: dict[str, object] = {}
    if args.only and raw.is_file():  # a partial run adds to the last results of this size
        results = json.loads(raw.read_text(encoding="utf-8"))
    fresh = run_all(setup, args.only)
    for section in fresh.values():
        section["command"] = command
    results.update(fresh)
    # The commands behind the sections shown, in order (a partial run replaces some).
    commands = list(dict.fromkeys(c for s in results.values() if (c := _command_of(s))))
    build = results.get("build")
    if isinstance(build, dict) and not build.get("peer") and setup.reuse_peer:
        cached = cached_peer(setup)  # a background peer build finished after the build step
        build["peer"] = [cached] if cached else []
    results["commands"] = commands
    raw.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str), "utf-8")
    command = "; ".join(commands)
    block = render(tag, command, results)
    if args.quick or args.no_docs:
        (OUT / f"report-{tag}.md").write_text(block, encoding="utf-8")
        print(block)
    else:
        place(block, tag)
        print(block)
    return 0


if __name__ == "__main__":
    sys.exit(main())
