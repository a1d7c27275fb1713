// Shows every <time datetime="...Z"> in the reader's own terms: "3 minutes ago", with the local date as a tooltip.
(() => {
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  const units = [["year", 31536000], ["month", 2592000], ["week", 604800], ["day", 86400], ["hour", 3600], ["minute", 60], ["second", 1]];

  function relative(date) {
    const seconds = (date.getTime() - Date.now()) / 1000;
    if (Math.abs(seconds) < 45) return rtf.format(0, "second") === "now" ? "just now" : rtf.format(0, "second");
    for (const [unit, size] of units) {
      if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
    }
    return rtf.format(0, "second");
  }

  function render(root = document) {
    for (const el of root.querySelectorAll("time[datetime]")) {
      const date = new Date(el.getAttribute("datetime"));
      if (isNaN(date)) continue;
      el.textContent = relative(date);
      el.title = date.toLocaleString();
    }
  }

  window.microblogTime = { render };
  render();
  setInterval(render, 60000);
})();
