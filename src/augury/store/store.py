"""The Store: documents and their analyses in one database (a SQLite file or PostgreSQL), one
transaction per document."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

from augury.errors import LedgerError, StoreError
from augury.escaping import quoted
from augury.ids import forecast_id
from augury.model import (
    Actor,
    Analysis,
    Copy,
    Correction,
    Document,
    Entity,
    Forecast,
    Member,
    Query,
    Question,
    Quote,
    Resolution,
    Role,
)
from augury.store.backends import Backend, Connection, open_backend
from augury.store.migrations import migrate

QUOTE_FIELDS = ("text", "speaker", "speaker_kind", "speaker_mention", "speaker_start",
                "speaker_end", "cue", "kind", "start", "end")
FORECAST_FIELDS = ("text", "holder", "holder_kind", "hedge", "probability", "conditional",
                   "condition", "condition_start", "condition_end", "horizon", "kind",
                   "start", "end")
DOCUMENT_FIELDS = ("title", "author", "outlet", "date", "url", "words")
ACTOR_FIELDS = ("name", "kind", "aliases", "mentions", "roles")
ENTITY_FIELDS = ("text", "label", "start", "end")
# The tables a listing reads; the column that names an actor in each row of the others.
LISTED = ("documents", "quotes", "forecasts", "actors")
NAMED = {"actors": "name", "quotes": "speaker", "forecasts": "holder"}
EVERYTHING = Query()  # selects every row
# Every table that holds data, as `augury doctor` counts them.
TABLES = ("documents", "entities", "actors", "quotes", "forecasts", "claims", "questions",
          "question_members", "resolutions", "resolution_events", "actor_corrections",
          "document_copies")


def _columns(fields: tuple[str, ...]) -> str:
    return ", ".join(f'"{f}"' for f in fields)


def _insert(
    conn: Connection,
    table: str,
    fields: tuple[str, ...],
    document_id: int,
    rows: Iterable[dict[str, Any]],
) -> None:
    sql = f"INSERT INTO {table} (document_id, {_columns(fields)}) VALUES (?{', ?' * len(fields)})"
    conn.executemany(sql, [(document_id, *(row[f] for f in fields)) for row in rows])


class Store:
    """An Augury database. Opening it applies any pending migrations."""

    def __init__(self, target: str | Path, create: bool = True, upgrade: bool = True) -> None:
        """Open (with `create`, make) the database `target`, a SQLite file's path or a
        postgresql:// URL, and bring its schema up to date; with `upgrade` False it is left as
        it is, to be inspected (`augury doctor`)."""
        self.backend: Backend = open_backend(target, create)
        self.conn = self.backend.conn
        self.name = self.backend.name  # as messages show it: no password
        self.migrations: list[str] = []
        try:
            if upgrade:
                self.migrations = migrate(self.backend)
                self._fill_forecast_ids()
        except self.backend.DatabaseError as e:
            self.close()
            raise StoreError(f"{quoted(self.name)}: cannot open database: "
                             f"{' '.join(str(e).split())}") from e

    def _fill_forecast_ids(self) -> None:
        """Write the ids of forecasts stored before ids were (migration 007), once."""
        missing = "SELECT 1 FROM forecasts WHERE fid IS NULL LIMIT 1"
        if self.conn.execute(missing).fetchone() is None:
            return
        with self.backend.transaction() as conn:
            rows = conn.execute(
                "SELECT f.id, d.content_hash, f.start, f.end, f.text FROM forecasts f "
                "JOIN documents d ON d.id = f.document_id WHERE f.fid IS NULL").fetchall()
            conn.executemany("UPDATE forecasts SET fid = ? WHERE id = ?",
                             [(forecast_id(*tuple(r)[1:]), r[0]) for r in rows])

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.backend.close()

    @contextmanager
    def snapshot(self) -> Iterator[Store]:
        """Read inside one transaction: every query sees the database as it was at the first,
        whatever another process commits meanwhile."""
        with self.backend.snapshot():
            yield self

    def has_document(self, content_hash: str) -> bool:
        """Whether a text is stored, as a document or as a copy of one."""
        row = self.conn.execute(
            "SELECT 1 FROM documents WHERE content_hash = ? "
            "UNION ALL SELECT 1 FROM document_copies WHERE content_hash = ?",
            (content_hash, content_hash)).fetchone()
        return row is not None

    def has_source(self, source: str, content_hash: str) -> bool:
        """Whether this text is stored under this name, as a document or as a copy."""
        row = self.conn.execute(
            "SELECT 1 FROM documents WHERE source = ? AND content_hash = ? "
            "UNION ALL SELECT 1 FROM document_copies WHERE source = ? AND content_hash = ?",
            (source, content_hash, source, content_hash)).fetchone()
        return row is not None

    def stored_as(self, content_hash: str) -> int | None:
        """The id of the document that holds this text, itself or as a copy's."""
        row = self.conn.execute(
            "SELECT id FROM documents WHERE content_hash = ? "
            "UNION ALL SELECT document_id FROM document_copies WHERE content_hash = ?",
            (content_hash, content_hash)).fetchone()
        return None if row is None else row[0]

    def has_url(self, url: str) -> bool:
        """Whether a document or a copy is stored under url (as its name or its URL)."""
        row = self.conn.execute(
            "SELECT 1 FROM documents WHERE source = ? OR url = ? "
            "UNION ALL SELECT 1 FROM document_copies WHERE source = ? OR url = ?",
            (url,) * 4).fetchone()
        return row is not None

    def add_copy(self, document_id: int, copy: Copy) -> bool:
        """Record copy as another carrier of a stored document; False when that document has
        it already."""
        with self.backend.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO document_copies (document_id, source, url, outlet, title, date, "
                "content_hash, similarity) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (document_id, copy.source, copy.url, copy.outlet, copy.title, copy.date,
                 copy.content_hash, copy.similarity))
        return cur.rowcount == 1

    def source_of(self, document_id: int) -> str:
        """The name a stored document is listed under."""
        return self.conn.execute("SELECT source FROM documents WHERE id = ?",
                                 (document_id,)).fetchone()[0]

    def signatures(self) -> list[tuple[int, bytes]]:
        """(document id, MinHash signature bytes) of every stored document that has one."""
        rows = self.conn.execute("SELECT document_id, minhash FROM document_signatures")
        return [(r[0], r[1]) for r in rows]

    def unsigned(self) -> list[tuple[int, str]]:
        """(id, text) of documents stored without a signature (before migration 011)."""
        rows = self.conn.execute(
            "SELECT d.id, d.text FROM documents d LEFT JOIN document_signatures s "
            "ON s.document_id = d.id WHERE s.document_id IS NULL ORDER BY d.id")
        return [(r[0], r[1]) for r in rows]

    def add_signatures(self, rows: Sequence[tuple[int, bytes]]) -> None:
        """Store (document id, signature bytes) rows."""
        with self.backend.transaction() as conn:
            conn.executemany("INSERT INTO document_signatures (document_id, minhash) VALUES (?, ?) "
                             "ON CONFLICT (document_id) DO UPDATE SET minhash = excluded.minhash",
                             rows)

    def add(self, document: Document, analysis: Analysis,
            signature: bytes | None = None) -> int | None:
        """Store a document with its analysis (and its MinHash signature) in one transaction;
        None if its text is stored (looked up inside the transaction, so of two processes
        storing one text, one stores it)."""
        with self.backend.transaction() as conn:
            if self.has_document(document.content_hash):
                return None
            doc_id = conn.execute(
                "INSERT INTO documents (content_hash, source, title, author, outlet, date, url,"
                " words, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (document.content_hash, document.source, document.title, document.author,
                 document.outlet, document.date, document.url, document.words, document.text),
            ).fetchone()[0]
            if signature is not None:
                conn.execute("INSERT INTO document_signatures (document_id, minhash) "
                             "VALUES (?, ?)", (doc_id, signature))
            actors = [
                {**row, "aliases": json.dumps(row["aliases"], ensure_ascii=False),
                 "roles": json.dumps(row["roles"], ensure_ascii=False)}
                for row in map(asdict, analysis.actors)
            ]
            _insert(conn, "entities", ENTITY_FIELDS, doc_id, map(asdict, analysis.entities))
            _insert(conn, "actors", ACTOR_FIELDS, doc_id, actors)
            _insert(conn, "quotes", QUOTE_FIELDS, doc_id, map(asdict, analysis.quotes))
            _insert(conn, "forecasts", (*FORECAST_FIELDS, "fid"), doc_id, (
                {**asdict(f), "fid": forecast_id(document.content_hash, f.start, f.end, f.text)}
                for f in analysis.forecasts))
        return doc_id

    def documents(self) -> list[tuple[int, Document]]:
        """(id, Document) for every stored document, in ingest order."""
        rows = self.conn.execute(
            "SELECT id, text, source, title, author, outlet, date, url FROM documents ORDER BY id"
        )
        return [(r["id"], Document(*tuple(r)[1:])) for r in rows]

    def actors(self, document_id: int) -> list[Actor]:
        """The actors one document's analysis found, in stored order."""
        sql = f"SELECT {_columns(ACTOR_FIELDS)} FROM actors WHERE document_id = ? ORDER BY id"
        return [Actor(**{**dict(r), "aliases": json.loads(r["aliases"]),
                         "roles": [Role(**x) for x in json.loads(r["roles"])]})
                for r in self.conn.execute(sql, (document_id,))]

    def analysis(self, document_id: int) -> Analysis:
        """The stored analysis of one document."""

        def rows(table: str, fields: tuple[str, ...]) -> list[dict[str, Any]]:
            sql = f"SELECT {_columns(fields)} FROM {table} WHERE document_id = ? ORDER BY id"
            return [dict(r) for r in self.conn.execute(sql, (document_id,))]

        forecasts = rows("forecasts", FORECAST_FIELDS)
        return Analysis(
            entities=[Entity(**r) for r in rows("entities", ENTITY_FIELDS)],
            actors=self.actors(document_id),
            quotes=[Quote(**r) for r in rows("quotes", QUOTE_FIELDS)],
            forecasts=[Forecast(**{**r, "conditional": bool(r["conditional"])}) for r in forecasts],
        )

    def forecast_ids(self, document_id: int) -> list[str]:
        """The ids of one document's forecasts, in the order of its analysis."""
        rows = self.conn.execute(
            "SELECT fid FROM forecasts WHERE document_id = ? ORDER BY id", (document_id,))
        return [r[0] for r in rows]

    def _listing(self, table: str, columns: str, query: Query, order: str) -> list[dict[str, Any]]:
        conditions, params = _where(self.backend, table, query)
        source = "documents d" if table == "documents" else (
            f"{table} t JOIN documents d ON d.id = t.document_id")
        rows = self.conn.execute(
            f"SELECT d.source AS doc, {columns} FROM {source} {conditions} ORDER BY {order} "
            "LIMIT ? OFFSET ?", [*params, *_page(self.backend, query)])
        return [dict(r) for r in rows]

    def list_documents(self, query: Query = EVERYTHING) -> list[dict[str, Any]]:
        """One row per document: doc plus title, author, outlet, date, url, words, and copies:
        the other inputs that carried it (doc, url, outlet), in the order they came."""
        copy = f"{self.backend.json_object()}('doc', c.source, 'url', c.url, 'outlet', c.outlet)"
        columns = ", ".join(f'd."{f}"' for f in DOCUMENT_FIELDS) + (
            f", (SELECT {self.backend.json_array(copy, 'c.id')} FROM (SELECT * FROM "
            "document_copies WHERE document_id = d.id ORDER BY id) c) AS copies")
        rows = self._listing("documents", columns, query, "d.id")
        return [{**r, "copies": json.loads(r["copies"])} for r in rows]

    def list_quotes(self, query: Query = EVERYTHING) -> list[dict[str, Any]]:
        """One row per quote, its speaker as stored, in document order."""
        columns = ", ".join(f't."{f}"' for f in QUOTE_FIELDS)
        return self._listing("quotes", columns, query, "d.id, t.start, t.id")

    def list_forecasts(self, query: Query = EVERYTHING) -> list[dict[str, Any]]:
        """One row per forecast, its holder as stored, with its stable id and the document's
        date and outlet, in document order."""
        columns = "t.fid AS id, d.date AS published, d.outlet, " + ", ".join(
            f't."{f}"' for f in FORECAST_FIELDS)
        rows = self._listing("forecasts", columns, query, "d.id, t.start, t.id")
        return [{**r, "conditional": bool(r["conditional"])} for r in rows]

    def list_document_actors(self, query: Query = EVERYTHING) -> list[dict[str, Any]]:
        """One row per actor per document, as the analysis of that document found it."""
        columns = ", ".join(f't."{f}"' for f in ACTOR_FIELDS)
        rows = self._listing("actors", columns, query, "d.id, t.mentions DESC, t.name, t.id")
        for row in rows:
            row["aliases"] = json.loads(row["aliases"])
            row["roles"] = json.loads(row["roles"])
        return rows

    def names(self) -> list[str]:
        """Every distinct name an actor, speaker or holder is stored under."""
        rows = self.conn.execute(
            "SELECT name FROM actors UNION SELECT speaker FROM quotes WHERE speaker IS NOT NULL "
            "UNION SELECT holder FROM forecasts WHERE holder IS NOT NULL")
        return [r[0] for r in rows]

    def speakers(self) -> list[str | None]:
        """The speaker of every quote, as stored."""
        return [r[0] for r in self.conn.execute("SELECT speaker FROM quotes")]

    def holders(self) -> list[str | None]:
        """The holder of every forecast, as stored."""
        return [r[0] for r in self.conn.execute("SELECT holder FROM forecasts")]

    def unread_claims(self) -> list[tuple[str, str, int, str | None, str, int]]:
        """(forecast id, text, document id, holder, kind, start) of each forecast whose claim is
        not stored yet, in ingest order."""
        rows = self.conn.execute(
            "SELECT f.fid, f.text, f.document_id, f.holder, f.kind, f.start FROM forecasts f "
            "LEFT JOIN claims c ON c.forecast_id = f.fid "
            "WHERE c.forecast_id IS NULL ORDER BY f.document_id, f.start")
        return [(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]

    def add_claims(self, rows: Sequence[tuple[str, str, bytes]]) -> None:
        """Store (forecast id, claim as JSON, float32 embedding bytes) rows, replacing any."""
        with self.backend.transaction() as conn:
            conn.executemany(
                "INSERT INTO claims (forecast_id, claim, vector) VALUES (?, ?, ?) ON CONFLICT "
                "(forecast_id) DO UPDATE SET claim = excluded.claim, vector = excluded.vector",
                rows)

    def claims(self) -> list[tuple[str, str, bytes]]:
        """Every stored (forecast id, claim JSON, embedding bytes), in ingest order."""
        rows = self.conn.execute(
            "SELECT c.forecast_id, c.claim, c.vector FROM claims c "
            "JOIN forecasts f ON f.fid = c.forecast_id ORDER BY f.document_id, f.start")
        return [tuple(r) for r in rows]

    def forget_claims(self) -> None:
        """Drop every stored claim, so that all are read again (by a rebuild)."""
        with self.backend.transaction() as conn:
            conn.execute("DELETE FROM claims")

    def ungrouped(self) -> list[str]:
        """Ids of forecasts in no question, in ingest order."""
        rows = self.conn.execute(
            "SELECT f.fid FROM forecasts f LEFT JOIN question_members m ON m.forecast_id = f.fid "
            "WHERE m.forecast_id IS NULL ORDER BY f.document_id, f.start")
        return [r[0] for r in rows]

    def replace_questions(self, questions: Sequence[Question]) -> None:
        """Swap in a new grouping of forecasts, in one transaction; resolutions stay."""
        with self.backend.transaction() as conn:
            conn.execute("DELETE FROM question_members")
            conn.execute("DELETE FROM questions")
            _write_questions(conn, questions)

    def save_questions(self, questions: Sequence[Question]) -> None:
        """Write these questions as they now are (new, or joined by new members), in one
        transaction; every other question stays as it is."""
        with self.backend.transaction() as conn:
            ids = [(q.id,) for q in questions]
            conn.executemany("DELETE FROM question_members WHERE question_id = ?", ids)
            conn.executemany("DELETE FROM questions WHERE id = ?", ids)
            _write_questions(conn, questions)

    def questions(self, ids: Sequence[str] | None = None) -> list[Question]:
        """The stored grouping of forecasts into questions (with `ids`, those questions, in
        that order)."""
        grouped: dict[str, Question] = {}
        for r in self.question_rows(ids):
            q = grouped.setdefault(r["question"], Question(r["question"], r["proposition"], []))
            q.members.append(Member(r["forecast_id"], r["polarity"], r["probability_for"]))
        return list(grouped.values()) if ids is None else [grouped[i] for i in ids if i in grouped]

    def question_ids(self, query: Query = EVERYTHING) -> list[str]:
        """The ids of questions with a member forecast that `query` selects, holders
        disagreeing first (one above even odds, one below), then the largest; paged."""
        conditions, params = _where(self.backend, "forecasts", query)
        selected = "" if not conditions else (
            "WHERE m.question_id IN (SELECT s.question_id FROM question_members s "
            "JOIN forecasts t ON t.fid = s.forecast_id JOIN documents d ON d.id = t.document_id "
            f"{conditions})")
        rows = self.conn.execute(
            "SELECT m.question_id, count(*) AS n, "
            "max(CASE WHEN m.probability_for > 0.5 THEN 1 ELSE 0 END) "
            "* max(CASE WHEN m.probability_for < 0.5 THEN 1 ELSE 0 END) AS disagreement "
            f"FROM question_members m JOIN forecasts f ON f.fid = m.forecast_id {selected} "
            "GROUP BY m.question_id ORDER BY disagreement DESC, n DESC, m.question_id "
            "LIMIT ? OFFSET ?", [*params, *_page(self.backend, query)])
        return [r[0] for r in rows]

    def question_rows(self, ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """(question id, proposition, forecast id, polarity, probability_for) per member, of
        every question or of those in `ids`."""
        where, params = ("", []) if ids is None else (
            f"WHERE q.id {self.backend.listed()}", [json.dumps(list(ids))])
        rows = self.conn.execute(
            "SELECT q.id AS question, q.proposition, m.forecast_id, m.polarity, m.probability_for "
            f"FROM questions q JOIN question_members m ON m.question_id = q.id {where} "
            "ORDER BY q.id, m.position", params
        )
        return [dict(r) for r in rows]

    def add_resolutions(self, resolutions: Sequence[Resolution], by: str,
                        replace: bool = False) -> None:
        """Record resolutions all together or not at all, each an event of the history. A
        target already resolved is refused unless `replace`; the new event supersedes the old."""
        with self.backend.transaction() as conn:
            for r in resolutions:
                current = conn.execute("SELECT outcome, date FROM resolutions WHERE target = ?",
                                       (r.target,)).fetchone()
                if current is not None and not replace:
                    raise LedgerError(
                        f"{r.target} is already resolved ({current['outcome']} on "
                        f"{current['date']}); nothing recorded (--replace records over it)")
                conn.execute(
                    "INSERT INTO resolution_events (target, action, outcome, date, source, note, "
                    "recorded_by, supersedes) VALUES (?, 'resolve', ?, ?, ?, ?, ?, ?)",
                    (r.target, r.outcome, r.date, r.source, r.note, by, self._last_event(r.target)))
                conn.execute(
                    "INSERT INTO resolutions (target, outcome, date, source, note) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (target) DO UPDATE SET "
                    "outcome = excluded.outcome, date = excluded.date, source = excluded.source, "
                    "note = excluded.note, recorded_at = excluded.recorded_at",
                    (r.target, r.outcome, r.date, r.source, r.note))

    def _last_event(self, target: str) -> int | None:
        row = self.conn.execute("SELECT max(id) FROM resolution_events WHERE target = ?",
                                (target,)).fetchone()
        return row[0]

    def resolution_history(self, target: str) -> list[dict[str, Any]]:
        """Every event recorded for one target, oldest first."""
        rows = self.conn.execute(
            "SELECT id AS event, action, outcome, date, source, note, recorded_by, recorded_at, "
            "supersedes FROM resolution_events WHERE target = ? ORDER BY id", (target,))
        return [dict(r) for r in rows]

    def forget(self, source: str, by: str) -> int:
        """Remove one document and all that came from it in one transaction. The resolutions of
        its forecasts, and of questions left with no forecast, leave the ledger with a `forget`
        event each, their history kept. Returns the number of resolutions withdrawn."""
        doc = self.conn.execute("SELECT id FROM documents WHERE source = ?", (source,)).fetchall()
        if len(doc) != 1:
            found = "no document" if not doc else f"{len(doc)} documents"
            raise StoreError(f"{source}: {found} stored under that name; nothing forgotten")
        with self.backend.transaction() as conn:
            ids = [r[0] for r in conn.execute("SELECT fid FROM forecasts WHERE document_id = ?",
                                               (doc[0]["id"],))]
            conn.executemany("DELETE FROM question_members WHERE forecast_id = ?",
                             [(i,) for i in ids])
            # Questions left with no member go; the others keep their id and proposition.
            empty = [r[0] for r in conn.execute(
                "SELECT id FROM questions "
                "WHERE id NOT IN (SELECT question_id FROM question_members)")]
            conn.executemany("DELETE FROM questions WHERE id = ?", [(q,) for q in empty])
            withdrawn = 0
            for target in [*ids, *empty]:
                if conn.execute("SELECT 1 FROM resolutions WHERE target = ?",
                                (target,)).fetchone() is None:
                    continue
                conn.execute(
                    "INSERT INTO resolution_events (target, action, recorded_by, supersedes, "
                    "note) VALUES (?, 'forget', ?, ?, ?)",
                    (target, by, self._last_event(target), f"document {source} forgotten"))
                conn.execute("DELETE FROM resolutions WHERE target = ?", (target,))
                withdrawn += 1
            conn.execute("DELETE FROM documents WHERE id = ?", (doc[0]["id"],))
        return withdrawn

    def resolutions(self) -> dict[str, Resolution]:
        rows = self.conn.execute("SELECT target, outcome, date, source, note FROM resolutions")
        return {r["target"]: Resolution(**dict(r)) for r in rows}

    def known_ids(self) -> dict[str, str | None]:
        """Every forecast and question id a resolution may name, with the date it was first
        published (a question's: its earliest forecast's), None where no date is known."""
        published = dict(self.conn.execute(
            "SELECT f.fid, d.date FROM forecasts f JOIN documents d ON d.id = f.document_id"))
        ids = dict(published)
        for question, forecast in self.conn.execute(
                "SELECT question_id, forecast_id FROM question_members"):
            dates = [d for d in (ids.get(question), published.get(forecast)) if d]
            ids[question] = min(dates) if dates else None
        return ids

    def add_correction_row(self, correction: Correction, keys: Sequence[str] = (),
                           actor_id: str | None = None) -> None:
        """Record a merge or split of actors as it is (whether it changes anything is judged
        above the store), and in the same transaction give the name `keys` the id `actor_id`
        (a merge: the staying actor's), or with no id forget theirs (a split: a new one)."""
        with self.backend.transaction() as conn:
            conn.execute(
                "INSERT INTO actor_corrections (action, name, other) VALUES (?, ?, ?)",
                (correction.action, correction.name, correction.other),
            )
            if actor_id is None:
                conn.executemany("DELETE FROM actor_ids WHERE key = ?", [(k,) for k in keys])
            else:
                conn.executemany("UPDATE actor_ids SET id = ? WHERE key = ?",
                                 [(actor_id, k) for k in keys])

    def actor_ids(self) -> dict[str, tuple[str, int]]:
        """Each name key's actor id and the order it was given in."""
        rows = self.conn.execute("SELECT key, id, given FROM actor_ids")
        return {r[0]: (r[1], r[2]) for r in rows}

    def actor_generation(self) -> int:
        """How many times the documents or corrections have changed."""
        return self.conn.execute("SELECT n FROM actor_generation").fetchone()[0]

    def cached_actors(self, generation: int) -> str | None:
        """The resolution of actors kept for `generation`, as stored (JSON), if any."""
        row = self.conn.execute("SELECT actors FROM actor_cache WHERE generation = ?",
                                (generation,)).fetchone()
        return row[0] if row else None

    def keep_actors(self, generation: int, ids: Sequence[tuple[str, str]], actors: str) -> None:
        """Give (name key, actor id) pairs to keys that have none, in order, and keep the
        resolution of actors for `generation` (JSON), unless the data moved on meanwhile. Inside
        a snapshot (a read that must not write) nothing is kept: the same ids are worked out
        again from the same stored ones until a write keeps them."""
        if self.conn.in_transaction:
            return
        with self.backend.transaction() as conn:
            if conn.execute("SELECT n FROM actor_generation").fetchone()[0] != generation:
                return
            given = conn.execute("SELECT coalesce(max(given), 0) FROM actor_ids").fetchone()[0]
            conn.executemany("INSERT INTO actor_ids (key, id, given) VALUES (?, ?, ?) "
                             "ON CONFLICT DO NOTHING",
                             [(k, i, given + n) for n, (k, i) in enumerate(ids, 1)])
            conn.execute("DELETE FROM actor_cache")
            conn.execute("INSERT INTO actor_cache (generation, actors) VALUES (?, ?)",
                         (generation, actors))

    def changes(self) -> int:
        """How many times anything a reader shows has changed: documents, corrections,
        resolutions, questions."""
        return self.conn.execute("SELECT n FROM changes").fetchone()[0]

    def counts(self) -> dict[str, int]:
        """How many documents, quotes, forecasts, questions and resolutions are stored."""
        tables = ("documents", "quotes", "forecasts", "questions", "resolutions")
        sql = "SELECT " + ", ".join(f"(SELECT count(*) FROM {t}) AS {t}" for t in tables)
        return dict(self.conn.execute(sql).fetchone())

    def table_counts(self) -> dict[str, int]:
        """How many rows each of the tables that hold data has (those that exist yet)."""
        present = [t for t in TABLES if self.backend.has_table(t)]
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in present}

    def inconsistencies(self) -> list[str]:
        """What no constraint rules out but should not be: one line each, with its count."""
        checks = {
            "question members name no stored forecast":
                "SELECT count(*) FROM question_members m WHERE NOT EXISTS "
                "(SELECT 1 FROM forecasts f WHERE f.fid = m.forecast_id)",
            "questions have no member forecast":
                "SELECT count(*) FROM questions q WHERE NOT EXISTS "
                "(SELECT 1 FROM question_members m WHERE m.question_id = q.id)",
            "resolutions are not the latest event of their history":
                "SELECT count(*) FROM resolutions r WHERE NOT EXISTS (SELECT 1 FROM "
                "resolution_events e WHERE e.target = r.target AND e.action = 'resolve' AND "
                "e.outcome = r.outcome AND e.date = r.date AND e.source = r.source AND e.id = "
                "(SELECT max(id) FROM resolution_events WHERE target = r.target))",
            "forecasts have no id": "SELECT count(*) FROM forecasts WHERE fid IS NULL",
        }
        found = [(self.conn.execute(sql).fetchone()[0], what) for what, sql in checks.items()]
        return [f"{n} {what}" for n, what in found if n]

    def document(self, document_id: int) -> Document | None:
        """One stored document by its id, or None."""
        row = self.conn.execute(
            "SELECT text, source, title, author, outlet, date, url FROM documents WHERE id = ?",
            (document_id,)).fetchone()
        return None if row is None else Document(*tuple(row))

    def document_ids(self) -> dict[str, int]:
        """Each document name (source) with its id; of two documents with one name, the first."""
        rows = self.conn.execute("SELECT source, min(id) FROM documents GROUP BY source")
        return {r[0]: r[1] for r in rows}

    def forecast_document(self, forecast: str) -> int | None:
        """The id of the document a forecast (f-…) comes from, or None."""
        row = self.conn.execute("SELECT document_id FROM forecasts WHERE fid = ?",
                                (forecast,)).fetchone()
        return None if row is None else row[0]

    def outlets(self) -> list[str]:
        """Every outlet a stored document names, alphabetically."""
        rows = self.conn.execute(
            "SELECT DISTINCT outlet FROM documents WHERE outlet IS NOT NULL ORDER BY outlet")
        return [r[0] for r in rows]

    def recent_events(self, limit: int) -> list[dict[str, Any]]:
        """The latest resolution events of every target, newest first."""
        rows = self.conn.execute(
            "SELECT id AS event, target, action, outcome, date, source, note, recorded_by, "
            "recorded_at FROM resolution_events ORDER BY id DESC LIMIT ?", (limit,))
        return [dict(r) for r in rows]

    def corrections(self) -> list[Correction]:
        """Every recorded correction, in the order it was made."""
        rows = self.conn.execute("SELECT action, name, other FROM actor_corrections ORDER BY id")
        return [Correction(r["action"], r["name"], r["other"]) for r in rows]


def _where(backend: Backend, table: str, query: Query) -> tuple[str, list[Any]]:
    """The WHERE clause and its parameters that select `table`'s rows (`t`, with their
    document `d`; for documents, `d` alone) as `query` says. Lists travel as one JSON
    parameter, so no list is too long for SQLite's limit on parameters."""
    if table not in LISTED:
        raise ValueError(f"no listing of {table!r}")
    conditions: list[str] = []
    params: list[Any] = []
    listed = backend.listed()
    if query.names is not None:
        if table == "documents":  # a document in which the actor is named, speaks or forecasts
            conditions.append(" OR ".join(
                f"EXISTS (SELECT 1 FROM {other} x WHERE x.document_id = d.id AND x.{column} "
                f"{listed})" for other, column in NAMED.items()))
            params += [json.dumps(query.names)] * len(NAMED)
        else:
            conditions.append(f"t.{NAMED[table]} {listed}")
            params.append(json.dumps(query.names))
    if query.doc is not None:
        conditions.append("d.source = ?")
        params.append(query.doc)
    if query.outlet is not None:
        conditions.append("d.outlet = ?")
        params.append(query.outlet)
    if query.questions is not None:
        if table not in ("forecasts", "documents"):
            raise ValueError(f"questions select forecasts and documents, not {table}")
        members = f"SELECT forecast_id FROM question_members WHERE question_id {listed}"
        conditions.append(f"t.fid IN ({members})" if table == "forecasts" else
                          f"d.id IN (SELECT document_id FROM forecasts WHERE fid IN ({members}))")
        params.append(json.dumps(query.questions))
    # A date may carry a time after the day; the day is compared.
    for bound, op in ((query.date_from, ">="), (query.date_to, "<=")):
        if bound is not None:
            conditions.append(f"substr(d.date, 1, 10) {op} ?")
            params.append(bound)
    if query.search is not None:
        conditions.append(backend.search(table))
        params.append(backend.search_parameter(query.search))
    return ("WHERE " + " AND ".join(conditions) if conditions else ""), params


def _page(backend: Backend, query: Query) -> tuple[int | None, int]:
    """LIMIT and OFFSET for a query."""
    return (backend.no_limit if query.limit is None else query.limit), query.offset


def _write_questions(conn: Connection, questions: Sequence[Question]) -> None:
    conn.executemany("INSERT INTO questions (id, proposition) VALUES (?, ?)",
                     [(q.id, q.proposition) for q in questions])
    conn.executemany(
        "INSERT INTO question_members (question_id, forecast_id, polarity, probability_for, "
        "position) VALUES (?, ?, ?, ?, ?)",
        [(q.id, m.forecast_id, m.polarity, m.probability_for, k)
         for q in questions for k, m in enumerate(q.members)],
    )

