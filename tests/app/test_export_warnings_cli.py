"""``tablewright export``'s warnings: each kind of loss once, with its count and a few of its
places; ``-v/--verbose`` lists every one; errors stay whole; stderr only; the exit code as ever."""

from __future__ import annotations

import pickle

from tablewright.app.cli import main
from tablewright.designer.located import Located, grouped
from tests.conftest import corpus_path

PG = """\
CREATE SEQUENCE s1;
CREATE SEQUENCE s2;
CREATE TABLE t (id int PRIMARY KEY, a timestamptz, b timestamptz, c timestamptz, d timestamptz,
                e timestamptz, tags text[]);
"""


def _export(tmp_path, capsys, sql: str, *extra: str) -> tuple[int, str, str, str]:
    src, out = tmp_path / "s.sql", tmp_path / "out.sql"
    src.write_text(sql)
    rc = main(["export", str(src), "--source-dialect", "postgres", "--dialect", "mysql", "-o", str(out), *extra])
    captured = capsys.readouterr()
    return rc, captured.out, captured.err, out.read_text()


def _warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if ": warning: " in line]


def test_each_kind_of_loss_is_one_line_with_its_count_and_places(tmp_path, capsys):
    rc, out, err, ddl = _export(tmp_path, capsys, PG)
    assert rc == 0 and out == ""  # warnings on stderr only
    lines = _warnings(err)
    assert len(lines) == 3, err  # sequences, timestamptz columns, the array: three kinds
    (zone,) = [line for line in lines if "has no time zone" in line]
    assert "Column … (timestamptz) has no time zone in MySQL" in zone
    assert zone.endswith("(5×: t.a, t.b, t.c and 2 more)"), zone
    (seqs,) = [line for line in lines if "sequences" in line]
    assert seqs.endswith("(2×: s1, s2)")
    (array,) = [line for line in lines if "array" in line]  # a kind met once: its message whole
    assert "Column t.tags is an array (text[])" in array
    assert err.splitlines()[-1].endswith("8 warnings of 3 kinds (-v/--verbose lists each)")

    rc_v, out_v, err_v, ddl_v = _export(tmp_path, capsys, PG, "--verbose")
    assert (rc_v, out_v, ddl_v) == (rc, out, ddl)  # the same export, every warning listed
    every = _warnings(err_v)
    assert len(every) == 8 and "--verbose" not in err_v
    assert [line.split("Column ")[1].split(" ")[0] for line in every if "time zone" in line] == \
        ["t.a", "t.b", "t.c", "t.d", "t.e"]


def test_an_error_stays_whole_and_is_counted_last(tmp_path, capsys):
    rc, _, err, _ = _export(tmp_path, capsys, PG + "CREATE TABLE oops ( ;\n")
    assert rc == 0  # as before: the export is written without the statement
    (error,) = [line for line in err.splitlines() if ": error: " in line]
    assert "table oops is not imported" in error
    assert err.splitlines()[-1].endswith(
        ": 1 statement could not be read (the errors above); 8 warnings of 3 kinds (-v/--verbose lists each)")
    rc, _, err, _ = _export(tmp_path, capsys, "CREATE TABLE t (id int);\nCREATE TABLE oops ( ;\n")
    assert rc == 0 and err.splitlines()[-1].endswith(": 1 statement could not be read (the errors above)")


def test_sakila_pg_for_mysql_says_each_kind_once(tmp_path, capsys):
    src = corpus_path("sakila-pg", "postgres-sakila-schema.sql")
    assert main(["export", str(src), "--dialect", "mysql", "-o", str(tmp_path / "a.sql")]) == 0
    short = _warnings(capsys.readouterr().err)
    assert main(["export", str(src), "--dialect", "mysql", "-o", str(tmp_path / "b.sql"), "-v"]) == 0
    every = _warnings(capsys.readouterr().err)
    assert (tmp_path / "a.sql").read_bytes() == (tmp_path / "b.sql").read_bytes()
    assert len(every) > 3 * len(short), (len(every), len(short))
    # no kind is said twice: the grouped lines are all different once their places are left out
    assert len({line.split(" (")[0] for line in short}) == len(short)
    (seqs,) = [line for line in short if "has no sequences" in line]
    assert "Sequence … is not carried: mysql has no sequences. (13×: actor_actor_id_seq," in seqs


def test_a_place_is_replaced_as_a_whole_name_only():
    w = Located("ON DELETE SET NULL of the foreign key payment_rental_fkey of table payment is not carried "
                "to public.payment's copy", ["payment"])
    assert w.kind == ("ON DELETE SET NULL of the foreign key payment_rental_fkey of table … is not carried "
                      "to public.payment's copy")
    assert str(w) == w and pickle.loads(pickle.dumps(w)).where == ("payment",)


def test_grouped_keeps_unlocated_and_repeated_messages_whole():
    a, b = Located("Column x.a is odd.", ["x.a"]), Located("Column x.b is odd.", ["x.b"])
    assert grouped(["plain", a, "plain", b, a]) == ["plain (2×)", "Column … is odd. (3×: x.a, x.b)"]
    assert grouped([a]) == ["Column x.a is odd."]
