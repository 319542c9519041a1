"""`augury serve` as a person uses it: Debian's chromium, driven by Playwright, against a real
server on 127.0.0.1. Screenshots of every page are saved under tests/artefacts/web/."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import HOSTILE_TITLE, ROOT
from playwright.sync_api import Browser, Page, expect, sync_playwright

from augury import api
from augury.store import Store

CHROMIUM = Path("/usr/bin/chromium")
ARTEFACTS = Path(__file__).resolve().parent / "artefacts" / "web"
RESOLUTIONS = ROOT / "samples" / "resolutions.csv"

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def serve() -> Iterator[callable]:
    """Start `augury serve` on a database; every server started is stopped after the test."""
    started: list[subprocess.Popen] = []

    def start(db: Path) -> str:
        port = _free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "augury", "serve", "--db", str(db), "--port", str(port)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        started.append(process)
        for _ in range(300):
            if process.poll() is not None:
                raise RuntimeError(process.stdout.read().decode())
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    return f"http://127.0.0.1:{port}"
            time.sleep(0.1)
        raise RuntimeError("augury serve did not start listening")

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail("the browser tests need Debian's chromium: `make browser` installs it")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    dialogs: list[str] = []
    opened.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    opened.dialogs = dialogs  # type: ignore[attr-defined]
    yield opened
    context.close()


def shot(page: Page, name: str) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def resolved_seeds(writable_seeds: Path) -> Path:
    with Store(writable_seeds) as store:
        api.import_resolutions(store, RESOLUTIONS, by="test")
    return writable_seeds


def test_search_actor_forecast_sentence(serve, page: Page, resolved_seeds: Path) -> None:
    base = serve(resolved_seeds)
    page.goto(base + "/")
    expect(page.locator("h1")).to_have_text("Overview")
    shot(page, "overview")
    page.fill("form.quick input[name=q]", "Kuhrt")
    page.click("form.quick button")
    expect(page.locator("#actors")).to_contain_text("Natasha Kuhrt")
    shot(page, "search")
    page.click("#actors a:has-text('Natasha Kuhrt')")
    expect(page.locator("h1")).to_contain_text("Natasha Kuhrt")
    shot(page, "actor")
    forecast = page.locator("a[href^='/forecasts/']").first
    forecast_id = forecast.get_attribute("href").rsplit("/", 1)[1]
    forecast.click()
    expect(page.locator("dl.facts")).to_contain_text("Natasha Kuhrt")
    shot(page, "forecast")
    page.click("text=read it in the document")
    assert page.url.endswith("#" + forecast_id)
    target = page.locator(f"[id='{forecast_id}'] + span")
    expect(target).to_be_visible()
    assert "forecast" in target.get_attribute("class")
    shot(page, "document")
    page.goto(base + "/network")
    expect(page.locator(".network svg a").first).to_be_visible()
    shot(page, "network")
    page.select_option("select[name=relation]", "named-with")
    page.click("form.facets button")
    expect(page.locator("h1")).to_have_text("Who is named with whom")
    expect(page.locator(".network svg a").first).to_be_visible()
    shot(page, "network-named-with")
    page.goto(base + "/docs")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    shot(page, "docs")
    assert page.dialogs == []


def test_resolve_a_question_and_the_ledger_changes(serve, page: Page,
                                                   resolved_seeds: Path) -> None:
    with Store(resolved_seeds) as store:
        settled = api.outcomes(store)  # forecasts resolved on their own keep their outcome
        question = next(q for q in api.questions(store)
                        if q["outcome"] is None and q["n"] > 1
                        and all(m["probability_for"] is not None and m["id"] not in settled
                                for m in q["forecasts"]))
        before = api.scores(store)[0]["resolved"]
    base = serve(resolved_seeds)
    page.goto(base + "/ledger")
    everyone = page.locator("section:has(h2:text-is('Everyone')) .card p")
    expect(everyone).to_contain_text(f"n {before} ")
    shot(page, "ledger-before")
    page.goto(base + f"/questions/{question['id']}")
    shot(page, "question")
    page.select_option("select[name=outcome]", "yes")
    page.fill("input[name=date]", "2025-06-30")
    page.fill("input[name=source]", "https://example.org/settled")
    page.fill("input[name=note]", "resolved in the browser test")
    page.click("form.write button")
    expect(page.locator(".done")).to_contain_text(f"resolved {question['id']}: yes")
    expect(page.locator("h1 + p")).to_contain_text("outcome yes")
    page.goto(base + "/ledger")
    expect(everyone).to_contain_text(f"n {before + question['n']} ")
    shot(page, "ledger-after")


def test_merge_two_actors(serve, page: Page, writable_seeds: Path) -> None:
    with Store(writable_seeds) as store:
        people = [a for a in api.actors(store) if a["kind"] == "person"]
    staying, joining = people[0], people[-1]
    base = serve(writable_seeds)
    page.goto(base + f"/actors/{staying['id']}")
    page.select_option("select[name=action]", "merge")
    page.fill("input[name=other]", joining["name"])
    page.click("form.write button")
    expect(page.locator(".done")).to_contain_text("merge:")
    expect(page.locator("p:has-text('Also written')")).to_contain_text(joining["name"])
    shot(page, "actor-merged")
    page.goto(base + f"/actors/{joining['id']}")
    expect(page.locator("h1")).to_have_text("404")


def test_no_hostile_text_runs_script(serve, page: Page, hostile_db: Path,
                                     tmp_path: Path) -> None:
    db = tmp_path / "hostile.db"
    shutil.copy(hostile_db, db)
    with Store(db) as store:
        forecasts = api.forecasts(store)
        actors = api.actors(store, api.Filters(limit=5))
    base = serve(db)
    paths = {"hostile-document": "/documents/1", "hostile-search": "/search?q=confrontation",
             "hostile-overview": "/", "hostile-forecast": f"/forecasts/{forecasts[0]['id']}",
             **{f"hostile-actor-{i}": f"/actors/{a['id']}" for i, a in enumerate(actors)}}
    for name, path in paths.items():
        page.goto(base + path)
        page.wait_for_load_state("load")
        if name == "hostile-document":
            assert page.title() == f"{HOSTILE_TITLE} · Augury"
            expect(page.locator("h1")).to_have_text(HOSTILE_TITLE)
            assert page.locator("a[href^='javascript:']").count() == 0
        assert page.evaluate("document.querySelectorAll('main script, main img').length") == 0
        shot(page, name)
    assert page.dialogs == []
