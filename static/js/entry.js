// The month entry page (no inline script: the page is meant to run under a Content-Security-Policy).
// - Live preview of capaian, criterion, colour and data-quality warnings while the planner types: the server
//   computes them with the scorecard's rules; this script only sends the fields and shows the answer.
// - Autosave: a few seconds after the last change the whole form (without files) goes to the draft endpoint,
//   which saves through the same service as the Save button; the new revisions come back into the form so
//   that the next save does not conflict with the autosave. A Save pressed while an autosave is on its way
//   waits for it.
// - Ctrl+S (Cmd+S) saves the draft.
(function () {
  "use strict";
  const form = document.getElementById("entry-form");
  if (!form || !form.dataset.previewBase) return;
  const base = form.dataset.previewBase;
  const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const COLOURS = ["crit-green", "crit-yellow", "crit-red", "crit-grey", "crit-none"];
  const NUMBERS = ["state", "value", "numerator", "denominator", "revision"];
  const AUTOSAVE_DELAY = 4000;
  const previews = new Map();

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
    for (const input of row.querySelectorAll("[data-component]")) body.append(input.name, input.value);
    fetch(`${base}${row.dataset.indicatorId}/`, { method: "POST", body, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => data && show(row, data));
  }

  function listItems(texts) {
    return texts.map((text) => {
      const item = document.createElement("li");
      item.textContent = text;
      return item;
    });
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
    const computed = row.querySelector(".component-value"); // the value the components give (§11)
    if (computed) computed.textContent = data.value || "-";
    let errors = box.querySelector(".preview-errors");
    if (!errors) {
      errors = document.createElement("span");
      errors.className = "preview-errors";
      box.appendChild(errors);
    }
    errors.textContent = ["value", "numerator", "denominator"].flatMap((name) => data.errors[name] || []).join(" ");
    const warnings = row.querySelector(".quality-warnings");
    if (warnings) warnings.replaceChildren(...listItems(data.warnings));
    const more = row.querySelector("details.row-more");
    if (more && data.needs_narrative) more.open = true; // kendala and RTL will be needed to submit
  }

  // --- autosave ---------------------------------------------------------------------------------------
  const draftUrl = form.dataset.draftUrl;
  const status = form.querySelector(".autosave-status");
  let dirty = false;
  let stopped = false;
  let saving = null;
  let timer = null;

  function say(text) {
    if (status) status.textContent = text;
  }

  function autosave() {
    if (!dirty || stopped || saving || !draftUrl) return saving;
    dirty = false;
    const body = new FormData(form);
    for (const input of form.querySelectorAll("input[type=file]")) body.delete(input.name);
    saving = fetch(draftUrl, { method: "POST", body, credentials: "same-origin" })
      .then((response) => response.json().then((data) => ({ response, data })))
      .then(({ response, data }) => {
        for (const [prefix, revision] of Object.entries(data.revisions || {})) {
          const input = form.querySelector(`[name="${prefix}-revision"]`);
          if (input) input.value = String(revision);
        }
        if (data.stop) stopped = true;
        if (!response.ok && response.status !== 409) dirty = true; // invalid: try again after the next change
        say(data.message || "");
      })
      .catch(() => {
        dirty = true;
        say(status ? status.dataset.failed : "");
      })
      .finally(() => {
        saving = null;
      });
    return saving;
  }

  function changed() {
    dirty = true;
    say(status ? status.dataset.pending : "");
    clearTimeout(timer);
    timer = setTimeout(autosave, AUTOSAVE_DELAY);
  }

  form.addEventListener("input", (event) => {
    const row = rowOf(event.target);
    if (!row) return;
    const state = row.querySelector(`[name="${row.dataset.prefix}-state"]`);
    const typed = /-(value|numerator|denominator)$/.test(event.target.name) || event.target.dataset.component;
    if (typed && state && state.value === "not_entered") {
      state.value = "number"; // typing a number means the state is "angka" (the server does the same)
    }
    clearTimeout(previews.get(row));
    previews.set(row, setTimeout(() => preview(row), 250));
    if (event.target.type !== "file") changed();
  });
  form.addEventListener("change", (event) => {
    const row = rowOf(event.target);
    if (row && event.target.tagName === "SELECT") {
      preview(row);
      changed();
    }
  });
  form.addEventListener("submit", (event) => {
    clearTimeout(timer);
    stopped = true; // the page is leaving with everything it holds
    if (saving) {
      event.preventDefault();
      const submitter = event.submitter;
      saving.then(() => form.requestSubmit(submitter));
    }
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") autosave();
  });
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      const save = form.querySelector("button[value=save]");
      if (save) form.requestSubmit(save);
    }
  });
})();
