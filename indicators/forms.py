"""The planner's form for one indicator's realisation in one month."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from indicators.models import Component, ComponentValue, Indicator, Realisation
from sakip import scoring
from sakip.filetypes import content_matches
from sakip.formatting import format_number
from sakip.numbers import Capacity, DoesNotFit, NotANumber, check_fits, parse_id_number
from sakip.validation import capacity_of, misfit_message, portable

EVIDENCE_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "csv": "text/csv",
}
EVIDENCE_KINDS = {  # what a file of each extension must be (sakip.filetypes checks its content)
    "pdf": _("dokumen PDF"),
    "png": _("gambar PNG"),
    "jpg": _("gambar JPEG"),
    "jpeg": _("gambar JPEG"),
    "doc": _("dokumen Word"),
    "docx": _("dokumen Word"),
    "xls": _("lembar kerja Excel"),
    "xlsx": _("lembar kerja Excel"),
    "ppt": _("presentasi PowerPoint"),
    "pptx": _("presentasi PowerPoint"),
    "csv": _("teks CSV"),
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


def is_percentage(indicator: Indicator) -> bool:
    return indicator.unit_of_measure.strip().startswith("%")


COMPONENT_COLUMNS = {"": "value", "num": "numerator", "den": "denominator"}


def component_fields(component: Component) -> list[tuple[str, str]]:
    """The form fields of one component: numerator and denominator, or one value."""
    if component.uses_ratio:
        return [
            (f"k{component.id}_num", _("%(code)s pembilang") % {"code": component.code}),
            (f"k{component.id}_den", _("%(code)s penyebut") % {"code": component.code}),
        ]
    return [(f"k{component.id}", str(component.code))]


def parse_value(indicator: Indicator, text: str) -> Decimal:
    """A typed realisation: an Indonesian number, or a qualitative word the indicator maps (WTP -> 4)."""
    for word, number in indicator.qualitative_map.items():
        if text.strip().casefold() == str(word).casefold():
            return Decimal(str(number))
    return parse_id_number(text)


class RealisationForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (Realisation.State.NUMBER, _("Angka")),
            (Realisation.State.IN_PROCESS, _("Dalam proses")),
            (Realisation.State.YEAR_END, _("Akhir tahun")),
            (Realisation.State.NOT_ENTERED, _("Belum diisi")),
        ],
    )
    value = forms.CharField(label=_("Realisasi s.d. bulan ini"), required=False, max_length=40)
    numerator = forms.CharField(label=_("Pembilang"), required=False, max_length=40)
    denominator = forms.CharField(label=_("Penyebut"), required=False, max_length=40)
    analysis = forms.CharField(label=_("Analisis"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    kendala = forms.CharField(label=_("Kendala"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    rtl = forms.CharField(label=_("Rencana tindak lanjut"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    rtl_status = forms.ChoiceField(
        label=_("Status RTL"), required=False, choices=[("", "-"), ("proses", _("Proses")), ("selesai", _("Selesai"))]
    )
    activities = forms.CharField(
        label=_("Kegiatan yang dilakukan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = MultipleFileField(label=_("Bukti dukung"), required=False)
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(
        self,
        *args: Any,
        indicator: Indicator,
        target: Decimal | None,
        criteria: tuple[scoring.Band, ...],
        components: Sequence[Component] = (),
        month: int = 1,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.month = month
        self.components = list(components)
        self.computed: scoring.Computed | None = None  # the value from the components, when they give one
        for component in self.components:
            for name, label in component_fields(component):
                self.fields[name] = forms.CharField(
                    label=label, required=False, max_length=40, widget=forms.TextInput(attrs={"data-component": "1"})
                )
        self.target = target
        self.criteria = criteria
        self.scored_value: Decimal | None = None
        self.ratio: Decimal | None = None  # numerator / denominator x 100, when both are given
        self.capaian = scoring.Outcome.missing(scoring.Reason.NOT_ENTERED)
        self.criterion = scoring.NOT_DETERMINED

    def _number(self, name: str) -> Decimal | None:
        text = self.cleaned_data.get(name, "")
        if not text:
            return None
        try:
            number = parse_value(self.indicator, text) if name == "value" else parse_id_number(text)
        except NotANumber:
            self.add_error(name, _("“%(text)s” bukan angka. Contoh: 1.234,56 atau 96%%.") % {"text": text})
            return None
        return self._fitting(name, number, self._capacity(name))

    def _capacity(self, name: str) -> Capacity:
        """What the indicator allows for a number the planner typed; a stored number shown again and left as
        it was is only checked against its column, so that an old value never blocks the whole month."""
        model: type[Realisation | ComponentValue] = Realisation
        if name.startswith("k"):  # a component: k<id>, k<id>_num, k<id>_den
            model, name_in_model = ComponentValue, COMPONENT_COLUMNS[name.rpartition("_")[2] if "_" in name else ""]
        else:
            name_in_model = name
        if name in self.changed_data:
            return self.indicator.capacity(model, name_in_model)
        return portable(capacity_of(model, name_in_model))

    def _fitting(self, name: str, number: Decimal, capacity: Capacity, message: str = "%s") -> Decimal | None:
        try:
            return check_fits(number, capacity)
        except DoesNotFit as error:
            self.add_error(name, message % misfit_message(error))
            return None

    def clean_evidence(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data.get("evidence") or []
        limit = settings.SAKIP_EVIDENCE_MAX_BYTES
        for upload in files:
            name = upload.name or ""
            extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
            if extension not in EVIDENCE_TYPES:
                raise forms.ValidationError(
                    _("%(name)s: jenis berkas tidak diizinkan (PDF, gambar, atau dokumen Office).") % {"name": name}
                )
            if upload.size and upload.size > limit:
                raise forms.ValidationError(
                    _("%(name)s lebih besar dari batas %(limit)s MB.")
                    % {"name": name, "limit": format_number(Decimal(limit) / 1024 / 1024, 0)}
                )
            if not content_matches(upload, extension):
                raise forms.ValidationError(
                    _(
                        "%(name)s: isinya bukan %(kind)s seperti yang ditunjukkan namanya (.%(extension)s), jadi "
                        "tidak diterima. Tidak ada yang disimpan; lampirkan berkas aslinya."
                    )
                    % {"name": name, "kind": EVIDENCE_KINDS[extension], "extension": extension}
                )
        return files

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        state = data.get("state")
        value = self._number("value")
        numerator = self._number("numerator")
        denominator = self._number("denominator")
        data["value"], data["numerator"], data["denominator"] = value, numerator, denominator
        for component in self.components:
            for name, _label in component_fields(component):
                data[name] = self._number(name)
        typed_components = any(
            name in self.changed_data for c in self.components for name, _label in component_fields(c)
        )
        if state == Realisation.State.NOT_ENTERED and (value is not None or numerator is not None or typed_components):
            state = data["state"] = Realisation.State.NUMBER  # the planner typed a number without picking a state
        if state != Realisation.State.NUMBER:
            data["value"] = None
            if state:
                reason = Realisation(state=state).missing_reason()
                self.capaian = scoring.achievement(None, self.target, missing_reason=reason)
            return data
        if numerator is not None or denominator is not None:
            self.ratio = self._ratio(numerator, denominator)
            if value is None and (is_percentage(self.indicator) or self.indicator.method == scoring.Method.RATIO):
                value = data["value"] = self.ratio
            elif value is not None and self.ratio is not None and self.indicator.method == scoring.Method.RATIO:
                self._refuse_contradiction(value, self.ratio)
        value = self._from_components(value, data)
        if value is None:
            if not self.errors:
                self.add_error("value", _("Isi realisasi, atau pilih status lain."))
            return data
        self._check_scale(value)
        self.scored_value = value
        self.capaian = scoring.achievement(
            value,
            self.target,
            scoring.Polarity(self.indicator.polarity),
            scoring.LowerIsBetterRule(self.indicator.lower_rule),
        )
        self.criterion = scoring.criterion(self.capaian, self.criteria)
        return data

    def component_inputs(self) -> list[scoring.ComponentValue]:
        """The components as typed (cleaned), for sakip.scoring."""
        data = getattr(self, "cleaned_data", {})
        return [
            scoring.ComponentValue(
                component.code,
                component.weight,
                data.get(f"k{component.id}"),
                data.get(f"k{component.id}_num"),
                data.get(f"k{component.id}_den"),
            )
            for component in self.components
        ]

    def _from_components(self, value: Decimal | None, data: dict[str, Any]) -> Decimal | None:
        """The value the components give (§11): it replaces a blank value; a typed value must agree with it."""
        if not self.components or self.errors:
            return value
        computed = scoring.indicator_value(
            scoring.Method(self.indicator.method), self.component_inputs(), self.month, self.indicator.formula
        )
        if computed.value is None:
            return value
        self.computed = computed
        column = portable(capacity_of(Realisation, "value"))
        if value is not None:
            self._refuse_contradiction(value, computed.value)
        data["value"] = self._fitting("value", scoring.round_half_up(computed.value, column.decimal_places), column)
        return computed.value  # capaian from the unrounded value

    def _refuse_contradiction(self, typed: Decimal, computed: Decimal) -> None:
        places = self.indicator.decimals
        if scoring.round_half_up(typed, places) != scoring.round_half_up(computed, places):
            self.add_error(
                "value",
                _(
                    "Nilai %(typed)s tidak sesuai dengan komponennya, yang memberi %(computed)s. Kosongkan realisasi "
                    "atau perbaiki komponen."
                )
                % {"typed": format_number(typed, places), "computed": format_number(computed, places)},
            )

    def _ratio(self, numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
        """numerator / denominator x 100 as stored; the numerator may exceed the denominator (25 of 23 = 108.70%)."""
        if numerator is None or denominator is None:
            self.add_error("denominator" if numerator is not None else "numerator", _("Isi pembilang dan penyebut."))
            return None
        if denominator <= 0:
            self.add_error("denominator", _("Penyebut harus lebih dari 0."))
            return None
        ratio = scoring.ratio_percent(numerator, denominator).value
        assert ratio is not None  # the denominator is not 0
        column = portable(capacity_of(Realisation, "value"))
        stored = scoring.round_half_up(ratio, column.decimal_places)
        return self._fitting("numerator", stored, column, str(_("Pembilang ÷ penyebut × 100: %s")))

    def _check_scale(self, value: Decimal) -> None:
        low, high = self.indicator.scale_min, self.indicator.scale_max
        if (low is not None and value < low) or (high is not None and value > high):
            self.add_error(
                "value",
                _("Nilai di luar skala indikator (%(low)s – %(high)s).")
                % {
                    "low": format_number(low) if low is not None else "…",
                    "high": format_number(high) if high is not None else "…",
                },
            )
