"""The terminal user interface: the Textual app, its messages, screens and widgets, and the
plain helpers they share (rows, history, mentions, labels, facts). The only package that
imports Textual; it uses every core package, and none of them uses it.
"""
