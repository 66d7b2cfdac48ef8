"""A vault: the folder of notes with its catalog, entities, index location and sync, behind
one `Vault` object (`reader.vault.vault`) that the CLI and the TUI both use. Uses
`reader.search`, `reader.notes` and `reader.text`.
"""
