"""The embeddings cache: one vector per document and model, written once, read in bulk.

Vectors cross into DuckDB as Arrow fixed-size lists of float32, so a batch is one INSERT and
the ``FLOAT[384]`` column type checks the dimension: a vector of the wrong length fails the
whole batch instead of storing a half-usable row.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from datetime import datetime

import duckdb
import numpy as np
import pyarrow as pa

from kernel.errors import WarehouseError

DIMENSION = 384


@contextlib.contextmanager
def registered(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table) -> Iterator[None]:
    """``table`` visible to SQL as ``name`` for the block.

    After a failed statement DuckDB refuses every call, unregistering included, until the
    transaction is rolled back; the view is then left for the next ``register`` to replace,
    so the statement's own error is the one the caller sees.
    """
    con.register(name, table)
    try:
        yield
    finally:
        with contextlib.suppress(duckdb.TransactionException):
            con.unregister(name)


def vector_array(vectors: np.ndarray) -> pa.FixedSizeListArray:
    """An ``(n, d)`` float matrix as an Arrow array of fixed-size float32 lists."""
    matrix = np.ascontiguousarray(vectors, dtype=np.float32)
    if matrix.ndim != 2:
        raise ValueError(f"expected a 2-d matrix of vectors, got shape {matrix.shape}")
    return pa.FixedSizeListArray.from_arrays(pa.array(matrix.reshape(-1)), matrix.shape[1])


def matrix_of(column: pa.ChunkedArray | pa.Array, dimension: int = DIMENSION) -> np.ndarray:
    """An Arrow column of fixed-size float lists back as an ``(n, dimension)`` float32 matrix."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks() if column.num_chunks else pa.array([], column.type)
    if len(column) == 0:
        return np.zeros((0, dimension), dtype=np.float32)
    values = column.flatten().to_numpy(zero_copy_only=False)
    return values.astype(np.float32, copy=False).reshape(len(column), -1)


def documents_without_embedding(
    con: duckdb.DuckDBPyConnection, model: str, *, max_chars: int
) -> list[tuple[str, str]]:
    """``(doc_id, text)`` of every document with no vector for ``model``, in doc_id order.

    The text is the title, then the body cut to ``max_chars``: the model reads at most 256
    tokens, so a longer body costs time and changes nothing.
    """
    return con.execute(
        """
        SELECT d.doc_id,
               CASE WHEN d.title = '' THEN left(d.text, ?)
                    ELSE d.title || '. ' || left(d.text, ?) END
        FROM documents d ANTI JOIN embeddings e ON e.doc_id = d.doc_id AND e.model = ?
        ORDER BY d.doc_id
        """,
        [max_chars, max_chars, model],
    ).fetchall()


def write_embeddings(
    con: duckdb.DuckDBPyConnection,
    model: str,
    doc_ids: Sequence[str],
    vectors: np.ndarray,
    *,
    at: datetime,
) -> int:
    """Store vectors for documents that have none yet; returns how many rows were added."""
    if len(doc_ids) != len(vectors):
        raise ValueError(f"{len(doc_ids)} document ids but {len(vectors)} vectors")
    if not doc_ids:
        return 0
    table = pa.table(
        {
            "doc_id": pa.array(list(doc_ids), pa.string()),
            "model": pa.array([model] * len(doc_ids), pa.string()),
            "vector": vector_array(vectors),
            "created_at": pa.array([at] * len(doc_ids), pa.timestamp("us")),
        }
    )
    before = count_embeddings(con, model)
    with registered(con, "_incoming_embeddings", table):
        try:
            con.execute(
                "INSERT INTO embeddings SELECT doc_id, model, vector, created_at"
                " FROM _incoming_embeddings ON CONFLICT DO NOTHING"
            )
        except duckdb.ConversionException as exc:
            raise WarehouseError(
                f"cannot store {len(doc_ids)} vectors of model {model!r}: {_first_line(exc)}; "
                f"the warehouse keeps {DIMENSION}-d vectors, so configure a {DIMENSION}-d model"
            ) from exc
    return count_embeddings(con, model) - before


def count_embeddings(con: duckdb.DuckDBPyConnection, model: str) -> int:
    return con.execute("SELECT count(*) FROM embeddings WHERE model = ?", [model]).fetchall()[0][0]


def embeddings_for(
    con: duckdb.DuckDBPyConnection, model: str, doc_ids: Sequence[str]
) -> tuple[list[str], np.ndarray]:
    """Stored vectors of the given documents (those that have one), in doc_id order."""
    wanted = pa.table({"doc_id": pa.array(list(doc_ids), pa.string())})
    with registered(con, "_wanted_docs", wanted):
        table = con.sql(
            "SELECT e.doc_id, e.vector FROM embeddings e SEMI JOIN _wanted_docs w"
            " ON w.doc_id = e.doc_id WHERE e.model = ? ORDER BY e.doc_id",
            params=[model],
        ).to_arrow_table()
    return table.column("doc_id").to_pylist(), matrix_of(table.column("vector"))


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
