"""Seeded generator of large plans for the benchmarks.

``python -m bench.generate OUT.txt [--lines 5000] [--sections 50] [--seed 14]`` writes a plan in
the plain-text form of ``examples/ke-hoach-46a-KH-STTTT-2016.txt``: the same header, legal bases,
objectives, activities (with the quantities the estimate funds), funding (total in figures and
words), duties, recipients and signer, then an appendix of ``lines`` estimate lines in
``sections`` sub-sections (I, II, … under letters A, B, …; five sub-sections per letter), with a
stated subtotal on every sub-section, a "Tổng cộng" row for every letter, the grand total and
"Bằng chữ".

What is in it, so that every check has work to do:

- six kinds of line in turn, chosen by a ``random.Random(seed)``: television reports, news,
  talk shows (quantity × price), radio stories, newspaper pages, and rebroadcasts (airings ×
  airing price, in the airing columns); durations, quantities and prices drawn from small
  realistic ranges; figures written with dots (1.500.000);
- one line in 250 is a lump sum (no quantity or price) with its basis in the note;
- one line in 1,000 (the 499th, 1,499th, …) has its amount and total off by 100.000 đồng (an
  ``ARITH_LINE`` finding each, the subtotals above them adding up as stated), so the report is
  not empty.

The same arguments always give the same bytes.
"""

from __future__ import annotations

import argparse
import random
import sys
from decimal import Decimal
from pathlib import Path

from kehoach.core.money import format_vnd
from kehoach.core.words import amount_to_words

ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
PER_LETTER = 5

# (content, kind, is airing line, duration choices, quantity range, price choices)
KINDS = [
    ("Phóng sự ngắn truyền hình", "report", False, ["3 phút", "5 phút"], (2, 20),
     [1_500_000, 2_000_000]),
    ("Tin tức truyền hình", "news", False, ["1,5 phút", "2 phút"], (5, 40), [400_000, 500_000]),
    ("Tọa đàm truyền hình", "talk_show", False, ["30 phút", "50 phút"], (1, 2), [13_000_000]),
    ("Câu chuyện truyền thanh", "radio_story", False, ["15 phút"], (1, 5), [1_500_000]),
    ("Chuyên trang báo in", "newspaper_page", False, ["2 trang 4 màu"], (1, 4), [5_000_000]),
    ("Phát lại câu chuyện truyền thanh", "rebroadcast", True, ["15 phút"], (5, 30),
     [150_000, 200_000]),
]  # fmt: skip
TOPICS = [
    "về thủ tục đất đai",
    "về đăng ký kinh doanh",
    "về hộ tịch",
    "về cấp phép xây dựng",
    "về thuế điện tử",
    "về bảo hiểm xã hội",
    "về lý lịch tư pháp",
    "về cấp đổi giấy phép lái xe",
]

HEADER = """\


Số: 99/KH-STTTT

Tiền Giang, ngày 21 tháng 7 năm 2016

KẾ HOẠCH
Tuyên truyền dịch vụ công trực tuyến năm 2016 (kế hoạch lớn, sinh để đo hiệu năng)

Thực hiện Kế hoạch 37/KH-UBND ngày 25/02/2016 của Ủy ban nhân dân tỉnh Tiền Giang thực hiện \
Nghị quyết 36a/NQ-CP ngày 14/10/2015 của Chính phủ về chính quyền điện tử; Quyết định \
1237/QĐ-UBND ngày 05/5/2015 của UBND tỉnh Tiền Giang phê duyệt lộ trình cung cấp dịch vụ công \
trực tuyến của các cơ quan Nhà nước trên địa bàn tỉnh Tiền Giang 2016 - 2017;

Sở Thông tin và Truyền thông xây dựng Kế hoạch tuyên truyền dịch vụ công trực tuyến năm 2016 \
với những nội dung chính như sau:

I. MỤC TIÊU, SỰ CẦN THIẾT

- Phấn đấu đến hết năm 2016, 30% hồ sơ của các dịch vụ công mức độ 3, mức độ 4 được nộp trực \
tuyến.

II. NỘI DUNG TUYÊN TRUYỀN

Tuyên truyền về ý nghĩa của dịch vụ công trực tuyến, lợi ích mang lại khi sử dụng dịch vụ công \
trực tuyến.

III. HÌNH THỨC THÔNG TIN

1. Sản xuất các chương trình phát thanh- truyền hình và chuyên trang

"""

FOOTER = """\
V. TỔ CHỨC THỰC HIỆN

- Sở Thông tin và Truyền thông cung cấp nội dung, phối hợp với Đài Phát thanh - truyền hình và \
báo Ấp Bắc sản xuất các chuyên trang, chương trình phát thanh - truyền hình.

Trên đây là Kế hoạch Tuyên truyền dịch vụ công trực tuyến năm 2016 của Sở Thông tin và Truyền \
thông./.

Nơi nhận:

- UBND tỉnh (báo cáo);
- Báo Ấp Bắc; Đài PTTH Tiền Giang;
- Lưu: VT; KHTC, BCXB, CNTT.

Q. GIÁM ĐỐC



Trần Văn Dũng



PHỤ LỤC

Dự toán kinh phí

Tuyên truyền dịch vụ công trực tuyến năm 2016

Kế hoạch số: 99/KH-STTTT ngày 21/7/2016 của Sở Thông tin và Truyền thông

"""

