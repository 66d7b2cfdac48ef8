"""Markdown as the reader understands it: one parser (markdown-it-py with its plugins and
the Obsidian-flavoured rules no plugin has) whose tokens everything else reads: the renderer,
the link scanner, titles. Uses nothing of the reader but `reader.text`, and no Textual.
"""
