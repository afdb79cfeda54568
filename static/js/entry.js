// Live preview of capaian, criterion and colour while the planner types. The server computes it with
// the same scoring rules as the scorecard; this script only sends the fields and shows the answer.
(function () {
  const form = document.getElementById("entry-form");
  if (!form) return;
  const base = form.dataset.previewBase;
  const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const timers = new Map();
  const COLOURS = ["crit-green", "crit-yellow", "crit-red", "crit-grey", "crit-none"];

  function preview(fieldset) {
    const prefix = fieldset.dataset.prefix;
    const body = new FormData();
    body.append("csrfmiddlewaretoken", token);
    for (const name of ["state", "value", "numerator", "denominator", "kendala", "rtl", "revision"]) {
      const input = fieldset.querySelector(`[name="${prefix}-${name}"]`);
      if (input) body.append(`${prefix}-${name}`, input.value);
    }
    fetch(`${base}${fieldset.dataset.indicatorId}/`, { method: "POST", body, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => {
        if (!data) return;
        const box = fieldset.querySelector(".preview");
        box.classList.remove(...COLOURS);
        box.classList.add(`crit-${data.colour}`);
        box.querySelector(".preview-capaian").textContent = data.capaian;
        box.querySelector(".preview-criterion").textContent = data.criterion;
        const valueErrors = (data.errors.value || []).concat(data.errors.numerator || []);
        box.title = valueErrors.join(" ") || data.reason;
      });
  }

  form.addEventListener("input", (event) => {
    const fieldset = event.target.closest("fieldset.indicator");
    if (!fieldset) return;
    const state = fieldset.querySelector(`[name="${fieldset.dataset.prefix}-state"]`);
    if (/-(value|numerator|denominator)$/.test(event.target.name) && state && state.value === "not_entered") {
      state.value = "number"; // typing a number means the state is "angka" (the server does the same)
    }
    clearTimeout(timers.get(fieldset));
    timers.set(fieldset, setTimeout(() => preview(fieldset), 250));
  });
  form.addEventListener("change", (event) => {
    const fieldset = event.target.closest("fieldset.indicator");
    if (fieldset && event.target.tagName === "SELECT") preview(fieldset);
  });
})();
