"""load_demo's BPOM 2024: the unit tree of Lampiran II, budget lines, Lampiran I as PKs; idempotent."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budget.models import BudgetLine
from demo.loader import load_demo
from indicators.models import Goal, Indicator, MonthStatus, Realisation
from sakip.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_it_loads_every_satker_under_its_parent_with_group_and_province(bpom):
    satker = OrgUnit.objects.exclude(group="")
    assert satker.count() == 103
    assert dict(
        OrgUnit.objects.filter(code__in=["DIT-INTELIJEN", "PUSDATIN", "INSPEKTORAT-2"]).values_list(
            "code", "parent__code"
        )
    ) == {"DIT-INTELIJEN": "DEPUTI-4", "PUSDATIN": "SETTAMA", "INSPEKTORAT-2": "ITTAMA"}
    denpasar = OrgUnit.objects.get(code="BBPOM-DENPASAR")
    assert (denpasar.group, denpasar.kind, denpasar.parent.code, denpasar.city, denpasar.province) == (
        "balai_besar",
        "upt",
        "BPOM",
        "Denpasar",
        "Bali",
    )
    assert OrgUnit.objects.get(code="LOKA-MERAUKE").province == "Papua Selatan"
    assert satker.filter(kind="eselon2").count() == 30 and satker.filter(kind="upt").count() == 73


def test_it_loads_pagu_aa_as_blokir_and_the_june_realisation(bpom):
    line = BudgetLine.objects.get(unit__code="DIT-STAND-ONPPZA", year=2024, goal=None, spending_type="")
    # Lampiran II line 1556: pagu 8.581.043.000, setelah AA 8.186.009.000, realisasi 4.928.464.735
    assert (line.pagu, line.available) == (Decimal(8581043000), Decimal(8186009000))
    assert line.realisations.get(month=6).amount == Decimal(4928464735)
    types = BudgetLine.objects.filter(unit__code="BPOM", year=2024).exclude(spending_type="")
    assert sorted(types.values_list("spending_type", flat=True)) == ["barang", "modal", "pegawai"]


def test_it_loads_lampiran_i_as_the_pk_of_the_unit_running_each_kegiatan(bpom):
    assert Indicator.objects.filter(code__startswith="L1-").count() == 460
    goal = Goal.objects.get(unit__code="DIT-INTELIJEN", year=2024)
    assert (goal.level, goal.name, goal.parent_goal.name) == (
        "activity",
        "1.3 Intelijen Obat dan Makanan",
        "Program Pengawasan Obat dan Makanan",
    )
    assert goal.indicators.filter(visibility="restricted").count() == 10
    assert Realisation.objects.get(indicator__code="L1-350", month=6).value == Decimal("4.2112")
    assert set(MonthStatus.objects.filter(year=2024).values_list("state", flat=True)) == {"locked"}


def test_a_second_load_writes_nothing(bpom):
    counts = load_demo()
    assert not any(counts.values()), {k: v for k, v in counts.items() if v}
