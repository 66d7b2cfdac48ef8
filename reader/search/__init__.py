"""Search: the query language, the Whoosh index behind it (`index/`), matching a query
against a note's text, and the lock of the index folder. Uses `reader.notes` and
`reader.text`.
"""
