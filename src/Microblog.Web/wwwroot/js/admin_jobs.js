// The job dashboard refreshes its counts, workers and job list every two seconds by fetching the page's
// live fragment (?handler=Live) and swapping it in; polling pauses while the tab is hidden.
(() => {
  // Empty, Delete and Requeue all ask first (data-confirm on their buttons); on the document, so buttons
  // swapped in by the refresh are covered.
  document.addEventListener("submit", (e) => {
    const question = e.submitter?.dataset.confirm;
    if (question && !window.confirm(question)) e.preventDefault();
  });

  const live = document.getElementById("live");
  if (!live) return;
  const url = live.dataset.liveUrl;
  const pollMs = 2000;

  async function refresh() {
    if (!document.hidden) {
      try {
        const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } });
        // Leave the page alone while the admin is pressing one of its buttons.
        if (response.ok && !live.contains(document.activeElement)) live.innerHTML = await response.text();
      } catch {
        // Web restarting: keep the last view and try again.
      }
    }
    setTimeout(refresh, pollMs);
  }
  setTimeout(refresh, pollMs);
})();
