"""Typed columns built without inference give the frame pandas would infer from the lists."""

import pandas as pd
import pytest

from analysis.frames import nullable_ints, string_column, typed_frame

COLUMNS = {
    "article_id": ["a", "a", "a"],
    "start": [0, 5, 9],
    "score": [0.5, -1.0, 2.25],
    "speaker": ["Jane Doe", None, "the ministry"],
    "note": [None, None, None],
}


def test_typed_frame_equals_inferred_frame():
    built = typed_frame(COLUMNS, {"start": "int64", "score": "float64"})
    pd.testing.assert_frame_equal(built, pd.DataFrame(COLUMNS), check_exact=True)


def test_typed_frame_of_no_rows_keeps_the_columns():
    empty = {name: [] for name in COLUMNS}
    built = typed_frame(empty, {"start": "int64", "score": "float64"})
    assert list(built.columns) == list(COLUMNS)
    assert len(built) == 0
    assert built["start"].dtype == "int64"


@pytest.mark.parametrize("values", [[3, None, 7], [], [None], [1]])
def test_nullable_ints_equal_pandas_int64(values):
    pd.testing.assert_extension_array_equal(nullable_ints(values), pd.array(values, dtype="Int64"))


@pytest.mark.parametrize("values", [[None, None], [1, "a"], [1.5, 2.0]])
def test_string_column_leaves_other_lists_to_pandas(values):
    assert string_column(values) is values


def test_string_column_has_the_inferred_string_dtype():
    column = string_column(["x", None])
    assert column.dtype == pd.Series(["x", None]).dtype
    assert column[0] == "x" and pd.isna(column[1])
