// The dashboard's throughput charts: each .chart[data-url] fetches its series (/admin/stats/...) every
// data-refresh-ms and redraws with uPlot (wwwroot/lib/uplot, vendored from npm). Polling pauses in a hidden tab.
(() => {
  const height = 180;
  // The dashboard stays English, its numbers too: uPlot would write them in the browser's locale ("12.345" in Spanish).
  const english = new Intl.NumberFormat("en-US");
  const count = (u, value, seriesIdx, dataIdx) => dataIdx == null ? "--" : value == null ? "" : english.format(value);
  const series = [
    {},
    { label: "finished", stroke: "#198754", fill: "rgba(25, 135, 84, 0.12)", width: 1.5, value: count },
    { label: "failed", stroke: "#dc3545", fill: "rgba(220, 53, 69, 0.12)", width: 1.5, value: count },
  ];
  const axes = [{}, { values: (u, splits) => splits.map((v) => english.format(v)) }];

  function chart(el) {
    let plot;
    async function refresh() {
      if (!document.hidden) {
        try {
          const response = await fetch(el.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } });
          if (response.ok) {
            const d = await response.json();
            const data = [d.finished.map((_, i) => d.start + i * d.step), d.finished, d.failed];
            if (plot) plot.setData(data);
            else plot = new uPlot({ width: el.clientWidth || 300, height, series, axes, scales: { y: { range: (u, min, max) => [0, Math.max(1, max)] } } }, data, el);
            // For tests and the curious: what the chart now shows.
            el.dataset.finished = d.finished.reduce((a, b) => a + b, 0);
            el.dataset.failed = d.failed.reduce((a, b) => a + b, 0);
          }
        } catch {
          // Web restarting: keep the last picture and try again.
        }
      }
      setTimeout(refresh, Number(el.dataset.refreshMs) || 5000);
    }
    window.addEventListener("resize", () => plot?.setSize({ width: el.clientWidth, height }));
    refresh();
  }

  document.querySelectorAll(".chart[data-url]").forEach(chart);
})();
