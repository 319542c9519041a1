"""Near-duplicates: the same story under several URLs (wire copies, AMP pages, mirrors) is one
document. Each text's MinHash signature over its five-word shingles estimates the Jaccard
similarity of two texts; an LSH index finds the stored texts that may pass the threshold
without comparing against all of them, and the estimate decides."""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

PERMUTATIONS = 128
SEED = 1
# datasketch's hashing scheme, named so stored signatures are read as they were made.
SCHEME = "affine32"
SHINGLE_WORDS = 5
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """The runs of `size` words of text, lower-cased (a shorter text: its words)."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return set(words)
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def signature(text: str) -> LeanMinHash:
    """The MinHash signature of text's shingles."""
    minhash = MinHash(num_perm=PERMUTATIONS, seed=SEED, scheme=SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in shingles(text)])
    return LeanMinHash(minhash)


def to_bytes(sig: LeanMinHash) -> bytes:
    """A signature as stored: its hash values, little-endian uint32 (the scheme's width)."""
    return np.asarray(sig.hashvalues, dtype="<u4").tobytes()


def from_bytes(data: bytes) -> LeanMinHash:
    """A stored signature."""
    return LeanMinHash(seed=SEED, hashvalues=np.frombuffer(data, dtype="<u4"), scheme=SCHEME)


class CopyFinder:
    """The signatures seen so far, keyed by what they stand for (a stored document's id, a
    document of the batch), and the best match of a new one at or above `threshold`."""

    def __init__(self, threshold: float, signatures: Iterable[tuple[Hashable, LeanMinHash]] = ()):
        self.threshold = threshold
        self.index = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
        self.signatures: dict[Hashable, LeanMinHash] = {}
        with self.index.insertion_session() as session:
            for key, sig in signatures:
                session.insert(key, sig)
                self.signatures[key] = sig

    def add(self, key: Hashable, sig: LeanMinHash) -> None:
        self.index.insert(key, sig)
        self.signatures[key] = sig

    def match(self, sig: LeanMinHash) -> tuple[Hashable, float] | None:
        """The key whose signature is most similar to sig, with the estimate, when at least the
        threshold; None otherwise."""
        scored = [(self.signatures[key].jaccard(sig), key) for key in self.index.query(sig)]
        passing = [(s, k) for s, k in scored if s >= self.threshold]
        if not passing:
            return None
        similarity, key = max(passing, key=lambda pair: pair[0])
        return key, similarity
