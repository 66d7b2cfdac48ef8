"""The YAML loader frontmatter is read with: libyaml's safe loader, made forgiving.

Apart from `frontmatter_parse` so that PyYAML loads with the first YAML block a process
reads: listing or searching a vault whose notes did not change reads none. Part of the
core: never imports Textual.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

# YAML 1.2 booleans only: `NO`, `on`, `yes` are names and words in notes, not booleans.
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


class NoteLoader(yaml.CSafeLoader):
    """libyaml's safe loader, made forgiving: duplicate keys are recorded, impossible dates
    and huge integers stay text, unknown tags are read as plain values, and only
    `true`/`false` are booleans."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[str] = []
        self.unknown_tags: list[str] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        """Build a mapping, noting keys written twice (libyaml keeps the last silently)."""
        seen: set[str] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen and key_node.value not in self.duplicates:
                    self.duplicates.append(key_node.value)
                seen.add(key_node.value)
        return super().construct_mapping(node, deep)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        """A date; or its text when it is impossible (2025-02-30), for the date check."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return node.value

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        """An integer; or its text when Python refuses to convert it (too many digits)."""
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            return node.value

    def construct_unknown(self, node: yaml.Node) -> Any:
        """A value with a tag we do not know (`!include x`): read it as plain YAML."""
        if node.tag not in self.unknown_tags:
            self.unknown_tags.append(node.tag)
        if isinstance(node, yaml.MappingNode):
            return self.construct_mapping(node, deep=True)
        if isinstance(node, yaml.SequenceNode):
            return self.construct_sequence(node, deep=True)
        return self.construct_scalar(node)  # type: ignore[arg-type]


def _install_resolvers_and_constructors() -> None:
    resolvers = {
        first: [(tag, regex) for tag, regex in entries if tag != "tag:yaml.org,2002:bool"]
        for first, entries in yaml.CSafeLoader.yaml_implicit_resolvers.items()
    }
    NoteLoader.yaml_implicit_resolvers = resolvers
    NoteLoader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))
    NoteLoader.add_constructor("tag:yaml.org,2002:timestamp", NoteLoader.construct_yaml_timestamp)
    NoteLoader.add_constructor("tag:yaml.org,2002:int", NoteLoader.construct_yaml_int)
    NoteLoader.add_constructor(None, NoteLoader.construct_unknown)


_install_resolvers_and_constructors()
