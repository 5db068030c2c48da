"""Typed columns built without inference give the frame pandas would infer from the lists;
columns read back as arrays hold the frame's values."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from analysis.frames import column_arrays, nullable_ints, string_column, typed_frame

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


@pytest.mark.parametrize("public_api_only", [False, True])
def test_typed_frame_of_typed_columns_equals_inferred_frame(monkeypatch, public_api_only):
    if public_api_only:
        monkeypatch.delattr(pd.DataFrame, "_from_arrays")
    columns = {name: values for name, values in COLUMNS.items() if name != "note"}  # every column typed
    built = typed_frame(columns, {"start": "int64", "score": "float64"})
    pd.testing.assert_frame_equal(built, pd.DataFrame(columns), check_exact=True)
    assert isinstance(built.index, pd.RangeIndex)


def test_typed_frame_of_no_rows_keeps_the_columns():
    empty = {name: [] for name in COLUMNS}
    built = typed_frame(empty, {"start": "int64", "score": "float64"})
    assert list(built.columns) == list(COLUMNS)
    assert len(built) == 0
    assert built["start"].dtype == "int64"


@pytest.mark.parametrize("values", [[3, None, 7], [], [None], [1]])
def test_nullable_ints_equal_pandas_int64(values):
    pd.testing.assert_extension_array_equal(nullable_ints(values), pd.array(values, dtype="Int64"))


@pytest.mark.parametrize("values", [[], [1, "a"], [1.5, 2.0]])
def test_string_column_leaves_other_lists_to_pandas(values):
    assert string_column(values) is values


def test_string_column_of_nones_only_is_what_pandas_infers():
    column = string_column([None, None])
    pd.testing.assert_series_equal(pd.Series(column), pd.Series([None, None]), check_exact=True)
    assert column.tolist() == [None, None]


def test_string_column_has_the_inferred_string_dtype():
    column = string_column(["x", None])
    assert column.dtype == pd.Series(["x", None]).dtype
    assert column[0] == "x" and pd.isna(column[1])


def test_typed_frame_takes_typed_arrays_as_they_are():
    kinds = pd.Categorical(["x", "y", "x"], categories=["x", "y"], ordered=True)
    built = typed_frame({**COLUMNS, "kind": kinds, "offset": nullable_ints([1, None, 3])}, {"start": "int64", "score": "float64"})
    assert built["kind"].dtype == kinds.dtype
    assert built["offset"].dtype == "Int64"
    pd.testing.assert_frame_equal(built[list(COLUMNS)], pd.DataFrame(COLUMNS), check_exact=True)


MIXED = pd.DataFrame(
    {
        "n": [1, 2],
        "share": [0.5, np.nan],
        "name": ["a", None],
        "anything": [None, 3],
        "when": pd.to_datetime(["2025-06-17", None]),
        "offset": pd.array([4, None], dtype="Int64"),
        "kind": pd.Categorical(["x", None]),
        "flag": [True, False],
        "day": [dt.date(2025, 6, 17), None],
    }
)


@pytest.mark.parametrize("public_api_only", [False, True])
def test_column_arrays_hold_each_columns_values_and_dtype(monkeypatch, public_api_only):
    if public_api_only:
        monkeypatch.delattr(pd.DataFrame, "_get_column_array")
    arrays = column_arrays(MIXED)
    assert list(arrays) == list(MIXED.columns)
    for name, series in MIXED.items():
        assert arrays[name].dtype == series.dtype, name
        pd.testing.assert_series_equal(pd.Series(arrays[name], name=name), series, check_exact=True)
