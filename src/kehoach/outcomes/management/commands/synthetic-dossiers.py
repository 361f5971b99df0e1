"""``kehoach synthetic-dossiers OUT`` writes SYNTHETIC dossier records (CSV or Parquet) from the
seeded generator; ``--load`` replaces the organisation's statistics with their monthly table.
Every parameter is printed, and the output is labelled SYNTHETIC."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
from django.core.management.base import CommandParser
from django.utils.translation import gettext_noop

from kehoach.core.messages import Message
from kehoach.outcomes.demo import load_statistics
from kehoach.outcomes.management.commands._common import organisation
from kehoach.outcomes.models import MonthlyStat
from kehoach.outcomes.synthetic import SyntheticParams, dossier_query
from kehoach.web.language import SaidHelp, command_help, for_command, say

OUT = Message("cli.synthetic.out", gettext_noop("tệp .csv hoặc .parquet"))
ROWS = Message("cli.synthetic.rows", gettext_noop("số hồ sơ (mặc định: theo tháng × số tháng)"))
EFFECT = Message(
    "cli.synthetic.effect",
    gettext_noop("cộng vào tỷ lệ trực tuyến trong chiến dịch (mặc định 0: không có hiệu ứng)"),
)
LOAD = Message("cli.synthetic.load", gettext_noop("nạp vào số liệu của cơ quan"))
ORG = Message("cli.synthetic.org", gettext_noop("mã cơ quan khi --load"))
WRITTEN = Message("cli.synthetic.written", gettext_noop("Đã ghi {path} (SYNTHETIC)."))
LOADED = Message(
    "cli.synthetic.loaded", gettext_noop("Đã nạp {count} dòng số liệu tháng (SYNTHETIC).")
)


class Command(SaidHelp):
    about = Message("cli.synthetic.help", gettext_noop("Sinh hồ sơ tổng hợp (SYNTHETIC)."))

    def add_arguments(self, parser: CommandParser) -> None:
        defaults = SyntheticParams()
        parser.add_argument("out", nargs="?", help=command_help(OUT))
        parser.add_argument("--rows", type=int, help=command_help(ROWS))
        parser.add_argument("--seed", type=int, default=defaults.seed)
        parser.add_argument("--dossiers-per-month", type=int, default=defaults.dossiers_per_month)
        parser.add_argument("--online-rate-start", default=str(defaults.online_rate_start))
        parser.add_argument("--trend-per-month", default=str(defaults.trend_per_month))
        parser.add_argument(
            "--campaign-effect",
            default=str(defaults.campaign_effect),
            help=command_help(EFFECT),
        )
        parser.add_argument("--load", action="store_true", help=command_help(LOAD))
        parser.add_argument("--org", help=command_help(ORG))

    def handle(self, *args: Any, **options: Any) -> None:

        params = SyntheticParams(
            seed=options["seed"],
            dossiers_per_month=options["dossiers_per_month"],
            online_rate_start=Decimal(options["online_rate_start"]),
            trend_per_month=Decimal(options["trend_per_month"]),
            campaign_effect=Decimal(options["campaign_effect"]),
        )
        language = for_command(options)
        self.stdout.write(params.describe(language))
        if options["out"]:
            out = Path(options["out"])
            kind = "FORMAT PARQUET" if out.suffix.lower() == ".parquet" else "FORMAT CSV, HEADER"
            target = str(out).replace("'", "''")
            connection = duckdb.connect()
            connection.execute("SET enable_progress_bar_print = false")
            connection.execute(
                f"COPY ({dossier_query(params, options['rows'])}) TO '{target}' ({kind})"
            )
            connection.close()
            self.stdout.write(say(WRITTEN.with_params(path=str(out)), language))
        if options["load"]:
            org = organisation(options["org"])
            MonthlyStat.objects.filter(organisation=org, synthetic=True).delete()
            count = load_statistics(org, params, replace=True)
            self.stdout.write(say(LOADED.with_params(count=count), language))
