"""`augury doctor` on real databases: a healthy one passes with its row counts; a missing or
unknown migration, a damaged file, rows that disagree or a server not there are one line each."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from augury.cli import app
from augury.doctor import CHECKS, Context, examine
from augury.store import Store

runner = CliRunner()


def doctor(db: str | Path) -> tuple[int, str, list[str]]:
    result = runner.invoke(app, ["doctor", "--db", str(db)])
    return result.exit_code, result.stdout, result.stderr.splitlines()


def test_a_healthy_database_passes_with_its_row_counts(seeds: str) -> None:
    code, out, err = doctor(seeds)
    assert (code, err) == (0, [])
    assert "documents: 5\n" in out and "forecasts: 100\n" in out and "no problems found" in out


def test_a_missing_and_an_unknown_migration_are_one_line_each(seeds: str) -> None:
    with Store(seeds) as store:
        store.conn.execute("DELETE FROM _augury_migrations WHERE name = '010_changes'")
        store.conn.execute("INSERT INTO _augury_migrations (name, applied_at) "
                           "VALUES ('099_future', '2030-01-01T00:00:00Z')")
    code, _, err = doctor(seeds)
    assert code == 1
    assert err == [
        "augury doctor: migration 010_changes is not applied (any other augury command "
        "applies it)",
        "augury doctor: migration 099_future is recorded but unknown to this version of augury"]


def test_doctor_changes_nothing(seeds: str) -> None:
    with Store(seeds) as store:
        store.conn.execute("DELETE FROM _augury_migrations WHERE name = '010_changes'")
    doctor(seeds)
    assert doctor(seeds)[0] == 1  # still missing: the doctor looks, it does not migrate


def test_rows_that_disagree_are_counted_in_one_line(seeds: str) -> None:
    with Store(seeds) as store:
        question = store.questions()[0].id
        store.conn.execute("INSERT INTO question_members (question_id, forecast_id, polarity) "
                           "VALUES (?, 'f-0000000000', 1)", (question,))
    code, _, err = doctor(seeds)
    assert (code, err) == (1, ["augury doctor: 1 question members name no stored forecast"])


def test_a_damaged_file_is_one_line(writable_seeds: Path) -> None:
    size = writable_seeds.stat().st_size
    with writable_seeds.open("r+b") as f:  # pages in the middle overwritten
        f.seek(size // 2)
        f.write(b"\xa5" * 16384)
    code, _, err = doctor(writable_seeds)
    assert code == 1 and len(err) == 1
    assert "malformed" in err[0] or "integrity check" in err[0]


def test_a_server_that_is_not_there_is_one_line() -> None:
    code, out, err = doctor("postgresql://ana:s3cret@127.0.0.1:1/augury")
    assert code == 1 and out == "" and len(err) == 1
    assert err[0].startswith("augury doctor: postgresql://ana@127.0.0.1:1/augury: cannot connect")


def test_a_check_is_one_more_function(seeds: str) -> None:
    def engine(ctx: Context) -> list[str]:
        return [f"engine: nothing reachable for {ctx.name}"]

    ctx, findings = examine(seeds, [*CHECKS, engine])
    assert findings == [f"engine: nothing reachable for {ctx.name}"]
    assert ctx.counts["documents"] == 5
