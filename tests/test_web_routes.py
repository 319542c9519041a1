"""Every page and API route of `augury serve`, through FastAPI's TestClient on the canonical seed
database: what each shows, filters and paging, and the safety of writes and of article text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import (
    HOSTILE_AUTHOR,
    HOSTILE_OUTLET,
    HOSTILE_TITLE,
    HOSTILE_URL,
    ROOT,
)
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from augury import api
from augury.api import Filters
from augury.cli import app as cli
from augury.errors import StoreError
from augury.store import Store
from augury.web import create_app

RESOLUTIONS = ROOT / "samples" / "resolutions.csv"


@pytest.fixture(scope="module")
def client(seeds_db: Path) -> TestClient:
    return TestClient(create_app(seeds_db))


def csrf_of(page: str) -> str:
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
    assert match, "no CSRF field in the form"
    return match.group(1)


def first(seeds_db: Path, listing: str) -> dict:
    with Store(seeds_db) as store:
        return getattr(api, listing)(store, Filters(limit=1))[0]


def test_a_missing_database_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        create_app(tmp_path / "nothing.db")
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "nothing.db")])
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0 and "no such database" in result.stderr


def test_another_host_needs_a_token(seeds_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AUGURY_TOKEN", raising=False)
    result = CliRunner().invoke(cli, ["serve", "--db", str(seeds_db), "--host", "0.0.0.0"])
    assert result.exit_code == 1
    assert "--token" in result.stderr and "AUGURY_TOKEN" in result.stderr
    assert result.stderr.strip().count("\n") == 0


def test_overview_counts_and_lists(client: TestClient, seeds_db: Path) -> None:
    page = client.get("/")
    assert page.status_code == 200
    with Store(seeds_db) as store:
        counts = api.counts(store)
        titles = [d["title"] for d in api.documents(store) if d["title"]]
    assert f"<b>{counts['documents']}</b> documents" in page.text
    assert f"<b>{counts['forecasts']}</b> forecasts" in page.text
    assert any(t.replace("’", "’") in page.text for t in titles)
    assert "Open questions where holders disagree most" in page.text


def test_search_finds_an_actor_and_her_words(client: TestClient) -> None:
    page = client.get("/search", params={"q": "Kuhrt"})
    assert page.status_code == 200
    assert '<a href="/actors/natasha-kuhrt">Natasha Kuhrt</a>' in page.text
    assert "senior lecturer at King" in page.text  # her quotes and forecasts match too


def test_search_pages_put_together_are_the_listing(client: TestClient, seeds_db: Path) -> None:
    with Store(seeds_db) as store:
        every = api.quotes(store, Filters(search="Russia"))
    assert len(every) > 20  # more than one page
    shown = []
    for page in (1, 2, 3, 4, 5):
        text = client.get("/search", params={"q": "Russia", "kind": "quotes",
                                             "page": page}).text
        shown += re.findall(r'<a class="src" href="/documents/\d+#(q\d+-\d+)"', text)
        if "next →" not in text:
            break
    assert shown == [f"q{q['start']}-{q['end']}" for q in every]


def test_search_facets_narrow_the_results(client: TestClient, seeds_db: Path) -> None:
    with Store(seeds_db) as store:
        outlet = api.outlets(store)[0]
        wanted = api.documents(store, Filters(outlet=outlet))
        dated = api.documents(store, Filters(date_from="2024-11-10", date_to="2024-11-30"))
    page = client.get("/search", params={"kind": "documents", "outlet": outlet}).text
    assert page.count('<li><a href="/documents/') == len(wanted)
    page = client.get("/search", params={"kind": "documents", "since": "2024-11-10",
                                         "until": "2024-11-30"}).text
    assert page.count('<li><a href="/documents/') == len(dated) > 0
    page = client.get("/search", params={"kind": "quotes", "actor": "Putin"}).text
    assert "— <a href=\"/actors/vladimir-putin\">Vladimir Putin</a>" in page


def test_a_bad_filter_is_one_line(client: TestClient) -> None:
    page = client.get("/search", params={"since": "15 Nov"})
    assert page.status_code == 400 and "date must be YYYY-MM-DD" in page.text
    answer = client.get("/api/quotes", params={"since": "2024-13-01"})
    assert answer.status_code == 400
    assert answer.json() == {"detail": "date must be YYYY-MM-DD, not '2024-13-01'"}


def test_actor_page(client: TestClient) -> None:
    page = client.get("/actors/natasha-kuhrt")
    assert page.status_code == 200
    text = page.text
    assert "<h1>Natasha Kuhrt" in text
    assert "specialist in Russian foreign policy" in text  # a role, linked to its sentence
    assert re.search(r'href="/documents/\d+#r\d+-\d+">source', text)
    assert re.search(r'href="/forecasts/f-[0-9a-f]+"', text)
    assert "Speaks about most" in text and 'href="/actors/donald-trump"' in text
    assert 'action="/actors/natasha-kuhrt/correct"' in text
    assert client.get("/actors/nobody-at-all").status_code == 404


def test_question_page_charts_every_member(client: TestClient, seeds_db: Path) -> None:
    with Store(seeds_db) as store:
        question = next(q for q in api.questions(store) if q["n"] > 1)
    page = client.get(f"/questions/{question['id']}")
    assert page.status_code == 200
    svg = page.text[page.text.index("<svg"):page.text.index("</svg>")]
    assert svg.count("<circle") == sum(m["probability_for"] is not None
                                       for m in question["forecasts"])
    for member in question["forecasts"]:
        assert f'href="/forecasts/{member["id"]}"' in page.text
    assert 'action="/resolve"' in page.text and f'value="{question["id"]}"' in page.text
    assert client.get("/questions/q-nothing").status_code == 404


def test_forecast_page_shows_its_paragraph(client: TestClient, seeds_db: Path) -> None:
    forecast = first(seeds_db, "forecasts")
    page = client.get(f"/forecasts/{forecast['id']}")
    assert page.status_code == 200
    assert f'<a class="anchor" id="{forecast["id"]}"></a>' in page.text
    assert re.search(rf'href="/documents/\d+#{forecast["id"]}">read it in the document', page.text)
    for label in ("holder", "probability", "hedge", "condition", "horizon", "question",
                  "outcome"):
        assert f"<dt>{label}</dt>" in page.text
    assert client.get("/forecasts/f-nothing").status_code == 404


def test_document_page_marks_every_item(client: TestClient, seeds_db: Path) -> None:
    with Store(seeds_db) as store:
        doc_id = api.document_ids(store)[first(seeds_db, "documents")["doc"]]
        stored = api.document(store, doc_id)
    page = client.get(f"/documents/{doc_id}").text
    for q in stored.analysis.quotes:
        assert f'id="q{q.start}-{q.end}"' in page
    for fid in stored.forecast_ids:
        assert f'<a class="anchor" id="{fid}"></a>' in page
    assert client.get("/documents/99999").status_code == 404


def test_questions_listing_pages(client: TestClient, seeds_db: Path) -> None:
    with Store(seeds_db) as store:
        ids = [q["id"] for q in api.questions(store, Filters(limit=40))]
    seen = []
    for page in (1, 2):
        seen += re.findall(r'href="/questions/(q-[0-9a-f]+)"',
                           client.get("/questions", params={"page": page}).text)
    assert seen == ids


def test_ledger_ranks_groups_apart(writable_seeds: Path) -> None:
    with Store(writable_seeds) as store:
        api.import_resolutions(store, RESOLUTIONS, by="test")
        scores = api.scores(store)
    page = TestClient(create_app(writable_seeds)).get("/ledger").text
    for heading in ("Everyone", "Named holders", "Outlets"):
        assert f"<h2>{heading}</h2>" in page
    holders = page[page.index("<h2>Named holders</h2>"):page.index("<h2>Groups")]
    named = [s for s in scores if s["group"] == "holder"]
    assert holders.count('class="card"') == len(named) > 0
    assert "n=" in holders  # calibration bins carry their counts
    filtered = TestClient(create_app(writable_seeds)).get("/ledger", params={"q": "zzzqqq"})
    assert "nothing resolved" in filtered.text


def test_network_page_and_filters(client: TestClient) -> None:
    page = client.get("/network").text
    assert 'aria-label="who speaks about whom"' in page
    assert 'href="/actors/donald-trump"' in page
    around = client.get("/network", params={"actor": "Kuhrt"}).text
    assert 'href="/actors/natasha-kuhrt"' in around
    assert around.count("<circle") < page.count("<circle")
    assert client.get("/network", params={"actor": "nobody at all"}).status_code == 404


@pytest.mark.parametrize("listing", ["documents", "quotes", "forecasts", "actors", "questions"])
def test_api_listings_are_the_api_layers(client: TestClient, seeds_db: Path,
                                         listing: str) -> None:
    with Store(seeds_db) as store:
        every = getattr(api, listing)(store, Filters())
    pages = []
    for offset in range(0, len(every) + 7, 7):
        answer = client.get(f"/api/{listing}", params={"limit": 7, "offset": offset})
        assert answer.status_code == 200
        pages += answer.json()
    assert pages == every


def test_api_filters_match_the_cli(client: TestClient, seeds_db: Path) -> None:
    runner = CliRunner()
    cli_rows = runner.invoke(cli, ["forecasts", "--db", str(seeds_db), "--format", "json",
                                   "--actor", "Trump", "--since", "2024-01-01"])
    answer = client.get("/api/forecasts", params={"actor": "Trump", "since": "2024-01-01"})
    assert answer.json() == json.loads(cli_rows.stdout) != []


def test_api_records(client: TestClient, seeds_db: Path) -> None:
    forecast = first(seeds_db, "forecasts")
    one = client.get(f"/api/forecasts/{forecast['id']}").json()
    assert {k: one[k] for k in forecast} == forecast
    assert one["document"] > 0 and "outcome" in one
    doc = client.get(f"/api/documents/{one['document']}").json()
    assert forecast["id"] in [f["id"] for f in doc["forecasts"]] and doc["text"]
    kuhrt = client.get("/api/actors/natasha-kuhrt").json()
    assert kuhrt["name"] == "Natasha Kuhrt" and kuhrt["roles"]
    question = first(seeds_db, "questions")
    assert client.get(f"/api/questions/{question['id']}").json() == question
    assert client.get("/api/questions/q-nothing").status_code == 404
    graph = client.get("/api/network", params={"actor": "Kuhrt"}).json()
    assert "natasha-kuhrt" in {n["id"] for n in graph["nodes"]} and graph["edges"]
    assert client.get("/api/scores").json() == []  # nothing resolved in the seeds
    assert client.get("/api/resolutions").json() == []
    assert client.get(f"/api/resolutions/{forecast['id']}/history").json() == []


def test_openapi_docs_work_offline(client: TestClient) -> None:
    page = client.get("/docs").text
    assert "/static/swagger/swagger-ui-bundle.js" in page
    assert not re.search(r'(src|href)="https?://', page)  # no CDN
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
    assert client.get("/static/swagger/swagger-ui.css").status_code == 200
    schema = client.get("/openapi.json").json()
    assert "/api/forecasts" in schema["paths"] and "/" not in schema["paths"]


def _resolve_form(client: TestClient, target: str, **fields: str) -> dict[str, str]:
    page = client.get(f"/questions/{target}" if target.startswith("q-") else
                      f"/forecasts/{target}").text
    return {"csrf": csrf_of(page), "target": target, "outcome": "yes", "date": "2025-01-01",
            "source": "https://example.org/record", "note": "settled", **fields}


def test_a_write_without_its_csrf_token_is_refused(writable_seeds: Path) -> None:
    client = TestClient(create_app(writable_seeds))
    question = first(writable_seeds, "questions")["id"]
    form = _resolve_form(client, question)
    for bad in ({**form, "csrf": ""}, {**form, "csrf": "0" * 64}):
        answer = client.post("/resolve", data=bad, follow_redirects=False)
        assert answer.status_code == 403 and "CSRF" in answer.text
    other = TestClient(create_app(writable_seeds))  # another browser: another cookie
    assert other.post("/resolve", data=form, follow_redirects=False).status_code == 403
    with Store(writable_seeds) as store:
        assert api.history(store, question) == []


def test_a_token_is_needed_for_writes_when_set(writable_seeds: Path) -> None:
    client = TestClient(create_app(writable_seeds, token="s3cret"))
    question = first(writable_seeds, "questions")["id"]
    form = _resolve_form(client, question)
    assert 'name="token"' in client.get(f"/questions/{question}").text
    for token in ({}, {"token": "wrong"}):
        answer = client.post("/resolve", data={**form, **token}, follow_redirects=False)
        assert answer.status_code == 401
    with Store(writable_seeds) as store:
        assert api.history(store, question) == []
    done = client.post("/resolve", data={**form, "token": "s3cret"}, follow_redirects=False)
    assert done.status_code == 303


def _rows(db: Path, target: str) -> tuple[list, list]:
    with Store(db) as store:
        history = [{k: v for k, v in e.items() if k != "recorded_at"}
                   for e in api.history(store, target)]
        return api.resolutions(store), history


def test_resolving_from_the_page_writes_what_the_cli_writes(
        seeds_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    monkeypatch.setenv("AUGURY_USER", "analyst")
    web_db, cli_db = tmp_path / "web.db", tmp_path / "cli.db"
    shutil.copy(seeds_db, web_db)
    shutil.copy(seeds_db, cli_db)
    question = first(seeds_db, "questions")["id"]
    client = TestClient(create_app(web_db))
    answer = client.post("/resolve", data=_resolve_form(client, question),
                         follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith(f"/questions/{question}?done=")
    result = CliRunner().invoke(cli, ["resolve", question, "--outcome", "yes", "--date",
                                      "2025-01-01", "--source", "https://example.org/record",
                                      "--note", "settled", "--db", str(cli_db)])
    assert result.exit_code == 0, result.output
    assert _rows(web_db, question) == _rows(cli_db, question)
    assert _rows(web_db, question)[0] != []
    page = client.get(f"/questions/{question}").text
    assert '<span class="outcome yes">yes</span>' in page and "analyst" in page
    with Store(web_db) as store:
        members = api.questions(store, Filters(question=question))[0]["forecasts"]
    for member in members:  # each member settled through its polarity
        expected = "yes" if member["polarity"] > 0 else "no"
        page = client.get(f"/forecasts/{member['id']}").text
        assert f'<dt>outcome</dt><dd><span class="outcome {expected}">' in page
    again = client.post("/resolve", data=_resolve_form(client, question),
                        follow_redirects=False)
    assert again.status_code == 400 and "already resolved" in again.text


def test_merge_and_split_from_the_actor_page(writable_seeds: Path) -> None:
    client = TestClient(create_app(writable_seeds))
    with Store(writable_seeds) as store:
        people = [a for a in api.actors(store) if a["kind"] == "person"]
    staying, joining = people[0], people[-1]
    page = client.get(f"/actors/{staying['id']}").text
    form = {"csrf": csrf_of(page), "action": "merge", "other": joining["name"]}
    answer = client.post(f"/actors/{staying['id']}/correct", data=form, follow_redirects=False)
    assert answer.status_code == 303
    page = client.get(answer.headers["location"]).text
    assert "merge:" in page and joining["name"] in page
    with Store(writable_seeds) as store:
        merged = api.actors(store, Filters(actor=joining["name"]))
    assert [a["id"] for a in merged] == [staying["id"]]
    again = client.post(f"/actors/{staying['id']}/correct", data=form)
    assert again.status_code == 400 and "already one actor" in again.text
    split = {**form, "action": "split"}
    assert client.post(f"/actors/{staying['id']}/correct", data=split,
                       follow_redirects=False).status_code == 303
    with Store(writable_seeds) as store:
        assert api.actors(store, Filters(actor=joining["name"]))[0]["id"] != staying["id"]


@pytest.fixture(scope="module")
def hostile_pages(hostile_db: Path) -> dict[str, str]:
    client = TestClient(create_app(hostile_db))
    with Store(hostile_db) as store:
        forecasts = api.forecasts(store)
        actors = api.actors(store)
        question = api.questions(store)[0]["id"]
    paths = ["/", "/documents/1", "/search?q=confrontation", "/search?q=script",
             "/search?kind=documents", "/questions", f"/questions/{question}", "/ledger",
             "/network", *(f"/forecasts/{f['id']}" for f in forecasts),
             *(f"/actors/{a['id']}" for a in actors)]
    pages = {}
    for path in paths:
        answer = client.get(path)
        assert answer.status_code == 200, path
        pages[path] = answer.text
    return pages


def test_hostile_text_is_shown_escaped_everywhere(hostile_pages: dict[str, str]) -> None:
    for path, page in hostile_pages.items():
        for raw in ("<script>alert", "<img src=x", "<svg onload", 'href="javascript:',
                    "<a href=\"javascript", "49 return"):
            assert raw not in page, (path, raw)
    document = hostile_pages["/documents/1"]
    for text in (HOSTILE_TITLE, HOSTILE_AUTHOR, HOSTILE_OUTLET, HOSTILE_URL):
        escaped = (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                   .replace('"', "&#34;"))
        assert escaped in document, text
    assert "(not a web address; not linked)" in document
    assert "{{ 7*7 }}" in document and "{% raw %}" in document  # template syntax stays text
    assert "&lt;script&gt;alert(&#34;quote&#34;)&lt;/script&gt;" in document


def test_pages_allow_no_script(client: TestClient) -> None:
    policy = client.get("/").headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert client.get("/").headers["x-content-type-options"] == "nosniff"
    assert 'samesite=strict' in client.get("/").headers.get("set-cookie", "").lower() or (
        client.cookies.get("augury_session"))


def test_the_hostile_strings_reach_quotes_and_names(hostile_db: Path) -> None:
    """The fixture tests what it claims: the hostile strings are in stored quotes and names."""
    with Store(hostile_db) as store:
        assert any('<script>alert("quote")</script>' in q["text"] for q in api.quotes(store))
        assert HOSTILE_AUTHOR in {f["holder"] for f in api.forecasts(store)}
