"""Words people read in the audit trail: field names, values, actions and event details, instead of
model and `*_id` names, raw choices and "97.0000"."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Field, ForeignKey, Model
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from indicators.models import MonthStatus
from sakip.formatting import format_number
from sakip.models import OrgUnit

# AuditEvent.action -> what happened. Unknown actions are shown as they are.
ACTION_LABELS = {
    "month.save": _("Realisasi disimpan"),
    "month.submit": _("Bulan diajukan"),
    "month.approve": _("Bulan disetujui"),
    "month.return": _("Bulan dikembalikan"),
    "month.lock": _("Bulan dikunci"),
    "month.reopen": _("Bulan dibuka kembali"),
    "evidence.download": _("Bukti dukung diunduh"),
    "report.request": _("Lapkin diminta"),
    "report.retry": _("Lapkin dibuat ulang"),
    "report.finalise": _("Lapkin difinalkan"),
    "report.download": _("Lapkin diunduh"),
    "import.pk_rapk": _("Impor PK + RAPK"),
    "import.budget": _("Impor anggaran"),
    "import.realisations": _("Impor realisasi"),
    "import.omspan": _("Impor realisasi anggaran OMSPAN"),
    "import.rejected": _("Impor ditolak"),
    "export.pk_rapk": _("Ekspor PK + RAPK"),
    "export.budget": _("Ekspor anggaran"),
    "export.realisations": _("Ekspor realisasi"),
    "export.scorecard": _("Ekspor kartu skor"),
    "export.omspan": _("Ekspor OMSPAN/SAKTI"),
    "export.smart": _("Ekspor SMART DJA"),
    "export.krisna": _("Ekspor KRISNA"),
    "export.emonev": _("Ekspor e-Monev Bappenas"),
    "audit.export": _("Ekspor jejak audit"),
}
# AuditEvent.detail keys -> label. Unknown keys are shown as they are.
DETAIL_LABELS = {
    "before": _("Status sebelum"),
    "after": _("Status sesudah"),
    "late": _("Terlambat"),
    "reason": _("Alasan"),
    "comments": _("Komentar per IKU"),
    "indicators": _("IKU"),
    "file": _("Berkas"),
    "kind": _("Jenis"),
    "problems": _("Jumlah kesalahan"),
    "first": _("Kesalahan pertama"),
    "format": _("Format"),
    "rows": _("Baris"),
    "query": _("Filter"),
    "sha256": _("SHA-256"),
    "overrides": _("Perubahan bulan yang sudah dilaporkan"),
}
YES, NO = _("ya"), _("tidak")
# Foreign keys declared without a verbose name would show their English field name.
FIELD_NAMES = {
    "indicator": _("IKU"),
    "agreement": _("Versi PK"),
    "unit": _("Unit"),
    "goal": _("Sasaran"),
    "line": _("Baris anggaran"),
    "realisation": _("Realisasi"),
    "month_status": _("Status bulan"),
    "policy": _("Kebijakan skor"),
    "submitted_by": _("Diajukan oleh"),
    "reviewed_by": _("Direviu oleh"),
    "author": _("Penulis"),
    "uploaded_by": _("Diunggah oleh"),
    "requested_by": _("Diminta oleh"),
    "finalised_by": _("Difinalkan oleh"),
    "updated_by": _("Diubah oleh"),
}


def local_time(value: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(value), "j M Y H:i")


def plain_number(value: Decimal) -> str:
    """97.0000 -> '97'; 1234.5 -> '1.234,5': every significant digit, Indonesian separators."""
    exponent = value.normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return format_number(value, places)


def value_text(field: Field | None, value: Any, related: dict[Any, str] | None = None) -> str:  # type: ignore[type-arg]
    if value is None or value == "":
        return ""
    if related is not None and value in related:
        return related[value]
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(YES if value else NO)
    if isinstance(value, Decimal):
        return plain_number(value)
    if isinstance(value, dt.datetime):
        return local_time(value)
    if isinstance(value, dt.date):
        return formats.date_format(value, "j M Y")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {item}" for key, item in value.items())
    return str(value)


def field_label(model: type[Model], attname: str) -> str:
    field = field_of(model, attname)
    if field is None:
        return attname
    automatic = field.verbose_name == field.name.replace("_", " ")
    name = str(FIELD_NAMES.get(field.name, field.verbose_name) if automatic else field.verbose_name)
    return name[:1].upper() + name[1:]


def field_of(model: type[Model], attname: str) -> Field | None:  # type: ignore[type-arg]
    return next((f for f in model._meta.concrete_fields if f.attname == attname), None)


def _describe(obj: Model) -> str:
    if isinstance(obj, OrgUnit):
        return obj.code
    if isinstance(obj, get_user_model()):
        return obj.get_username()
    number = getattr(obj, "number", None)
    if obj._meta.model_name == "indicator" and number is not None:
        return f"IKU {number}"
    return str(obj)


def foreign_labels(model: type[Model], records: Iterable[Any], attnames: Iterable[str]) -> dict[str, dict[Any, str]]:
    """attname -> {id: label} for the foreign keys among `attnames`, one query per related model."""
    wanted: dict[type[Model], set[Any]] = defaultdict(set)
    keys: dict[str, type[Model]] = {}
    for attname in attnames:
        field = field_of(model, attname)
        if isinstance(field, ForeignKey):
            target = field.related_model
            assert isinstance(target, type)
            keys[attname] = target
            wanted[target] |= {getattr(r, attname) for r in records if getattr(r, attname) is not None}
    labels = {
        target: {obj.pk: _describe(obj) for obj in target._default_manager.filter(pk__in=ids)}
        for target, ids in wanted.items()
        if ids
    }
    return {attname: labels.get(target, {}) for attname, target in keys.items()}


def object_type_label(label: str) -> str:
    """'indicators.MonthStatus' -> 'Status bulan' (the model's verbose name)."""
    if not label:
        return ""
    try:
        name = str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label
    return name[:1].upper() + name[1:]


def detail_text(key: str, value: Any) -> str:
    if key in ("before", "after"):
        return str(dict(MonthStatus.State.choices).get(value, value))
    return value_text(None, value)
