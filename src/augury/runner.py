"""One batch through the stages: ingest → analyze → store, skipping bad and stored inputs."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from datasketch import LeanMinHash

from augury import settings
from augury.analyze.engines import Engine, analyze
from augury.errors import AuguryError, IngestError
from augury.ingest import read_paths
from augury.ingest.copies import CopyFinder, from_bytes, signature, to_bytes
from augury.ingest.fetch import Fetcher, FetchSettings, is_url, read_links, read_urls
from augury.model import Copy, Document, Question
from augury.store import Store

if TYPE_CHECKING:
    from augury.resolve.questions import Claim, ForecastRef, Grouper, GroupingSettings


@dataclass
class IngestReport:
    """What one batch did; `folded` holds (copy, document it is a copy of) pairs."""

    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    folded: list[tuple[str, str]] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    quotes: int = 0
    forecasts: int = 0
    questions: QuestionUpdate = field(default_factory=lambda: QuestionUpdate())


@dataclass
class Batch:
    """The new documents of a batch with their signatures, and the copies of each found in the
    same batch (stored once the document is)."""

    documents: list[Document] = field(default_factory=list)
    signatures: list[bytes] = field(default_factory=list)
    copies: list[list[Copy]] = field(default_factory=list)


def read_inputs(paths: Sequence[str | Path], store: Store, report: IngestReport,
                feeds: Sequence[str] = (), sitemaps: Sequence[str] = ()
                ) -> Iterator[Document | IngestError]:
    """Files and folders, then article URLs, then the articles of feeds and sitemaps; a link
    stored already (as a document or a copy) is counted as stored and not fetched again."""
    yield from read_paths([p for p in paths if not is_url(str(p))])
    urls = [str(p) for p in paths if is_url(str(p))]
    if not (urls or feeds or sitemaps):
        return
    fetcher = Fetcher(FetchSettings.from_env())
    yield from read_urls(urls, fetcher)
    for link in read_links(fetcher, list(feeds), list(sitemaps)):
        if isinstance(link, IngestError):
            yield link
        elif store.has_url(link):
            report.duplicates.append(link)
        else:
            yield from read_urls([link], fetcher)


def copy_finder(store: Store) -> CopyFinder:
    """The stored documents' signatures in an LSH index (signing, once, any stored before
    signatures were kept)."""
    unsigned = store.unsigned()
    if unsigned:
        store.add_signatures([(i, to_bytes(signature(text))) for i, text in unsigned])
    return CopyFinder(settings.copy_similarity(),
                      ((("stored", i), from_bytes(b)) for i, b in store.signatures()))


Key = tuple[str, int]  # ("stored", document id) or ("new", index in the batch)


def copied_from(store: Store, finder: CopyFinder, in_batch: dict[str, int], digest: str,
             sig: LeanMinHash) -> tuple[Key, float] | None:
    """What a text is a copy of: the stored or batch document with the same text, else the
    most similar one at or above the threshold; None when it is new."""
    stored = store.stored_as(digest)
    if stored is not None:
        return ("stored", stored), 1.0
    if digest in in_batch:
        return ("new", in_batch[digest]), 1.0
    return finder.match(sig)  # type: ignore[return-value]  # the finder holds only Keys


def collect(paths: Sequence[str | Path], store: Store, report: IngestReport,
            feeds: Sequence[str] = (), sitemaps: Sequence[str] = ()) -> Batch:
    """Read every input; record errors and inputs stored already, fold a page from the web
    whose text is the same as, or nearly, a stored or earlier one's into that one's copies, and
    return the new documents. Files keep their rule: the same text is stored already, any other
    text is a document of its own (an edited text stays apart)."""
    finder = copy_finder(store)
    batch = Batch()
    seen: set[tuple[str, str]] = set()
    in_batch: dict[str, int] = {}  # content hash -> index of the batch's document
    for item in read_inputs(paths, store, report, feeds, sitemaps):
        if isinstance(item, IngestError):
            report.errors.append(item)
            continue
        digest = item.content_hash
        web = is_url(item.source)
        known = (store.has_source(item.source, digest) if web
                 else store.has_document(digest) or digest in in_batch)
        if (item.source, digest) in seen or known:
            report.duplicates.append(item.source)
            continue
        seen.add((item.source, digest))
        sig = signature(item.text)
        found = copied_from(store, finder, in_batch, digest, sig) if web else None
        if found is None:
            finder.add(("new", len(batch.documents)), sig)
            in_batch[digest] = len(batch.documents)
            batch.documents.append(item)
            batch.signatures.append(to_bytes(sig))
            batch.copies.append([])
            continue
        (where, key), similarity = found
        copy = Copy.of(item, similarity)
        original = batch.documents[key].source if where == "new" else store.source_of(key)
        if original == item.source:  # a revised text under the name it is stored under
            report.duplicates.append(item.source)
        elif where == "new":
            batch.copies[key].append(copy)
        elif store.add_copy(key, copy):
            report.folded.append((item.source, original))
        else:
            report.duplicates.append(item.source)
    return batch


def ingest(
    paths: Sequence[str | Path],
    store: Store,
    model: str | None = None,
    workers: int = 1,
    engine: Engine = Engine.local,
    ray_address: str | None = None,
    on_start: Callable[[int], None] | None = None,
    on_stored: Callable[[Document], None] | None = None,
    feeds: Sequence[str] = (),
    sitemaps: Sequence[str] = (),
) -> IngestReport:
    """Ingest `paths` (files, folders, article URLs) and the articles of `feeds` and `sitemaps`
    into `store`; each document is committed on its own as soon as it is done, with the copies
    of it the batch found. The analysis runs on `engine` (`ray`: at `ray_address`, else a local
    Ray); documents are stored here, in input order, whatever the engine."""
    report = IngestReport()
    batch = collect(paths, store, report, feeds, sitemaps)
    if on_start is not None:
        on_start(len(batch.documents))
    if not batch.documents:
        return report
    analysed = analyze(batch.documents, engine, model=model, workers=workers,
                       address=ray_address)
    for (document, analysis), sig, copies in zip(analysed, batch.signatures, batch.copies,
                                                 strict=True):
        if isinstance(analysis, IngestError):  # over a budget, failed: one line, batch goes on
            report.errors.append(analysis)
            report.errors += [IngestError(c.source, f"a copy of {document.source}, which was "
                                          "skipped") for c in copies]
            continue
        doc_id = store.add(document, analysis, sig)
        if doc_id is None:  # another process stored it meanwhile
            report.duplicates += [document.source, *(c.source for c in copies)]
            continue
        report.added.append(document.source)
        report.quotes += len(analysis.quotes)
        report.forecasts += len(analysis.forecasts)
        for copy in copies:
            store.add_copy(doc_id, copy)
            report.folded.append((copy.source, document.source))
        if on_stored is not None:
            on_stored(document)
    report.questions = update_questions(store, model=model)
    return report


def read_feed_list(path: Path) -> list[str]:
    """The feed URLs of a watch list: one per line, blank lines and # comments left out."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise AuguryError(f"{path}: cannot read the feed list: {err}") from err
    feeds = []
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not is_url(line):
            raise AuguryError(f"{path}:{number}: not an http(s) URL: {line!r}")
        feeds.append(line)
    if not feeds:
        raise AuguryError(f"{path}: no feed URLs in it")
    return feeds


