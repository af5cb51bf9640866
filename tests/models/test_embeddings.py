"""Sentence embeddings with the packaged MiniLM, and the cache that computes each vector once."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from kernel.errors import ConfigError, WarehouseError
from models.embeddings import (
    CHARS_PER_TOKEN,
    DEFAULT_MAX_TOKENS,
    DEFAULT_MODEL_NAME,
    embed_texts,
    load_embedder,
    run_embed_stage,
)
from tests.models.topics.topic_corpus import embedder, store_documents
from warehouse.connection import open_warehouse
from warehouse.embeddings import (
    count_embeddings,
    documents_without_embedding,
    embeddings_for,
    write_embeddings,
)

MAX_CHARS = CHARS_PER_TOKEN * DEFAULT_MAX_TOKENS


@pytest.fixture(scope="module")
def model():
    return embedder()


@pytest.fixture
def corpus_db(tmp_path: Path) -> Path:
    db = tmp_path / "horizon.duckdb"
    store_documents(db, limit=6)
    return db


def test_vectors_are_384_unit_float32_and_follow_meaning(model):
    vectors = embed_texts(
        [
            "A solid-state lithium battery with a sulfide electrolyte",
            "Solid electrolyte interfaces in all-solid-state batteries for electric cars",
            "Cheese vat with a curd cutting frame for hard cheese",
        ],
        model,
    )
    assert vectors.shape == (3, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    batteries, cheese = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])
    assert batteries > 0.5
    assert cheese < 0.3


def test_no_texts_no_vectors(model):
    assert embed_texts([], model).shape == (0, 384)


def test_text_beyond_max_tokens_is_not_read():
    short = load_embedder(max_tokens=16)
    head = "Solid-state lithium batteries with sulfide electrolytes for electric cars"
    tail = " and, later on, a long digression about cheese vats and curd cutting frames" * 5
    assert short.max_seq_length == 16
    pieces = short.tokenizer(head + tail)["input_ids"][1:15]  # the 14 pieces read, no [CLS]/[SEP]
    cut = short.tokenizer.decode(pieces)
    np.testing.assert_allclose(
        embed_texts([head + tail], short), embed_texts([cut], short), atol=1e-5
    )


def test_a_folder_without_a_model_is_a_config_error(tmp_path: Path):
    with pytest.raises(ConfigError, match="no sentence-transformers model"):
        load_embedder(tmp_path)


def test_embed_stage_embeds_each_document_once(corpus_db: Path, model):
    with open_warehouse(corpus_db) as wh:
        pending = documents_without_embedding(wh.con, DEFAULT_MODEL_NAME, max_chars=MAX_CHARS)
        first = run_embed_stage(wh, model=model, write_every=4)
        second = run_embed_stage(wh, model=model)
        stored = count_embeddings(wh.con, DEFAULT_MODEL_NAME)
        doc_ids, vectors = embeddings_for(wh.con, DEFAULT_MODEL_NAME, [pending[0][0]])
    assert first == {"model": DEFAULT_MODEL_NAME, "embedded": len(pending)}
    assert len(pending) == 6
    assert second == {"model": DEFAULT_MODEL_NAME, "embedded": 0}
    assert stored == len(pending)
    # The stored vector is the one the model gives for title + ". " + the cut body.
    assert doc_ids == [pending[0][0]]
    np.testing.assert_allclose(vectors[0], embed_texts([pending[0][1]], model)[0], atol=1e-5)


def test_text_is_the_title_then_the_body_cut_short(corpus_db: Path):
    with open_warehouse(corpus_db) as wh:
        pending = documents_without_embedding(wh.con, DEFAULT_MODEL_NAME, max_chars=40)
    text = pending[0][1]
    title, _, body = text.partition(". ")
    assert title and len(body) <= 40


def test_vectors_are_kept_per_model(corpus_db: Path, model):
    with open_warehouse(corpus_db) as wh:
        run_embed_stage(wh, model=model)
        other = documents_without_embedding(wh.con, "another-model", max_chars=MAX_CHARS)
    assert len(other) == 6


def test_a_batch_with_a_wrong_sized_vector_stores_nothing(corpus_db: Path):
    with open_warehouse(corpus_db) as wh:
        pending = documents_without_embedding(wh.con, DEFAULT_MODEL_NAME, max_chars=MAX_CHARS)
        doc_ids = [doc_id for doc_id, _ in pending[:3]]
        with pytest.raises(WarehouseError, match="384-d vectors"), wh.transaction() as con:
            write_embeddings(
                con, DEFAULT_MODEL_NAME, doc_ids, np.ones((3, 100)), at=datetime(2025, 1, 1)
            )
        assert count_embeddings(wh.con, DEFAULT_MODEL_NAME) == 0
