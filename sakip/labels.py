"""User-facing words for the codes scoring.py returns."""

from django.utils.translation import gettext_lazy as _

from sakip.scoring import Reason

REASON_LABELS = {
    Reason.NO_TARGET: _("tidak ada target pada periode ini"),
    Reason.TARGET_ZERO: _("target 0"),
    Reason.NOT_ENTERED: _("realisasi belum diisi"),
    Reason.YEAR_END: _("diukur akhir tahun"),
    Reason.IN_PROCESS: _("dalam proses"),
    Reason.NOTHING_MEASURED: _("tidak ada indikator yang diukur"),
    Reason.NO_BUDGET: _("tidak ada anggaran"),
    Reason.NO_INPUT: _("realisasi anggaran 0"),
    Reason.NO_OUTPUT: _("output tidak dapat dihitung"),
    Reason.ZERO_REALISATION: _("realisasi 0 (T/R tidak terdefinisi)"),
    Reason.NO_AGREEMENT: _("belum ada Perjanjian Kinerja"),
    Reason.NOT_VERIFIED: _("bulan belum disetujui"),
    Reason.RESTRICTED: _("terbatas"),
    Reason.NOT_BROKEN_DOWN: _("tidak dirinci di sumber"),
}
