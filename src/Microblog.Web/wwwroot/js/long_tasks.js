// The /long_tasks page: starts demo tasks through the task API and follows each one by polling its
// status URL (flask-celery-example's update_progress), until it reports a result or an error. Its own words come
// from the root's data-word-* attributes, in the page's language ("{0}" marks where a value goes).
(() => {
  const root = document.getElementById("long-tasks");
  if (!root) return;
  const words = root.dataset;
  const fill = (format, value) => format.replace("{0}", value);
  const list = document.getElementById("long-task-list");
  const template = document.getElementById("long-task-template");
  const errorBox = document.getElementById("long-task-error");
  const pollMs = 500;

  function showError(message) {
    errorBox.textContent = message;
    errorBox.classList.toggle("d-none", !message);
  }

  function render(card, task) {
    const bar = card.querySelector(".progress-bar");
    const percent = Math.max(0, Math.min(100, task.state === "completed" ? 100 : task.progress));
    bar.style.width = `${percent}%`;
    card.querySelector(".progress").setAttribute("aria-valuenow", percent);
    card.querySelector(".percent").textContent = percent;
    card.querySelector(".status").textContent = task.status;
    card.dataset.state = task.state;
    const result = card.querySelector(".result");
    if (task.state === "completed") {
      bar.classList.remove("progress-bar-animated", "progress-bar-striped");
      bar.classList.add("bg-success");
      result.textContent = fill(words.wordResult, JSON.stringify(task.result));
      return true;
    }
    if (task.error !== undefined || ["failed", "canceled", "stopped"].includes(task.state)) {
      bar.classList.remove("progress-bar-animated", "progress-bar-striped");
      bar.classList.add("bg-danger");
      result.textContent = fill(words.wordError, task.error ?? task.state);
      result.classList.add("text-danger");
      return true;
    }
    return false;
  }

  function follow(statusUrl) {
    const card = template.content.firstElementChild.cloneNode(true);
    const link = card.querySelector(".status-url");
    link.href = statusUrl;
    link.textContent = statusUrl;
    card.dataset.statusUrl = statusUrl;
    list.appendChild(card);

    async function poll() {
      try {
        const response = await fetch(statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" });
        if (response.status === 404) {
          render(card, { state: "failed", progress: 0, status: words.wordGone, error: words.wordNoLongerExists });
          return;
        }
        if (response.ok && render(card, await response.json())) return;
      } catch {
        // A restart or a dropped connection: the next poll tries again.
      }
      setTimeout(poll, pollMs);
    }
    poll();
  }

  async function start() {
    showError("");
    let response;
    try {
      response = await fetch(root.dataset.startUrl, {
        method: "POST",
        headers: { Accept: "application/json", RequestVerificationToken: root.dataset.csrfToken },
        credentials: "same-origin",
      });
    } catch {
      showError(words.wordUnreachable);
      return;
    }
    if (response.status === 202) {
      follow(response.headers.get("Location"));
      return;
    }
    const body = await response.json().catch(() => ({}));
    showError(body.error ?? fill(words.wordNotStarted, response.status));
  }

  document.getElementById("start-long-tasks").addEventListener("click", async () => {
    const count = Math.max(1, Math.min(5, parseInt(document.getElementById("how-many").value, 10) || 1));
    await Promise.all(Array.from({ length: count }, start));
  });

  for (const id of (root.dataset.running || "").split(",").filter(Boolean)) follow(`/api/tasks/${id}`);
})();
