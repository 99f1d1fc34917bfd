"""The top-level fields of a YAML file read without checking them (avv.content.yamlfields): the
one reader of a field's line for messages and of a version's id in the history."""

from __future__ import annotations

import pytest

from avv.content.yamlfields import TopField, top_fields

META = """\
# the version
version: 2024-03-01
published: "2024-03-01"
empty:
null_value: null
parties:
  - a
"""


def test_each_field_has_the_line_of_its_key_and_its_text_as_written() -> None:
    fields = top_fields(META)
    assert fields["version"] == TopField(2, "2024-03-01")
    assert fields["published"] == TopField(3, "2024-03-01")
    assert fields["empty"] == TopField(4, None)
    assert fields["null_value"] == TopField(5, None)
    assert fields["parties"] == TopField(6, None)


@pytest.mark.parametrize("text", ["", "- a list", "version: [unclosed", "just text"])
def test_what_is_no_mapping_has_no_fields(text: str) -> None:
    assert top_fields(text) == {}
