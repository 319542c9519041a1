"""One batch through the stages: ingest → analyze → store, skipping bad and stored inputs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from augury import settings
from augury.analyze.pipeline import analyze_parallel
from augury.errors import IngestError
from augury.ingest import read_paths
from augury.model import Document
from augury.store import Store

if TYPE_CHECKING:
    from augury.resolve.questions import Question


@dataclass
class IngestReport:
    """What one batch did."""

    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    quotes: int = 0
    forecasts: int = 0
    questions: int = 0


def collect(paths: Sequence[str | Path], store: Store, report: IngestReport) -> list[Document]:
    """Read every input; record errors and already-stored texts, return the new documents."""
    new: list[Document] = []
    seen: set[str] = set()
    for item in read_paths(paths):
        if isinstance(item, IngestError):
            report.errors.append(item)
        elif item.content_hash in seen or store.has_document(item.content_hash):
            report.duplicates.append(item.source)
        else:
            seen.add(item.content_hash)
            new.append(item)
    return new


def ingest(
    paths: Sequence[str | Path],
    store: Store,
    model: str | None = None,
    workers: int = 1,
    on_start: Callable[[int], None] | None = None,
    on_stored: Callable[[Document], None] | None = None,
) -> IngestReport:
    """Ingest `paths` into `store`; each document is committed on its own as soon as it is done."""
    report = IngestReport()
    documents = collect(paths, store, report)
    if on_start is not None:
        on_start(len(documents))
    if not documents:
        return report
    for document, analysis in analyze_parallel(documents, model=model, workers=workers):
        if isinstance(analysis, IngestError):  # over the time budget: one line, the batch goes on
            report.errors.append(analysis)
            continue
        if store.add(document, analysis) is None:  # another process stored it meanwhile
            report.duplicates.append(document.source)
            continue
        report.added.append(document.source)
        report.quotes += len(analysis.quotes)
        report.forecasts += len(analysis.forecasts)
        if on_stored is not None:
            on_stored(document)
    report.questions = len(regroup(store, model=model))
    return report


def regroup(store: Store, model: str | None = None) -> list[Question]:
    """Group every stored forecast by question again (holders by their resolved names)."""
    from augury.analyze.pipeline import shared_model
    from augury.resolve.questions import ForecastRef, GroupingSettings, group_forecasts

    actors = store.resolve_actors()
    refs = [
        ForecastRef(id=f["id"], text=f["text"], holder=actors.name_of(f["holder"]),
                    probability=f["probability"], date=f["published"], doc=f["doc"])
        for f in store.list_forecasts()
    ]
    grouping = GroupingSettings(**settings.grouping_overrides())
    questions = group_forecasts(refs, grouping, nlp=shared_model(model)) if refs else []
    store.replace_questions(questions)
    return questions
