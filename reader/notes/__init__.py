"""Reading note files: decoding bytes, parsing frontmatter, the `Note` record and its fields,
the user's configuration (entity types, aliases) and what following a link may do.
Uses `reader.text` only.
"""
