"""Tidy tables built fast: typed columns from plain lists, without pandas' type inference.

Every analysis builds its output DataFrame once, from one list per column. On a small article,
pandas inferring each column's type costs more than the analysis itself; these helpers hand it
the arrays it would have inferred (int64, float64, nullable Int64, its string dtype), so a frame
built here equals ``pd.DataFrame(lists)``, dtypes included.

Returns arrays for ``pd.DataFrame`` (:func:`string_column`, :func:`nullable_ints`), whole
frames (:func:`typed_frame`), and, the other way, a frame's columns as their stored arrays
(:func:`column_arrays`).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa

ColumnArray = np.ndarray | pd.api.extensions.ExtensionArray
"""How pandas stores a column's values."""


@lru_cache(maxsize=1)
def string_dtype() -> pd.api.extensions.ExtensionDtype:
    """The dtype pandas infers for a column of strings (``str`` in pandas 3)."""
    return pd.Series(["x"]).dtype


def string_column(values: list):
    """A column of strings and Nones, typed as pandas infers it (None is its missing value).

    Built straight from an Arrow array when that is the inferred storage; a column of Nones only
    is an object array of them, as pandas infers it. Any other list (empty, or with values that
    are not strings) is returned as it is, for pandas to infer.
    """
    types = set(map(type, values))
    if types == {type(None)}:
        return np.full(len(values), None, dtype=object)
    if str not in types or not types <= {str, type(None)}:
        return values
    dtype = string_dtype()
    if getattr(dtype, "storage", None) == "pyarrow":
        return pd.arrays.ArrowStringArray(pa.array(values, type=pa.large_string()), dtype=dtype)
    return pd.array(values, dtype=dtype)


def nullable_ints(values: list[int | None]) -> pd.arrays.IntegerArray:
    """``pd.array(values, dtype="Int64")`` for ints and Nones, built directly."""
    mask = np.fromiter((v is None for v in values), dtype=bool, count=len(values))
    data = np.fromiter((0 if v is None else v for v in values), dtype=np.int64, count=len(values))
    return pd.arrays.IntegerArray(data, mask)


def typed_frame(columns: dict[str, list], numeric: dict[str, str] | None = None) -> pd.DataFrame:
    """``pd.DataFrame(columns)`` with the same dtypes, built without inference.

    Args:
        columns: column name -> list of values, in the frame's column order; a column given as
            an array (a categorical, nullable integers) is taken as it is.
        numeric: column name -> numpy dtype (``"int64"``, ``"float64"``) for the numeric columns;
            every other column goes through :func:`string_column`.
    """
    numeric = numeric or {}
    arrays = {}
    for name, values in columns.items():
        dtype = numeric.get(name)
        if not isinstance(values, list):
            arrays[name] = values
        elif dtype is not None:
            arrays[name] = np.array(values, dtype=dtype)
        else:
            arrays[name] = string_column(values)
    from_arrays = getattr(pd.DataFrame, "_from_arrays", None)
    if from_arrays is None or any(isinstance(values, list) for values in arrays.values()):
        return pd.DataFrame(arrays, copy=False)  # a list left for pandas to infer
    # Every column is a typed array already: pandas' checks and conversions would change nothing.
    length = len(next(iter(arrays.values()))) if arrays else 0
    return from_arrays(list(arrays.values()), columns=list(arrays), index=pd.RangeIndex(length), verify_integrity=False)


def column_arrays(frame: pd.DataFrame) -> dict[str, ColumnArray]:
    """Column name -> the column's values as pandas stores them (a numpy or extension array).

    The same values as ``dict(frame.items())`` without a Series for each column, which costs more
    than reading a small frame's values. For reading only: the arrays are views of the frame.
    """
    get_array = getattr(frame, "_get_column_array", None)
    if get_array is None:  # a pandas without it: the same arrays through the public API
        return {name: series.array if isinstance(series.dtype, pd.api.extensions.ExtensionDtype) else series.to_numpy()
                for name, series in frame.items()}
    return {name: get_array(i) for i, name in enumerate(frame.columns)}
