"""``manage.py annual_report --year Y [--format pdf|xlsx|json] [--output PATH]``: the annual
business report (REG-01) for year Y (Beijing calendar year). Without ``--output`` JSON goes
to standard output and a PDF or XLSX to ``rencai-annual-report-Y.<format>``. A bad year or
format is a clear error with exit code 1."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rencai.core.errors import DomainError
from rencai.inspection.annual_report import (
    build_annual_report,
    parse_year,
    render_pdf,
    render_xlsx,
)

FORMATS = ("json", "pdf", "xlsx")


class Command(BaseCommand):
    help = "Generate the annual business report (REG-01) for a year."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", required=True, help="The calendar year, e.g. 2025.")
        parser.add_argument("--format", default="json", help="json (default), pdf or xlsx.")
        parser.add_argument("--output", default="", help="The file to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            year = parse_year(options["year"])
        except DomainError as error:
            raise CommandError(f"{error.code}: {error.message}") from None
        fmt = str(options["format"]).lower()
        if fmt not in FORMATS:
            raise CommandError(
                f"report_format_invalid: --format must be one of {', '.join(FORMATS)}"
            )
        report = build_annual_report(year)
        if fmt == "json":
            text = json.dumps(report.as_json(), ensure_ascii=False, indent=2)
            if not options["output"]:
                self.stdout.write(text)
                return
            data = text.encode("utf-8")
        else:
            data = render_pdf(report) if fmt == "pdf" else render_xlsx(report)
        path = Path(options["output"] or f"rencai-annual-report-{year}.{fmt}")
        try:
            path.write_bytes(data)
        except OSError as error:
            raise CommandError(f"cannot write {path}: {error.strerror}") from None
        self.stdout.write(f"annual report {year} written to {path} ({len(data)} bytes)")
