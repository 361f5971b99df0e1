"""Dossier exports never crash the import (issue 18): every field read as text, bad rows counted
and written to the error file with their line, column, value and reason wherever they sit in a
large file, good rows imported, the job recorded; UTF-8 with or without BOM, UTF-16 and
Windows-1258; codes kept as text; channel words and agency names normalised."""

from __future__ import annotations

import csv
import io
import unicodedata

import duckdb
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kehoach.outcomes.dossiers import aggregate_file
from kehoach.outcomes.models import ImportState, MonthlyStat, OutcomeImport
from kehoach.outcomes.synthetic import SyntheticParams, dossier_query

HEADER = (
    "Mã hồ sơ,Mã thủ tục,Cơ quan,Huyện,Kênh nộp,Ngày tiếp nhận,Ngày hẹn trả,Ngày trả,"
    "Lệ phí,Thanh toán trực tuyến"
)
PORTAL = [
    "H1,1.000010,Sở Tư pháp,,Trực tuyến,01/03/2021,05/03/2021,04/03/2021,50.000,x",
    "H2,1.000010,Sở Tư pháp ,,Bưu điện,02/03/2021,05/03/2021,05/03/2021,,",  # trailing space
    "H3,1.000010,Sở Tư pháp,,Bưu chính công ích,31/02/2021,05/03/2021,05/03/2021,,",  # line 4
    "H4,1.000010,Sở Tư pháp,,Trực tiếp,02/03/2021,abc,05/03/2021,,",  # line 5: due "abc"
    "H5,1.000010,Sở Tư pháp,,Trực tiếp,10/03/2021,15/03/2021,05/03/2021,,",  # line 6: before
    "H1,1.000010,Sở Tư pháp,,Trực tuyến,01/03/2021,05/03/2021,04/03/2021,50.000,x",  # line 7
    "H6,1.000010,Sở Tư pháp,,Trực tiếp,10/03/2021,15/03/2021,,,,thừa",  # line 8: extra column
    "H7,1.000010,SỞ TƯ PHÁP,,Trực tiếp,10/03/2021,30/02/2021,,,",  # line 9: due 30/02
    "H8,1.000010,So\u031b\u0309 Tư pháp,,Trực tiếp,11/03/2021,15/03/2021,,,",  # NFD name
]


def portal_text() -> str:
    return "\r\n".join([HEADER, *PORTAL]) + "\r\n"


def test_every_bad_row_is_reported_with_its_line_column_value_and_reason(tmp_path):
    path = tmp_path / "hs.csv"
    path.write_bytes(b"\xef\xbb\xbf" + portal_text().encode("utf-8"))
    result = aggregate_file(path, by_service=True)
    assert result.dossiers == 9 and result.broken == 6
    assert result.reasons == {
        "received_bad": 1,
        "due_bad": 2,
        "resolved_before": 1,
        "duplicate": 1,
        "shape": 1,
    }
    errors = [(e["line"], e["column"], e["value"]) for e in result.errors]
    assert errors == [
        (4, "Ngày tiếp nhận", "31/02/2021"),
        (5, "Ngày hẹn trả", "abc"),
        (6, "Ngày trả", "05/03/2021"),
        (7, "Mã hồ sơ", "H1"),
        (8, "", errors[4][2]),
        (9, "Ngày hẹn trả", "30/02/2021"),
    ]
    assert "thừa" in errors[4][2]
    [row] = result.rows
    assert row["service"] == "1.000010"  # a code stays text
    assert row["agency"] == "Sở Tư pháp"  # the trailing space and the NFD form are one agency
    assert (row["received_online"], row["received_post"], row["received_counter"]) == (1, 1, 1)
    assert (row["resolved_early"], row["resolved_on_time"], row["pending"]) == (1, 1, 1)
    assert (row["with_fee"], row["paid_online"]) == (1, 1)  # a fee amount is a fee


