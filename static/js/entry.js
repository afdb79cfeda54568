// The month entry page: live preview of capaian, criterion and colour while the planner types (the server
// computes it with the scorecard's rules; this script only sends the fields and shows the answer).
(function () {
  "use strict";
  const form = document.getElementById("entry-form");
  if (!form || !form.dataset.previewBase) return;
  const base = form.dataset.previewBase;
  const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const timers = new Map();
  const COLOURS = ["crit-green", "crit-yellow", "crit-red", "crit-grey", "crit-none"];
  const NUMBERS = ["state", "value", "numerator", "denominator", "revision"];

  function rowOf(element) {
    return element.closest("fieldset.indicator");
  }

  function preview(row) {
    const prefix = row.dataset.prefix;
    const body = new FormData();
    body.append("csrfmiddlewaretoken", token);
    for (const name of NUMBERS) {
      const input = row.querySelector(`[name="${prefix}-${name}"]`);
      if (input) body.append(`${prefix}-${name}`, input.value);
    }
    fetch(`${base}${row.dataset.indicatorId}/`, { method: "POST", body, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => data && show(row, data));
  }

  function show(row, data) {
    const box = row.querySelector(".preview");
    box.classList.remove(...COLOURS);
    box.classList.add(`crit-${data.colour}`);
    box.querySelector(".preview-capaian").textContent = data.capaian;
    box.querySelector(".preview-criterion").textContent = data.criterion;
    box.title = data.reason;
    const value = box.querySelector(".preview-value");
    if (value) value.textContent = data.value || "-";
    let errors = box.querySelector(".preview-errors");
    if (!errors) {
      errors = document.createElement("span");
      errors.className = "preview-errors";
      box.appendChild(errors);
    }
    errors.textContent = ["value", "numerator", "denominator"].flatMap((name) => data.errors[name] || []).join(" ");
    const warnings = row.querySelector(".quality-warnings");
    if (warnings) {
      warnings.replaceChildren(
        ...data.warnings.map((text) => {
          const item = document.createElement("li");
          item.textContent = text;
          return item;
        }),
      );
    }
  }

  form.addEventListener("input", (event) => {
    const row = rowOf(event.target);
    if (!row) return;
    const state = row.querySelector(`[name="${row.dataset.prefix}-state"]`);
    if (/-(value|numerator|denominator)$/.test(event.target.name) && state && state.value === "not_entered") {
      state.value = "number"; // typing a number means the state is "angka" (the server does the same)
    }
    clearTimeout(timers.get(row));
    timers.set(row, setTimeout(() => preview(row), 250));
  });
  form.addEventListener("change", (event) => {
    const row = rowOf(event.target);
    if (row && event.target.tagName === "SELECT") preview(row);
  });
})();
