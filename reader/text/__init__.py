"""Text helpers that know nothing of notes: folding (case, width, traditional/simplified),
finding folded text, CJK line breaking, word analysis for the index, search snippets, and
keeping text inert on a terminal. The bottom layer: imports nothing else of the reader.

Like every package of the reader, this one imports nothing itself: import from the module
that defines the name (`reader.text.fold`, …), so loading one module never loads its siblings.
"""