def _cp1258(text: str) -> bytes:
    """Windows-1258 writes a toned vowel as a base letter and a combining tone mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += (base + tones).encode("cp1258")
    return bytes(out)


@pytest.mark.parametrize(
    "encoding",
    ["utf-8", "utf-8-sig", "utf-16", "cp1258"],
)
def test_each_encoding_gives_the_same_table(tmp_path, encoding):
    text = portal_text()
    data = _cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    path = tmp_path / f"hs-{encoding}.csv"
    path.write_bytes(data)
    result = aggregate_file(path, by_service=True)
    assert result.dossiers == 9 and result.broken == 6
    assert [r["agency"] for r in result.rows] == ["Sở Tư pháp"]
    assert result.rows[0]["received_post"] == 1  # "Bưu điện" read through the decoding


def _big_file(directory, rows: int):
    """A portal-like export of ``rows`` dossiers (dd/mm/yyyy, Vietnamese headers, CRLF, BOM)
    with bad rows at the start, in the middle and at the end; their expected lines."""
    clean = directory / "clean.csv"
    connection = duckdb.connect()
    query = dossier_query(SyntheticParams(seed=5), rows)
    connection.execute(
        f"""COPY (SELECT code AS "Mã hồ sơ", procedure AS "Mã thủ tục", agency AS "Cơ quan",
        district AS "Huyện", channel AS "Kênh nộp",
        strftime(received, '%d/%m/%Y') AS "Ngày tiếp nhận",
        strftime(due, '%d/%m/%Y') AS "Ngày hẹn trả",
        strftime(resolved, '%d/%m/%Y') AS "Ngày trả", fee AS "Lệ phí",
        paid_online AS "Thanh toán trực tuyến" FROM ({query}))
        TO '{clean}' (FORMAT CSV, HEADER)"""
    )
    connection.close()
    bad = [
        "BAD-{n},X,Sở Tư pháp,,Trực tiếp,31/02/2021,,,,",
        "BAD-{n},X,Sở Tư pháp,,Trực tiếp,01/03/2021,abc,,,",
        "BAD-{n},X,Sở Tư pháp,,Trực tiếp,01/03/2021,05/03/2021,,,,thừa",
    ]
    spots = {3, rows // 2, rows - 1}
    path = directory / "big.csv"
    with clean.open(encoding="utf-8") as source, path.open("wb") as out:
        out.write(b"\xef\xbb\xbf")
        for number, text in enumerate(source, start=1):
            out.write(text.rstrip("\n").encode() + b"\r\n")
            if number - 1 in spots:
                for k, template in enumerate(bad):
                    out.write(template.format(n=f"{number}-{k}").encode() + b"\r\n")
    expected = []
    with path.open("rb") as handle:
        for line, raw in enumerate(handle, start=1):
            if raw.startswith(b"BAD-"):
                expected.append(line)
    return path, expected


def _check_big(tmp_path, rows):
    path, lines = _big_file(tmp_path, rows)
    result = aggregate_file(path)
    assert result.dossiers == rows + 9 and result.broken == 9
    assert sorted(e["line"] for e in result.errors) == lines
    assert result.reasons == {"received_bad": 3, "due_bad": 3, "shape": 3}
    assert (
        sum(r["received_counter"] + r["received_online"] + r["received_post"] for r in result.rows)
        == rows
    )


def test_bad_rows_at_the_start_middle_and_end_of_a_200_000_row_file(tmp_path):
    _check_big(tmp_path, 200_000)


@pytest.mark.slow
def test_bad_rows_at_the_start_middle_and_end_of_a_2_000_000_row_file(tmp_path):
    _check_big(tmp_path, 2_000_000)


@pytest.mark.django_db
def test_the_command_records_the_job_and_its_error_file_whatever_happens(demo, tmp_path):
    path = tmp_path / "hs.csv"
    path.write_bytes(portal_text().encode("utf-16"))
    out, err = io.StringIO(), io.StringIO()
    call_command("import-dossiers", str(path), "--org", "TG-STTTT", stdout=out, stderr=err)
    job = OutcomeImport.objects.latest("id")
    assert job.status == ImportState.PARTIAL and job.counts["broken"] == 6
    assert job.summary["encoding"] == "utf-16"
    rows = list(csv.reader(io.StringIO(bytes(job.error_file).decode("utf-8-sig"))))
    assert rows[0] == ["dòng", "cột", "giá trị", "lý do", "mã hồ sơ"]
    assert [r[0] for r in rows[1:]] == ["4", "5", "6", "7", "8", "9"]
    assert MonthlyStat.objects.filter(job=job).count() == 1
    junk = tmp_path / "junk.csv"
    junk.write_bytes(b"\x00\x01\x02 not a table")
    with pytest.raises(CommandError):
        call_command("import-dossiers", str(junk), "--org", "TG-STTTT", stdout=out, stderr=err)
    failed = OutcomeImport.objects.latest("id")
    assert failed.pk != job.pk and failed.status == ImportState.FAILED
    assert "Traceback" not in failed.errors[0]["message"]


@pytest.mark.django_db
def test_a_stray_date_never_claims_a_month(demo, tmp_path):
    lines = [HEADER]
    for month in (1, 2, 3):
        for k in range(50):
            lines.append(f"M{month}-{k},X,Sở Y tế,,Trực tiếp,{k % 28 + 1:02d}/{month:02d}/2018,,,,")
    lines.append("TYPO-1,X,Sở Y tế,,Trực tiếp,15/03/2081,,,,")  # the year typed wrong
    path = tmp_path / "hs.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    call_command("import-dossiers", str(path), "--org", "TG-STTTT", stdout=io.StringIO())
    job = OutcomeImport.objects.latest("id")
    assert job.counts["stray_months"] == ["2081-03"]
    assert sorted(job.counts["months"]) == ["2018-01", "2018-02", "2018-03"]
    assert not MonthlyStat.objects.filter(job=job, month__year=2081).exists()
    assert any(e["kind"] == "stray" and "03/2081" in e["message"] for e in job.errors)


def test_a_file_mixing_date_formats_is_read_by_the_per_row_rules(tmp_path):
    """The reader types the dates in the format of the first rows; a row in another format it
    refuses is not a bad row: the file is read again with the per-row text rules."""
    lines = [HEADER]
    lines += [f"A{k},X,Sở Tư pháp,,Trực tiếp,0{k}/03/2021,10/03/2021,09/03/2021,," for k in (1, 2)]
    lines.append("A3,X,Sở Tư pháp,,Trực tiếp,2021-03-03,2021-03-10,2021-03-10,,")  # ISO
    lines.append("A4,X,Sở Tư pháp,,Trực tiếp,31/02/2021,,,,")  # line 5: impossible
    path = tmp_path / "hs.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    result = aggregate_file(path)
    assert result.dossiers == 4 and result.broken == 1
    assert result.reasons == {"received_bad": 1}
    assert [(e["line"], e["value"]) for e in result.errors] == [(5, "31/02/2021")]
    [row] = result.rows
    assert (row["received_counter"], row["resolved_early"], row["resolved_on_time"]) == (3, 2, 1)


def test_a_code_repeated_in_another_month_is_counted_once(tmp_path):
    """The check for repeated codes covers the whole file (a hash of every counted code), not
    only the rows of one month and agency."""
    lines = [HEADER]
    lines.append("R1,X,Sở Tư pháp,,Trực tiếp,01/03/2021,10/03/2021,09/03/2021,,")
    lines.append("R2,X,Sở Y tế,,Trực tuyến,01/04/2021,10/04/2021,,,")
    lines.append("R1,X,Sở Y tế,,Trực tuyến,02/04/2021,10/04/2021,,,")  # line 4: R1 again
    path = tmp_path / "hs.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    result = aggregate_file(path)
    assert result.dossiers == 3 and result.reasons == {"duplicate": 1}
    assert [(e["line"], e["value"]) for e in result.errors] == [(4, "R1")]
    assert sum(r["received_online"] + r["received_counter"] for r in result.rows) == 2


def test_a_code_repeated_in_a_parquet_file_is_counted_once(tmp_path):
    """From a columnar file the codes' hashes are read apart from the grouping."""
    path = tmp_path / "hs.parquet"
    query = dossier_query(SyntheticParams(seed=3), 500)
    connection = duckdb.connect()
    connection.execute(
        f"COPY (SELECT * FROM ({query}) UNION ALL SELECT * FROM (SELECT * FROM ({query}) "
        f"LIMIT 2)) TO '{path}' (FORMAT PARQUET)"
    )
    connection.close()
    result = aggregate_file(path)
    assert result.dossiers == 502 and result.reasons == {"duplicate": 2}
    assert [e["line"] for e in result.errors] == [502, 503]
    assert (
        sum(r["received_online"] + r["received_counter"] + r["received_post"] for r in result.rows)
        == 500
    )


def test_repeated_codes_are_found_without_numpy_too(tmp_path, monkeypatch):
    """numpy sorts the codes' hashes when it is installed; without it DuckDB counts them."""
    import sys

    monkeypatch.setitem(sys.modules, "numpy", None)  # `import numpy` fails as if not installed
    lines = [HEADER]
    lines.append("R1,X,Sở Tư pháp,,Trực tiếp,01/03/2021,10/03/2021,09/03/2021,,")
    lines.append("R1,X,Sở Tư pháp,,Trực tiếp,01/03/2021,10/03/2021,09/03/2021,,")  # line 3
    path = tmp_path / "hs.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    result = aggregate_file(path)
    assert result.reasons == {"duplicate": 1}
    assert [(e["line"], e["value"]) for e in result.errors] == [(3, "R1")]
