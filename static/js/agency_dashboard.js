// Leadership dashboard: province map, scatter, criteria and trend charts, sortable table. Data comes from the
// page (json_script#dashboard-data); every number was computed and formatted by the server. No inline script.
(function () {
  const source = document.getElementById("dashboard-data");
  if (!source) return;
  const data = JSON.parse(source.textContent);
  const FILL = { green: "#3a8a3f", yellow: "#d4a800", red: "#c0392b", grey: "#555555", none: "#ffffff" };
  const criteria = new Map(data.criteria.map((c) => [c.code, c]));

  function go(unit) {
    if (unit && unit.url) window.location.href = unit.url;
  }

  // --- map: provinces shaded by absorption, one dot per unit coloured by its criterion ---------------------
  function shade(value) {
    if (value === null || value === undefined) return "#eef1f5";
    const v = Math.max(0, Math.min(1, parseFloat(value) / 100));
    const light = 92 - Math.round(v * 55);
    return `hsl(208, 55%, ${light}%)`;
  }

  function drawMap() {
    const box = document.getElementById("province-map");
    if (!box) return;
    fetch(data.map_url, { credentials: "same-origin" })
      .then((response) => response.text())
      .then((text) => {
        const svg = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
        svg.setAttribute("width", "100%");
        const centres = new Map();
        svg.querySelectorAll("path.province").forEach((path) => {
          const name = path.dataset.name;
          const province = data.provinces[name];
          path.setAttribute("fill", shade(province ? province.absorption_aa : null));
          path.setAttribute("stroke", "#ffffff");
          path.setAttribute("stroke-width", "0.6");
          const title = path.querySelector("title");
          if (title && province) title.textContent = `${name}: ${province.text}%`;
          centres.set(name, [parseFloat(path.dataset.cx), parseFloat(path.dataset.cy)]);
        });
        const placed = new Map();
        const ns = "http://www.w3.org/2000/svg";
        data.units.forEach((unit) => {
          const centre = centres.get(unit.region);
          if (!centre) return;
          const k = placed.get(unit.region) || 0;
          placed.set(unit.region, k + 1);
          const radius = k === 0 ? 0 : 4.5 * Math.sqrt(k);
          const dot = document.createElementNS(ns, "circle");
          dot.setAttribute("cx", (centre[0] + radius * Math.cos(k * 2.4)).toFixed(1));
          dot.setAttribute("cy", (centre[1] + radius * Math.sin(k * 2.4)).toFixed(1));
          dot.setAttribute("r", "3.4");
          dot.setAttribute("fill", FILL[unit.colour] || FILL.none);
          dot.setAttribute("stroke", "#1d2430");
          dot.setAttribute("stroke-width", "0.7");
          dot.setAttribute("class", "unit-dot");
          dot.dataset.unit = unit.code;
          const title = document.createElementNS(ns, "title");
          title.textContent = `${unit.name}: ${unit.score_text}; serapan ${unit.absorption_aa_text}%`;
          dot.appendChild(title);
          if (unit.url) {
            dot.style.cursor = "pointer";
            dot.addEventListener("click", () => go(unit));
          }
          svg.appendChild(dot);
        });
        box.replaceChildren(svg);
      });
  }

  // --- charts ------------------------------------------------------------------------------------------------
  function charts() {
    if (!window.Chart) return;
    Chart.defaults.font.family = "DejaVu Sans, system-ui, sans-serif";
    Chart.defaults.animation = false;
    const points = data.units.filter((u) => u.absorption_aa !== null && u.score !== null);
    const scatter = new Chart(document.getElementById("scatter"), {
      type: "scatter",
      data: {
        datasets: [
          {
            label: "Satker",
            data: points.map((u) => ({ x: parseFloat(u.absorption_aa), y: parseFloat(u.score), unit: u })),
            pointBackgroundColor: points.map((u) => FILL[u.colour]),
            pointBorderColor: "#1d2430",
            pointRadius: 5,
          },
        ],
      },
      options: {
        maintainAspectRatio: false,
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: (ctx) => `${ctx.raw.unit.name}: ${ctx.raw.unit.score_text} / ${ctx.raw.unit.absorption_aa_text}%` } },
        },
        scales: {
          x: { title: { display: true, text: "Serapan thd pagu AA (%)" }, min: 0 },
          y: { title: { display: true, text: "Nilai kinerja (%)" }, min: 0 },
        },
        onClick: (event, elements) => {
          if (elements.length) go(points[elements[0].index]);
        },
      },
    });
    document.getElementById("scatter").dataset.points = String(points.length);
    window.sakipScatter = scatter;

    const codes = data.criteria.map((c) => c.code);
    new Chart(document.getElementById("criteria-chart"), {
      type: "bar",
      data: {
        labels: data.criteria.map((c) => c.label),
        datasets: [{ data: codes.map((code) => data.counts[code] || 0), backgroundColor: codes.map((code) => FILL[criteria.get(code).colour]) }],
      },
      options: { maintainAspectRatio: false, indexAxis: "y", plugins: { legend: { display: false } } },
    });

    new Chart(document.getElementById("trend"), {
      data: {
        labels: data.trend.map((t) => t.label),
        datasets: [
          ...codes.map((code) => ({
            type: "bar",
            label: criteria.get(code).label,
            data: data.trend.map((t) => t.counts[code] || 0),
            backgroundColor: FILL[criteria.get(code).colour],
            stack: "criteria",
            yAxisID: "y",
          })),
          {
            type: "line",
            label: "Serapan pagu AA (%)",
            data: data.trend.map((t) => (t.absorption_aa === null ? null : parseFloat(t.absorption_aa))),
            borderColor: "#0b5394",
            backgroundColor: "#0b5394",
            yAxisID: "y1",
          },
        ],
      },
      options: {
        maintainAspectRatio: false,
        plugins: { legend: { position: "bottom", labels: { boxWidth: 10, font: { size: 10 } } } },
        scales: {
          y: { stacked: true, title: { display: true, text: "Indikator" } },
          y1: { position: "right", min: 0, max: 100, grid: { drawOnChartArea: false }, title: { display: true, text: "%" } },
        },
      },
    });
  }

  // --- sortable table ----------------------------------------------------------------------------------------
  function sortable() {
    document.querySelectorAll("table.sortable").forEach((table) => {
      table.querySelectorAll("thead th").forEach((th, index) => {
        th.tabIndex = 0;
        th.classList.add("sort");
        const sort = () => {
          const body = table.tBodies[0];
          const ascending = th.dataset.order !== "asc";
          table.querySelectorAll("thead th").forEach((other) => delete other.dataset.order);
          th.dataset.order = ascending ? "asc" : "desc";
          const numeric = th.dataset.sort === "number";
          const key = (row) => {
            const cell = row.cells[index];
            const raw = cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent.trim();
            if (!numeric) return raw.toLowerCase();
            return raw === "" ? null : parseFloat(raw);
          };
          const rows = Array.from(body.rows);
          rows.sort((a, b) => {
            const x = key(a);
            const y = key(b);
            if (x === null && y === null) return 0;
            if (x === null) return 1; // empty values last, whatever the order
            if (y === null) return -1;
            const c = x < y ? -1 : x > y ? 1 : 0;
            return ascending ? c : -c;
          });
          body.append(...rows);
        };
        th.addEventListener("click", sort);
        th.addEventListener("keydown", (event) => {
          if (event.key === "Enter") sort();
        });
      });
    });
  }

  sortable();
  drawMap();
  charts();
})();
