"""Whatever the files hold, reading them gives an agreement or a list of problems, never a crash."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from avv.content.load import CONTENT_FILES, load, read_folder
from avv.errors import InvalidAgreement
from tests.support import ROOT

REAL = read_folder(ROOT)
YAML_FILES = [path for path in CONTENT_FILES if path.endswith(".yaml")]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.dates().map(str),
)
yaml_data = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(
                ["version", "name", "country", "title", "measures", "number", "x", "columns"]
            )
            | st.text(max_size=8),
            children,
            max_size=5,
        ),
    ),
    max_leaves=20,
)
markdown_lines = st.one_of(
    st.sampled_from(
        [
            "# Titel",
            "## I. Gegenstand",
            "## IV. Dauer",
            "## X.",
            "- a. Text",
            "- b. Siehe Punkt VI.c und Anlage 2 – Subunternehmer",
            "- c. Anlage 9",
            "- Aufzählung",
            "    - Punkt",
            "  Fortsetzung",
            "{{ datenkategorien }}",
            "{{ unterschriften }}",
            "{{ }}",
            "<script>alert(1)</script>",
            "",
        ]
    ),
    st.text(max_size=40),
)


def assert_reads_or_reports(files: dict[str, str]) -> None:
    try:
        load(files)
    except InvalidAgreement as error:
        assert error.problems
        for problem in error.problems:
            assert problem.path in files or problem.path in CONTENT_FILES
            assert problem.line >= 0 and problem.message


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(path=st.sampled_from(CONTENT_FILES), text=st.text(max_size=300))
def test_arbitrary_text_in_any_file(path: str, text: str) -> None:
    assert_reads_or_reports({**REAL, path: text})


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(path=st.sampled_from(YAML_FILES), data=yaml_data)
def test_arbitrary_yaml_data_in_any_yaml_file(path: str, data: object) -> None:
    assert_reads_or_reports({**REAL, path: yaml.safe_dump(data, allow_unicode=True)})


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(lines=st.lists(markdown_lines, max_size=30))
def test_arbitrary_markdown_of_contract_lines(lines: list[str]) -> None:
    assert_reads_or_reports({**REAL, "contract/avv.md": "\n".join(lines)})


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    path=st.sampled_from(CONTENT_FILES),
    data=st.data(),
)
def test_lines_of_the_real_files_deleted_or_duplicated(path: str, data: st.DataObject) -> None:
    lines = REAL[path].splitlines()
    index = data.draw(st.integers(0, len(lines) - 1))
    duplicate = data.draw(st.booleans())
    lines[index : index + 1] = [lines[index]] * 2 if duplicate else []
    assert_reads_or_reports({**REAL, path: "\n".join(lines)})
