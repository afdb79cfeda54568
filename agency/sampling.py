"""Totals of the sampling tables (Tabel 1 and 2 of the digest): the headline "samples tested" and the share of
tested samples that failed (TMS), computed from the imported rows, never typed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from agency.models import SamplingResult
from sakip import scoring


@dataclass
class SamplingTotal:
    table: str
    sampled: int  # Σ a
    finished: int  # Σ j: examined and tested to standard
    tested: int  # Σ e
    failed: int  # Σ g: TMS among the tested

    @property
    def failed_share(self) -> scoring.Outcome:
        return scoring.ratio_percent(Decimal(self.failed), Decimal(self.finished))


def sampling_totals(rows: list[SamplingResult]) -> list[SamplingTotal]:
    totals = []
    for table, _label in SamplingResult.Table.choices:
        mine = [r for r in rows if r.table == table]
        if mine:
            totals.append(
                SamplingTotal(
                    table=table,
                    sampled=sum(r.a_jumlah_sampling or 0 for r in mine),
                    finished=sum(r.j_diperiksa_diuji_sesuai_standar or 0 for r in mine),
                    tested=sum(r.e_diuji or 0 for r in mine),
                    failed=sum(r.g_tms or 0 for r in mine),
                )
            )
    return totals