@dataclass
class WatchState:
    """Where a watch stands: polls done, totals, and whether it is waiting between polls."""

    polls: int = 0
    stored: int = 0
    folded: int = 0
    skipped: int = 0
    waiting: bool = False


def watch(feeds_file: Path, store: Store, every: float, state: WatchState,
          on_poll: Callable[[int, IngestReport], None], model: str | None = None,
          sleep: Callable[[float], None] = time.sleep) -> None:
    """Poll the feeds of `feeds_file` (read again each poll) every `every` seconds, ingesting
    what is new, until interrupted; `state` says what was done when that happens."""
    while True:
        state.waiting = False
        report = ingest([], store, model=model, feeds=read_feed_list(feeds_file))
        state.polls += 1
        state.stored += len(report.added)
        state.folded += len(report.folded)
        state.skipped += len(report.errors)
        # The poll's work is stored before it is reported: a Ctrl-C from here on drops nothing.
        state.waiting = True
        on_poll(state.polls, report)
        sleep(every)


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
    from augury.resolve.questions import (
        claim_json,
        context_before,
        document_parties,
        pledger,
        read_claims,
    )

    unread = store.unread_claims()
    if not unread:
        return 0
    parties, texts = {}, {}
    for d in dict.fromkeys(d for _, _, d, *_ in unread):
        parties[d] = document_parties(store.actors(d))
        document = store.document(d)
        texts[d] = document.text if document else ""
    claims = read_claims([text for _, text, *_ in unread], shared_model(model),
                         [parties[d] for _, _, d, *_ in unread],
                         [pledger(h, k) for *_, h, k, _ in unread],
                         [context_before(texts[d], start) for _, _, d, *_, start in unread],
                         [h for _, _, _, h, _, _ in unread])
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
