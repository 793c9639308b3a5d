"""`export`: the archive as one typed table (Parquet, CSV or JSONL), written whole or not at all."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from newsarchive.archive import (
    to_arrow,
)

FORMATS = ("parquet", "csv", "jsonl")
# a cell a spreadsheet would read as a formula (=HYPERLINK(…), +, -, @) or whose tab or
# carriage return hides one: OWASP's list for CSV injection
FORMULA_START = r"^[=+\-@\t\r]"
UTF8_BOM = b"\xef\xbb\xbf"


# --- export -------------------------------------------------------------------------------------


def export(
    data_dir: str | Path,
    out: Path,
    fmt: str,
    site: str | Iterable[str] | None = None,
    since: date | None = None,
    *,
    formulas: bool = False,
    excel: bool = False,
) -> int:
    """Write the selected records as one table to `out`; returns the number of rows.

    The file appears whole or not at all (written beside `out`, then renamed). CSV only:
    text cells a spreadsheet would evaluate get a leading `'` unless `formulas`
    (`neutralise_formulas`); `excel` starts the file with a UTF-8 BOM, without which Excel
    and WPS read the Chinese as the local code page.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    table = to_arrow(data_dir, site, since=since)
    with atomic(out) as tmp:
        if fmt == "parquet":
            import pyarrow.parquet as pq

            # zstd: news text compresses about twice as well as with snappy, read everywhere
            pq.write_table(table, tmp, compression="zstd")
        elif fmt == "csv":
            import pyarrow.csv as pacsv

            flat = flat_lists(table)
            with tmp.open("wb") as handle:
                if excel:
                    handle.write(UTF8_BOM)
                pacsv.write_csv(flat if formulas else neutralise_formulas(flat), handle)
        else:
            with tmp.open("w", encoding="utf-8", newline="\n") as handle:
                for batch in table.to_batches():
                    for row in batch.to_pylist():
                        line = json.dumps(row, ensure_ascii=False, default=_json_value)
                        handle.write(line + "\n")
    return int(table.num_rows)


def flat_lists(table: Any) -> Any:
    """The table with each list column (`credits`) as JSON text: a CSV cell holds no list.

    >>> import pyarrow as pa
    >>> t = pa.table({"credits": [[{"name": "张丽", "role": "reporter"}], None]})
    >>> flat_lists(t).column("credits").to_pylist()
    ['[{"name": "张丽", "role": "reporter"}]', None]
    """
    import pyarrow as pa

    for i, column in enumerate(table.schema):
        if pa.types.is_list(column.type) or pa.types.is_large_list(column.type):
            values = [
                None if v is None else json.dumps(v, ensure_ascii=False)
                for v in table.column(i).to_pylist()
            ]
            table = table.set_column(i, column.name, pa.array(values, type=pa.string()))
    return table


def neutralise_formulas(table: Any) -> Any:
    r"""The table with every text cell that starts like a formula prefixed with `'`, which a
    spreadsheet shows as text and does not evaluate.

    >>> import pyarrow as pa
    >>> t = pa.table({"title": ['=HYPERLINK("http://x","y")', "+1", "-2", "@a", "\tb", "ok"]})
    >>> neutralise_formulas(t).column("title").to_pylist()
    ['\'=HYPERLINK("http://x","y")', "'+1", "'-2", "'@a", "'\tb", 'ok']
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    for i, column in enumerate(table.schema):
        if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
            continue
        values = table.column(i)
        risky = pc.fill_null(pc.match_substring_regex(values, FORMULA_START), False)
        quoted = pc.binary_join_element_wise(pa.scalar("'", column.type), values, "")
        table = table.set_column(i, column.name, pc.if_else(risky, quoted, values))
    return table


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


@contextmanager
def atomic(out: Path) -> Iterator[Path]:
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
