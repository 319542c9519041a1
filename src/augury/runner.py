"""One batch through the stages: ingest → analyze → store, skipping bad and stored inputs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from augury import settings
from augury.analyze.pipeline import analyze_parallel
from augury.errors import IngestError
from augury.ingest import read_paths
from augury.model import Document, Question
from augury.store import Store

if TYPE_CHECKING:
    from augury.resolve.questions import Claim, ForecastRef, Grouper, GroupingSettings


@dataclass
class IngestReport:
    """What one batch did."""

    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    quotes: int = 0
    forecasts: int = 0
    questions: QuestionUpdate = field(default_factory=lambda: QuestionUpdate())


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
        if isinstance(analysis, IngestError):  # over a budget: one line, the batch goes on
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
    report.questions = update_questions(store, model=model)
    return report


@dataclass
class QuestionUpdate:
    """What an update of the questions did: forecasts placed, questions founded and joined."""

    placed: int = 0
    founded: int = 0
    joined: int = 0


def _grouping() -> GroupingSettings:
    from augury.resolve.questions import GroupingSettings

    return GroupingSettings(**settings.grouping_overrides())


def read_new_claims(store: Store, model: str | None = None) -> int:
    """Read and store the claim and embedding of every forecast that has none yet."""
    from augury.analyze.pipeline import shared_model
    from augury.resolve.embeddings import embed, load_encoder
    from augury.resolve.questions import claim_json, document_parties, pledger, read_claims

    unread = store.unread_claims()
    if not unread:
        return 0
    parties = {d: document_parties(store.actors(d))
               for d in {d for _, _, d, _, _ in unread}}
    claims = read_claims([text for _, text, *_ in unread], shared_model(model),
                         [parties[d] for _, _, d, _, _ in unread],
                         [pledger(h, k) for *_, h, k in unread])
    vectors = embed([c.statement for c in claims], load_encoder()).astype(np.float32)
    store.add_claims([(fid, claim_json(c), v.tobytes())
                      for (fid, *_), c, v in zip(unread, claims, vectors, strict=True)])
    return len(unread)


def _grouper(store: Store, keep: bool) -> tuple[Grouper, dict[str, tuple[ForecastRef, Claim,
                                                                          np.ndarray]]]:
    """A grouper holding the stored questions (with `keep`; else none) and every stored claim."""
    from augury.resolve.questions import ForecastRef, Grouper, claim_from_json

    refs = {f["id"]: ForecastRef(id=f["id"], text=f["text"], holder=f["holder"],
                                 probability=f["probability"], date=f["published"], doc=f["doc"])
            for f in store.list_forecasts()}
    items = {fid: (refs[fid], claim_from_json(claim), np.frombuffer(vector, dtype=np.float32))
             for fid, claim, vector in store.claims()}
    dimensions = next((len(v) for _, _, v in items.values()), 0)
    grouper = Grouper(_grouping(), dimensions)
    if keep:
        resolved = store.resolutions()
        for question in store.questions():
            grouper.keep(question, [items[m.forecast_id] for m in question.members],
                         resolved=question.id in resolved)
    return grouper, items


def update_questions(store: Store, model: str | None = None) -> QuestionUpdate:
    """Put every forecast that is in no question yet into one, in arrival order: it joins a
    stored question or founds a new one; no other question changes and no id moves."""
    from augury.resolve.questions import arrival

    read_new_claims(store, model)
    ungrouped = store.ungrouped()
    if not ungrouped:
        return QuestionUpdate()
    grouper, items = _grouper(store, keep=True)
    before = len(grouper.groups)
    grouper.add_many([items[ref.id] for ref in arrival(items[fid][0] for fid in ungrouped)])
    store.save_questions(grouper.changed_questions())
    founded = len(grouper.groups) - before
    return QuestionUpdate(len(ungrouped), founded, len(grouper.changed) - founded)


@dataclass
class Rebuild:
    """What a rebuild did: the questions before and after, and what moved."""

    before: int
    after: int
    kept: int
    moved: list[tuple[str, str, str]]  # (forecast id, from question, to question)
    detached: list[str]  # resolved question ids no new question carries on


def rebuild_questions(store: Store, model: str | None = None) -> Rebuild:
    """Read every claim again and group all forecasts afresh, in arrival order. A new question
    takes the id of the old question it shares most forecasts with (resolved ones first, each old
    id once), so resolutions stay with their forecasts; a resolved id that no question carries on
    is reported as detached."""
    from augury.resolve.questions import arrival, question_id

    old = {m.forecast_id: q.id for q in store.questions() for m in q.members}
    old_ids = set(old.values())
    store.forget_claims()
    read_new_claims(store, model)
    grouper, items = _grouper(store, keep=False)
    grouper.add_many([items[ref.id] for ref in arrival(ref for ref, _, _ in items.values())])
    fresh = grouper.all_questions()
    resolved = store.resolutions()
    overlaps = sorted(
        (qid not in resolved, -sum(old.get(m.forecast_id) == qid for m in q.members), i, qid)
        for i, q in enumerate(fresh)
        for qid in {old[m.forecast_id] for m in q.members if m.forecast_id in old})
    named: dict[int, str] = {}
    for _, _, i, qid in overlaps:
        if i not in named and qid not in named.values():
            named[i] = qid
    taken = set(named.values()) | old_ids
    renamed = []
    for i, q in enumerate(fresh):
        qid = named.get(i) or question_id(q.members[0].forecast_id, taken)
        taken.add(qid)
        renamed.append(Question(qid, q.proposition, q.members))
    store.replace_questions(renamed)
    moved = [(m.forecast_id, old[m.forecast_id], q.id) for q in renamed for m in q.members
             if m.forecast_id in old and old[m.forecast_id] != q.id]
    carried = {q.id for q in renamed}
    detached = sorted(t for t in resolved if t in old_ids and t not in carried)
    return Rebuild(len(old_ids), len(renamed), len(carried & old_ids), moved, detached)
