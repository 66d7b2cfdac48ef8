"""The reader's top 10 for each query, with whichever `reader` the interpreter imports.

`python -m bench relevance --other TREE` runs this file with the other tree's interpreter,
so an older checkout answers the same queries (before and after, in one run). Only the
standard library and `reader` are imported; an option the older reader lacks is ignored.

    python rank_worker.py VAULT INDEX_DIR QUERIES.json [obsidian]  -> JSON on stdout
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    """Index the vault afresh, answer every query, print the paths as JSON."""
    from reader.notes.config import load_config
    from reader.vault.vault import Vault

    root, index, queries_file = Path(argv[0]), Path(argv[1]), Path(argv[2])
    config = load_config(root, user_file=index.with_name("no-user-config.yaml"))
    if len(argv) > 3 and argv[3] == "obsidian" and hasattr(config, "title_from"):
        config.title_from = ("frontmatter", "filename", "heading")
    shutil.rmtree(index, ignore_errors=True)
    vault = Vault(root, index, config)
    vault.update()
    queries = json.loads(queries_file.read_text(encoding="utf-8"))
    ranked = [[hit.path for hit in vault.search(text, limit=10)] for text in queries]
    print(json.dumps({"ranked": ranked}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
