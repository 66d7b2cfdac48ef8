"""Benchmarks of the reader against the textbook Whoosh + jieba set-up and ripgrep.

Run `python -m bench run --quick` for a smoke test, `python -m bench run --notes 1000` or
`--notes 10000` for the numbers in docs/benchmarks.md. Never run by the tests or CI.
"""
