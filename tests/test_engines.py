"""`augury ingest --engine ray` and its check: a real local Ray, the real model, real articles (the
seeds and PolNeAR dev texts read from ../shared, copied only into a temporary folder)."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import socket
import sys
import threading
from pathlib import Path

import psutil
import pytest
from typer.testing import CliRunner

from augury.analyze.engines import RAY_INSTALL, check_ray
from augury.cli import EXIT_SKIPPED, app

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "samples" / "seeds"
POLNEAR_DEV = ROOT.parent / "shared" / "eval" / "polnear" / "data" / "dev" / "text"
LISTINGS = ("documents", "quotes", "forecasts", "actors", "questions")

# CI installs the extra and sets AUGURY_REQUIRE_RAY=1, so there a missing Ray fails these tests.
needs_ray = pytest.mark.skipif(
    os.environ.get("AUGURY_REQUIRE_RAY") != "1" and importlib.util.find_spec("ray") is None,
    reason=f"the Ray extra is not installed ({RAY_INSTALL})")


@pytest.fixture(autouse=True)
def _local_ray(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts its own local Ray, whatever cluster the environment names."""
    monkeypatch.delenv("RAY_ADDRESS", raising=False)


def _listings(db: Path) -> dict[str, object]:
    listed = {}
    for name in LISTINGS:
        result = runner.invoke(app, [name, "--db", str(db), "--format", "json"])
        assert result.exit_code == 0, result.output
        listed[name] = json.loads(result.stdout)
    return listed


@needs_ray
def test_ray_gives_the_local_engines_listings(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    for path in [*sorted(SEEDS.glob("*.txt")), *sorted(POLNEAR_DEV.glob("*.txt"))[:15]]:
        shutil.copy(path, articles / path.name)
    local, ray = tmp_path / "local.db", tmp_path / "ray.db"
    result = runner.invoke(app, ["ingest", str(articles), "--db", str(local)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["ingest", str(articles), "--db", str(ray), "--engine", "ray",
                                 "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert "stored 20 new documents" in result.stdout
    by_local, by_ray = _listings(local), _listings(ray)
    assert len(by_ray["documents"]) == 20 and by_ray["quotes"] and by_ray["forecasts"]
    for name in LISTINGS:
        assert by_ray[name] == by_local[name], name


@needs_ray
def test_the_budgets_hold_on_ray_workers(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUGURY_DOC_SECONDS", "0.000001")
    db = tmp_path / "slow.db"
    result = runner.invoke(app, ["ingest", str(SEEDS), "--db", str(db), "--engine", "ray"])
    assert result.exit_code == EXIT_SKIPPED, result.output
    skipped = result.stderr.strip().splitlines()
    assert len(skipped) == 5
    assert all(line.endswith("analysis took longer than 1e-06 s (setting AUGURY_DOC_SECONDS)")
               for line in skipped), skipped
    assert "stored 0 new documents" in result.stdout


def _kill_first_analysing_worker(stop: threading.Event, killed: list[int]) -> None:
    """SIGKILL the first of this process's Ray workers seen analysing a document."""
    me = psutil.Process()
    while not stop.wait(0.05):
        for child in me.children(recursive=True):
            try:
                if child.cmdline()[:1] == ["ray::Worker.attempt"]:
                    child.kill()
                    killed.append(child.pid)
                    return
            except psutil.Error:  # gone meanwhile
                continue


@needs_ray
def test_a_worker_that_dies_loses_only_its_document(seeds_db: Path, tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    # a long first document, so the worker is surely found at work on it
    long_text = "\n\n".join(p.read_text(encoding="utf-8")
                            for p in sorted(POLNEAR_DEV.glob("*.txt"))[:8])
    (articles / "0-long.txt").write_text(long_text, encoding="utf-8")
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, articles / path.name)
    stop, killed = threading.Event(), []
    killer = threading.Thread(target=_kill_first_analysing_worker, args=(stop, killed))
    killer.start()
    try:
        result = runner.invoke(app, ["ingest", str(articles), "--db", str(tmp_path / "k.db"),
                                     "--engine", "ray"])
    finally:
        stop.set()
        killer.join()
    assert killed, "no Ray worker was seen analysing"
    assert result.exit_code == EXIT_SKIPPED, result.output
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("augury: skipped 0-long.txt: analysis failed on a Ray worker: the "
                           "worker died: "), line
    assert "stored 5 new documents" in result.stdout
    # the worker that replaced it analysed the seeds as the local engine does
    assert _listings(tmp_path / "k.db")["quotes"] == _listings(seeds_db)["quotes"]


@needs_ray
def test_check_ray_finds_nothing_wrong_on_a_local_ray() -> None:
    assert check_ray() == []


@needs_ray
def test_check_ray_says_a_worker_cannot_load_the_model() -> None:
    [problem] = check_ray(model="en_no_such_model")
    assert problem.startswith("Ray node "), problem
    assert ("a worker cannot load the spaCy pipeline: spaCy model 'en_no_such_model' is not "
            "installed") in problem


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@needs_ray
def test_check_ray_says_a_cluster_is_not_reachable() -> None:
    port = _closed_port()
    assert check_ray(f"127.0.0.1:{port}") == [
        f"cannot start or reach the Ray cluster at 127.0.0.1:{port}: ConnectionError: "
        f"127.0.0.1:{port} does not answer (Connection refused)"]


def test_without_ray_the_engine_says_how_to_install_it(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # what `import ray` meets when not installed
    [problem] = check_ray()
    assert RAY_INSTALL in problem
    db = tmp_path / "none.db"
    result = runner.invoke(app, ["ingest", str(SEEDS), "--db", str(db), "--engine", "ray"])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"augury: {problem}"
    assert not db.exists()


def test_doctor_checks_the_engine_asked_for(seeds_db: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)
    local = runner.invoke(app, ["doctor", "--db", str(seeds_db)])
    assert local.exit_code == 0 and "no problems found" in local.stdout
    ray = runner.invoke(app, ["doctor", "--db", str(seeds_db), "--engine", "ray"])
    assert ray.exit_code == 1
    [line] = ray.stderr.strip().splitlines()
    assert line.startswith("augury doctor: ") and RAY_INSTALL in line


@needs_ray
def test_doctor_finds_a_local_ray_well(seeds_db: Path) -> None:
    result = runner.invoke(app, ["doctor", "--db", str(seeds_db), "--engine", "ray"])
    assert result.exit_code == 0, result.stderr
    assert "no problems found" in result.stdout


def test_a_ray_address_needs_the_ray_engine(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(SEEDS), "--db", str(tmp_path / "a.db"),
                                 "--ray-address", "127.0.0.1:6379"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "augury: --ray-address needs --engine ray"


def test_ci_installs_the_ray_extra_and_fails_without_it() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install --quiet --disable-pip-version-check -e '.[ray]'" in ci
    assert "export AUGURY_REQUIRE_RAY=1" in ci
    assert ci.index("AUGURY_REQUIRE_RAY") < ci.index("make test")
