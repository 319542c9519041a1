"""Where the per-document analysis runs: `local` (this machine's processes, `pipeline.py`) or
`ray` (Ray actors that each hold the pipeline, on a local Ray or an existing cluster).

Either way the documents come back in input order, each with its analysis or the one-line error
that skips it, and the caller (the driver) writes them through the store."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from types import ModuleType
from typing import TYPE_CHECKING, Any

from augury import settings
from augury.errors import AuguryError, EngineError, IngestError, WorkerFailed

if TYPE_CHECKING:  # spaCy is imported only where analysis runs, so the CLI starts fast
    from augury.analyze.pipeline import Analyzer, OverBudget
    from augury.model import Analysis, Document

RAY_INSTALL = "pip install -e '.[ray]'"
# A cluster address that answers nothing would make ray.init wait forever.
CONNECT_SECONDS = 5.0
# How long a node's worker may take to start and load the model when checked.
CHECK_SECONDS = 120.0

Limits = tuple[int, float, float]  # piece characters, seconds and MiB a document may take


class Engine(StrEnum):
    local = "local"
    ray = "ray"


def analyze(documents: Sequence[Document], engine: Engine = Engine.local,
            model: str | None = None, workers: int = 1, address: str | None = None
            ) -> Iterator[tuple[Document, Analysis | IngestError]]:
    """Analyze `documents` on `engine` with `workers` workers, yielding in input order; a
    document that cannot be analysed comes with its IngestError instead."""
    if engine is Engine.ray:
        yield from analyze_on_ray(documents, model, workers, address)
        return
    from augury.analyze.pipeline import analyze_parallel

    yield from analyze_parallel(documents, model=model, workers=workers)


class Worker:
    """What one Ray actor holds: the full pipeline, loaded once, under the driver's budgets."""

    def __init__(self, model: str, limits: Limits) -> None:
        self.model = model
        self.limits = limits
        self.analyzer: Analyzer | None = None

    def load(self) -> None:
        """Load the pipeline (ModelNotFound when this node lacks it)."""
        from augury.analyze.pipeline import Analyzer

        piece_chars, seconds, megabytes = self.limits
        self.analyzer = Analyzer(self.model, piece_chars=piece_chars, seconds=seconds,
                                 megabytes=megabytes)

    def attempt(self, document: Document) -> Analysis | OverBudget:
        assert self.analyzer is not None, "load() first"
        return self.analyzer.attempt(document)


def analyze_on_ray(documents: Sequence[Document], model: str | None = None, workers: int = 1,
                   address: str | None = None
                   ) -> Iterator[tuple[Document, Analysis | IngestError]]:
    """Analyze on `workers` Ray actors (one CPU each), on the cluster at `address` (else
    $RAY_ADDRESS, else a local Ray of `workers` CPUs). Each actor is given one document at a
    time, so a worker that dies (killed for memory, a crash) loses only that document, which is
    reported, and is replaced; results are yielded in input order."""
    ray = import_ray()
    name = model or settings.model_name()
    # settings are read (and a bad one refused) here, as the workers may not share our env
    limits = (settings.piece_chars(), settings.doc_seconds(), settings.doc_megabytes())
    with connected(ray, address or settings.ray_address(), workers):
        cpus = ray.cluster_resources().get("CPU", 0)
        if cpus < workers:
            raise EngineError(f"the Ray cluster has {cpus:g} CPUs, fewer than the {workers} "
                              "workers asked for (--workers)")
        idle = started(ray, workers, name, limits)
        pending: dict[Any, tuple[int, Any]] = {}  # result ref -> (document index, actor)
        done: dict[int, Analysis | IngestError] = {}
        queue = iter(enumerate(documents))
        shown = 0
        while shown < len(documents):
            while idle and (item := next(queue, None)) is not None:
                actor = idle.pop()
                pending[actor.attempt.remote(item[1])] = (item[0], actor)
            [ref], _ = ray.wait(list(pending), num_returns=1)
            index, actor = pending.pop(ref)
            source = documents[index].source
            try:
                done[index] = ray.get(ref)
                idle.append(actor)
            except ray.exceptions.RayTaskError as err:  # the analysis raised; the actor lives
                done[index] = WorkerFailed(source, _one_line(err.cause))
                idle.append(actor)
            except ray.exceptions.RayError as err:  # the actor died with the document
                done[index] = WorkerFailed(source, f"the worker died: {_one_line(err)}")
                idle += started(ray, 1, name, limits)
            while shown in done:
                yield documents[shown], done.pop(shown)
                shown += 1


