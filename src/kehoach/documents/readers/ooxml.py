"""Office Open XML containers (DOCX, XLSX): what is checked before any library parses them.

A DOCX or XLSX is a ZIP of XML parts. Before python-docx or openpyxl sees one, this module
refuses what must not be read: a file that is not a ZIP at all (garbage, a truncated
download), an encrypted (password-protected) document — which Office stores as an OLE
compound file, not a ZIP —, an old binary .doc/.xls, a macro-enabled document, a ZIP whose
parts would expand beyond :data:`MAX_UNCOMPRESSED` (a "zip bomb"), and XML that declares a
DTD (entity expansion).

:func:`open_container` is the one guarded opener of every uploaded container: the plan reader,
and the statistics, catalogue and price-norm imports (web, API and command line) through
:func:`open_table` — the same limits, the same messages, decided from the ZIP directory and
the first bytes of each part, so a refusal takes milliseconds whatever the file expands to.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from kehoach.core.messages import declare
from kehoach.documents.readers import ReadError

# What the guard says (docs/architecture.md, "Messages"): English in the catalogue only.
OLD_OFFICE = declare(
    "read.old_office",
    "Tệp '{name}' là định dạng Word/Excel cũ (.doc/.xls), chưa được hỗ trợ; hãy lưu lại thành "
    ".docx/.xlsx.",
)
DAMAGED = declare(
    "read.damaged", "Tệp '{name}' bị hỏng hoặc không đầy đủ (không đọc được như {what})."
)
NOT_OFFICE = declare("read.not_office", "Tệp '{name}' là tệp nén nhưng không phải DOCX hay XLSX.")
NOT_EXPECTED = declare("read.not_expected", "Tệp '{name}' không phải là {kind}.")
XML_DECLARATION = declare(
    "read.xml_declaration",
    "Tệp '{name}' chứa khai báo XML không được phép (DOCTYPE/ENTITY).",
)
SHEET_DECLARED_TOO_LARGE = declare(
    "read.sheet_declared",
    "Trang tính trong tệp '{name}' khai báo quá lớn ({rows} dòng × {columns} cột; tối đa "
    "{limit} ô); không đọc.",
)
ENCRYPTED = declare(
    "read.encrypted",
    "Tệp '{name}' được đặt mật khẩu (mã hóa); hãy gỡ mật khẩu trong Word/Excel rồi lưu lại.",
)
MACRO = declare(
    "read.macro",
    "Tệp '{name}' có macro (.docm/.xlsm); vì an toàn, kehoach không đọc tệp có macro — hãy lưu "
    "lại thành .docx/.xlsx.",
)
TOO_BIG = declare(
    "read.expanded",
    "Tệp '{name}' khi giải nén quá lớn (hơn {limit} MB) hoặc có quá nhiều phần; không đọc.",
)
RATIO = declare(
    "read.ratio",
    "Tệp '{name}' có phần giải nén ra quá lớn so với kích thước nén (hơn {ratio} lần): dấu hiệu "
    "của tệp gây quá tải; không đọc.",
)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
MAX_UNCOMPRESSED = 100 * 1024 * 1024  # all parts together, expanded
MAX_PART = 50 * 1024 * 1024  # one part, expanded
MAX_PARTS = 5000
MAX_BYTES = 20 * 1024 * 1024  # the upload itself, as the forms and read_bytes limit it
# Deflate cannot compress real content much beyond 1:50; a part over 1 MB that expanded more
# than this is built to exhaust memory or CPU (the 242 KB workbook of issue 21).
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024
# A worksheet's declared size: openpyxl pads every row up to it, so "A1:XFD1048576" with two
# cells makes 17 billion empty cells. Tables people upload have a few thousand rows.
MAX_SHEET_CELLS = 5_000_000
MAX_SHEET_COLUMNS = 1000
MACRO_SUFFIXES = (".docm", ".dotm", ".xlsm", ".xltm", ".xlsb", ".xlam", ".pptm")

DOCX = "docx"
XLSX = "xlsx"


@dataclass(frozen=True)
class Container:
    kind: str  # docx or xlsx
    zip: zipfile.ZipFile
    data: bytes


def sniff(data: bytes) -> str | None:
    """ "zip", "ole" or None, from the first bytes."""
    if data.startswith(ZIP_MAGIC) or data.startswith(b"PK\x05\x06"):
        return "zip"
    if data.startswith(OLE_MAGIC):
        return "ole"
    return None


def refuse_ole(data: bytes, name: str) -> ReadError:
    """An OLE compound file: an encrypted OOXML document or an old binary Office file."""
    if "EncryptedPackage".encode("utf-16-le") in data or (
        "EncryptionInfo".encode("utf-16-le") in data
    ):
        return _encrypted(name)
    return ReadError(OLD_OFFICE.with_params(name=name))


def damaged(name: str, what: str = "DOCX/XLSX") -> ReadError:
    return ReadError(DAMAGED.with_params(name=name, what=what))


def open_container(data: bytes, name: str, *, expect: str | None = None) -> Container:
    """Open ``data`` as a DOCX or XLSX after the safety checks; ReadError otherwise.
    ``expect`` (DOCX or XLSX) refuses the other kind."""
    if len(data) > MAX_BYTES:
        raise _too_big(name)
    kind = sniff(data)
    if kind == "ole":
        raise refuse_ole(data, name)
    if kind != "zip":
        raise damaged(name)
    if name.lower().endswith(MACRO_SUFFIXES):
        raise _macro(name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise damaged(name) from exc
    if len(infos) > MAX_PARTS:
        raise _too_big(name)
    total = 0
    for info in infos:
        if info.file_size > MAX_PART:
            raise _too_big(name)
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _ratio(name)
        total += info.file_size
        if total > MAX_UNCOMPRESSED:
            raise _too_big(name)
        if info.flag_bits & 0x1:  # a ZIP entry encrypted with a password
            raise _encrypted(name)
    names = {info.filename for info in infos}
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise _macro(name)
    content_types = b""
    if "[Content_Types].xml" in names:
        content_types = _read(archive, "[Content_Types].xml", name)
    if b"macroEnabled" in content_types:
        raise _macro(name)
    if "word/document.xml" in names or b"wordprocessingml.document.main" in content_types:
        detected = DOCX
    elif "xl/workbook.xml" in names or b"spreadsheetml.sheet.main" in content_types:
        detected = XLSX
    else:
        raise ReadError(NOT_OFFICE.with_params(name=name))
    if expect is not None and detected != expect:
        raise ReadError(NOT_EXPECTED.with_params(name=name, kind=expect.upper()))
    for info in infos:
        if info.filename.endswith((".xml", ".rels")):
            head = _read(archive, info.filename, name)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise ReadError(XML_DECLARATION.with_params(name=name))
            if detected == XLSX and info.filename.startswith("xl/worksheets/"):
                _check_dimension(head, name)
    return Container(kind=detected, zip=archive, data=data)


def open_table(data: bytes, name: str) -> Container:
    """An uploaded XLSX table (statistics, catalogue, price norms), through the same guard as
    the plan reader: macro-enabled names (.xlsm) and contents, encrypted files, bombs and
    worksheets declared larger than :data:`MAX_SHEET_CELLS` are refused."""
    if name.lower().endswith(MACRO_SUFFIXES):
        raise _macro(name)
    if sniff(data) is None:
        raise damaged(name, "XLSX")
    return open_container(data, name, expect=XLSX)


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?"')


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (letter - 64)
    return number


def _check_dimension(head: bytes, name: str) -> None:
    match = _DIMENSION.search(head, 0, head.find(b"sheetData") % (len(head) + 1))
    if match is None or match.group(3) is None:
        return
    columns = _column(match.group(3)) - _column(match.group(1) or b"A") + 1
    rows = int(match.group(4)) - int(match.group(2) or 1) + 1
    if columns > MAX_SHEET_COLUMNS or rows * columns > MAX_SHEET_CELLS:
        said = SHEET_DECLARED_TOO_LARGE.with_params(
            name=name, rows=rows, columns=columns, limit=MAX_SHEET_CELLS
        )
        raise ReadError(said)


def _read(archive: zipfile.ZipFile, part: str, name: str) -> bytes:
    try:
        return archive.read(part)
    except Exception as exc:  # BadZipFile, zlib.error, EOFError, NotImplementedError …
        raise damaged(name) from exc


def _encrypted(name: str) -> ReadError:
    return ReadError(ENCRYPTED.with_params(name=name))


def _macro(name: str) -> ReadError:
    return ReadError(MACRO.with_params(name=name))


def _too_big(name: str) -> ReadError:
    mb = MAX_UNCOMPRESSED // (1024 * 1024)
    return ReadError(TOO_BIG.with_params(name=name, limit=mb))


def _ratio(name: str) -> ReadError:
    return ReadError(RATIO.with_params(name=name, ratio=MAX_RATIO))