COLUMNS = [
    "",
    "Nội Dung",
    "Thời lượng",
    "Số lượng",
    "Đơn giá",
    "Thành tiền",
    "Số lần phát sóng",
    "Đơn giá phát sóng",
    "Thành tiền",
    "Tổng cộng",
    "Ghi chú",
]


def _money(value: int) -> str:
    return format_vnd(Decimal(value))


def _row(*cells: str) -> str:
    values = list(cells) + [""] * (len(COLUMNS) - len(cells))
    return "\t".join(values)


def generate(lines: int = 5000, sections: int = 50, seed: int = 14) -> str:
    """The plan text: ``lines`` estimate lines spread evenly over ``sections`` sub-sections."""
    if sections < 1 or lines < sections or sections > len(LETTERS) * PER_LETTER:
        raise ValueError("need 1 ≤ sections ≤ 130 and at least one line per section")
    rng = random.Random(seed)
    per_section, extra = divmod(lines, sections)
    rows: list[str] = [_row(*COLUMNS)]
    funded: dict[str, int] = {}
    letter_totals: list[str] = []
    grand = 0
    line_index = 0
    for letter_at in range(0, sections, PER_LETTER):
        letter = LETTERS[letter_at // PER_LETTER]
        rows.append(_row(letter, f"Sản xuất và phát sóng chương trình đợt {letter_at // 5 + 1}"))
        letter_total = 0
        subs = range(letter_at, min(letter_at + PER_LETTER, sections))
        for sub in subs:
            count = per_section + (1 if sub < extra else 0)
            body: list[str] = []
            sub_total = 0
            for number in range(1, count + 1):
                line_index += 1
                content, kind, airing, durations, (low, high), prices = KINDS[
                    rng.randrange(len(KINDS))
                ]
                topic = rng.choice(TOPICS)
                duration = rng.choice(durations)
                if line_index % 250 == 0:
                    amount = rng.randrange(5, 50) * 1_000_000
                    body.append(
                        _row(
                            str(number),
                            f"Chi phí quản lý, giám sát {topic}",
                            *[""] * 7,
                            _money(amount),
                            "Định mức 500.000 đồng/ngày công theo Quyết định 1237/QĐ-UBND",
                        )
                    )
                    sub_total += amount
                    funded["management"] = funded.get("management", 0) + 1
                    continue
                quantity = rng.randint(low, high)
                price = rng.choice(prices)
                amount = quantity * price
                stated = amount + (100_000 if line_index % 1000 == 499 else 0)
                if airing:
                    cells = ["", "", "", str(quantity), _money(price), _money(stated)]
                else:
                    cells = [str(quantity), _money(price), _money(stated), "", "", ""]
                body.append(
                    _row(str(number), f"{content} {topic}", duration, *cells, _money(stated))
                )
                sub_total += stated
                funded[kind] = funded.get(kind, 0) + quantity
            roman = ROMANS[sub - letter_at]
            rows.append(_row(roman, f"Nhóm chương trình {roman} đợt {letter_at // 5 + 1}",
                             *[""] * 7, _money(sub_total)))  # fmt: skip
            rows.extend(body)
            letter_total += sub_total
        names = "+".join(ROMANS[: len(subs)])
        rows.append(_row("", f"Tổng cộng ({names})", *[""] * 7, _money(letter_total)))
        letter_totals.append(letter)
        grand += letter_total
    rows.append(_row("", f"Tổng cộng ({'+'.join(letter_totals)})", *[""] * 7, _money(grand)))
    words = amount_to_words(grand)
    rows.append("")
    rows.append(f"(Bằng chữ: {words})")
    activities = "".join(
        f"- {funded[kind]} {label},\n"
        for kind, label in [
            ("report", "phóng sự ngắn truyền hình"),
            ("news", "tin truyền hình"),
            ("talk_show", "tọa đàm truyền hình"),
            ("radio_story", "câu chuyện truyền thanh"),
            ("newspaper_page", "chuyên trang báo in"),
            ("rebroadcast", "lần phát lại câu chuyện truyền thanh"),
        ]
        if kind in funded
    )
    funding = (
        "\nIV. KINH PHÍ\n\n"
        f"- Tổng kinh phí: **{_money(grand)} đồng** (*{words}*)\n\n"
        "(*Đính kèm phụ lục kinh phí*)\n\n"
        "Chi từ nguồn kinh phí không tự chủ cấp cho sở Thông tin và Truyền thông năm 2016.\n\n"
    )
    return HEADER + activities + funding + FOOTER + "\n".join(rows) + "\n"


def write(path: Path, lines: int = 5000, sections: int = 50, seed: int = 14) -> Path:
    path.write_text(generate(lines, sections, seed), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--lines", type=int, default=5000)
    parser.add_argument("--sections", type=int, default=50)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args(argv)
    write(args.out, args.lines, args.sections, args.seed)
    sys.stdout.write(f"{args.out}: {args.lines} lines in {args.sections} sections\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