def check_ray(address: str | None = None, model: str | None = None) -> list[str]:
    """What would stop `--engine ray`, one line each: Ray not installed, the cluster at
    `address` (else $RAY_ADDRESS, else a local Ray) not reachable, a node whose worker cannot
    load the spaCy pipeline. Empty when every node with a CPU loads it."""
    try:
        ray = import_ray()
        limits = (settings.piece_chars(), settings.doc_seconds(), settings.doc_megabytes())
        with connected(ray, address or settings.ray_address(), workers=1):
            return _check_nodes(ray, model or settings.model_name(), limits)
    except AuguryError as err:
        return [str(err)]


def _check_nodes(ray: ModuleType, model: str, limits: Limits) -> list[str]:
    """Start one worker on every live node with a CPU and have it load the pipeline."""
    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

    nodes = [n for n in ray.nodes() if n["Alive"] and n["Resources"].get("CPU", 0) >= 1]
    if not nodes:
        return ["the Ray cluster has no live node with a CPU for a worker"]
    actor = ray.remote(num_cpus=1, max_restarts=0)(Worker)
    actors = [actor.options(scheduling_strategy=NodeAffinitySchedulingStrategy(
        n["NodeID"], soft=False)).remote(model, limits) for n in nodes]
    problems = []
    for node, worker in zip(nodes, actors, strict=True):
        where = f"Ray node {node['NodeManagerAddress']}"
        try:
            ray.get(worker.load.remote(), timeout=CHECK_SECONDS)
        except ray.exceptions.GetTimeoutError:
            problems.append(f"{where}: no worker started and loaded the spaCy pipeline within "
                            f"{CHECK_SECONDS:g} s (its CPUs busy?)")
        except ray.exceptions.RayTaskError as err:
            problems.append(f"{where}: a worker cannot load the spaCy pipeline: "
                            f"{_one_line(err.cause)}")
        except ray.exceptions.RayError as err:
            problems.append(f"{where}: a worker cannot start: {_one_line(err)}")
    return problems


def import_ray() -> ModuleType:
    """The ray package, or EngineError saying how to install the extra."""
    try:
        import ray
    except ImportError:
        raise EngineError(f"--engine ray needs Ray, an optional extra: {RAY_INSTALL} "
                          "(or pip install 'augury[ray]')") from None
    return ray


@contextmanager
def connected(ray: ModuleType, address: str | None, workers: int) -> Iterator[None]:
    """Ray for the length of the block: the cluster at `address`, else a local Ray of `workers`
    CPUs; quiet (no dashboard, no worker output or Ray logging over the progress bar)."""
    quiet: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False,
                             "logging_level": logging.ERROR}
    try:
        if address:
            _reachable(address)
            ray.init(address=address, **quiet)
        else:
            ray.init(address="local", num_cpus=workers, **quiet)
    except (ConnectionError, RuntimeError, ValueError) as err:
        where = f"the Ray cluster at {address}" if address else "a local Ray"
        raise EngineError(f"cannot start or reach {where}: {_one_line(err)}") from err
    try:
        yield
    finally:
        ray.shutdown()


def _reachable(address: str) -> None:
    """ConnectionError unless the head's port of a host:port address answers within
    CONNECT_SECONDS (`auto` and `ray://` addresses are left to Ray)."""
    host, _, port = address.rpartition(":")
    if address == "auto" or "://" in address or not port.isdigit():
        return
    try:
        socket.create_connection((host or "127.0.0.1", int(port)), CONNECT_SECONDS).close()
    except OSError as err:
        raise ConnectionError(f"{host}:{port} does not answer ({err.strerror or err})") from err


def started(ray: ModuleType, count: int, model: str, limits: Limits) -> list[Any]:
    """`count` actors (one CPU each) that have loaded the pipeline, in parallel; the error of a
    worker that cannot, e.g. ModelNotFound, is raised."""
    actor = ray.remote(num_cpus=1, max_restarts=0)(Worker)
    actors = [actor.remote(model, limits) for _ in range(count)]
    try:
        ray.get([a.load.remote() for a in actors])
    except ray.exceptions.RayTaskError as err:
        if isinstance(err.cause, AuguryError):
            raise err.cause from None
        raise EngineError(f"a Ray worker cannot load the spaCy pipeline: "
                          f"{_one_line(err.cause)}") from err
    return actors


def _one_line(error: BaseException | None) -> str:
    """An error's first line, with its type when the message alone would not say what it is."""
    lines = str(error).strip().splitlines()
    first = lines[0] if lines else ""
    return first if isinstance(error, AuguryError) else f"{type(error).__name__}: {first}"
