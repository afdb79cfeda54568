"""The planner's form for one recommendation's follow-up in a quarter (the service checks the same rules)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.followup import FollowUp
from indicators.followup_workflow import FollowUpInput, input_problems
from indicators.models import RecommendationStatus

EMPTY_PLAN_SLOTS = 2


class FollowUpForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    status = forms.ChoiceField(label=_("Status"), choices=RecommendationStatus.Status.choices, widget=forms.RadioSelect)
    done_on = forms.DateField(
        label=_("Tanggal selesai"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    evidence = forms.CharField(label=_("Bukti"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    outcome = forms.CharField(label=_("Hasil"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, follow_up: FollowUp, **kwargs: Any) -> None:
        shown = follow_up.shown
        plans = list(shown.action_plans.all()) if shown else []
        kwargs.setdefault("prefix", f"r{follow_up.recommendation.pk}")
        kwargs.setdefault(
            "initial",
            {
                "revision": follow_up.current.revision if follow_up.current else 0,
                "status": shown.status if shown else RecommendationStatus.Status.NOT_YET,
                "done_on": shown.done_on if shown else None,
                "evidence": shown.evidence if shown else "",
                "outcome": shown.outcome if shown else "",
                **{f"plan_{i}": plan.text for i, plan in enumerate(plans)},
                **{f"timeline_{i}": plan.timeline for i, plan in enumerate(plans)},
            },
        )
        super().__init__(*args, **kwargs)
        self.plan_slots = len(plans) + EMPTY_PLAN_SLOTS
        for i in range(self.plan_slots):
            self.fields[f"plan_{i}"] = forms.CharField(label=_("Rencana aksi"), required=False, max_length=2000)
            self.fields[f"timeline_{i}"] = forms.CharField(label=_("Jadwal"), required=False, max_length=100)

    def plan_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"plan_{i}"], self[f"timeline_{i}"]) for i in range(self.plan_slots)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "status" in data:
            for name, message in input_problems(self.as_input(data)).items():
                self.add_error(name if name in self.fields else None, message)
        return data

    def as_input(self, data: dict[str, Any] | None = None) -> FollowUpInput:
        data = self.cleaned_data if data is None else data
        plans = [(data.get(f"plan_{i}") or "", data.get(f"timeline_{i}") or "") for i in range(self.plan_slots)]
        return FollowUpInput(
            status=data.get("status", ""),
            done_on=data.get("done_on"),
            evidence=data.get("evidence", ""),
            outcome=data.get("outcome", ""),
            plans=plans,
        )
