"""The full-text index. Whoosh lives behind this package and nowhere else.

`SearchIndex` (in `store`) opens, repairs, updates and searches a vault's index. This package
imports nothing, so importing one of its modules never loads Whoosh through another; where a
vault's index lives by default is `reader.vault.locations` (kept outside: it imports no Whoosh).
"""
