// The live task alerts rendered by _TaskAlerts.cshtml. site.js's poller hands every task_progress notification
// ({task_id, progress, state, message, description}) to progress() and asks running() how fast to poll. Each task
// has its own notification, so each alert moves on its own; an end state (completed, failed, canceled, stopped)
// turns the alert into its result. A task started elsewhere (another tab, the demo page) gets an alert too.
// The few words written here come from the container's data-word-* attributes, in the page's language.
(() => {
  const container = document.getElementById("task-alerts");
  const words = container?.dataset ?? {};
  const ended = new Set(["completed", "failed", "canceled", "stopped"]);
  const endStyle = { completed: "alert-success", failed: "alert-danger", canceled: "alert-warning", stopped: "alert-warning" };

  function alertFor(taskId) {
    return container?.querySelector(`.task-alert[data-task-id="${CSS.escape(String(taskId))}"]`);
  }

  function create(data) {
    const alert = document.createElement("div");
    alert.className = "alert alert-success task-alert";
    alert.setAttribute("role", "alert");
    alert.dataset.taskId = data.task_id;
    alert.dataset.state = "queued";
    const line = alert.appendChild(document.createElement("div"));
    line.appendChild(document.createElement("span")).className = "task-description";
    line.querySelector(".task-description").textContent = data.description || words.wordBackgroundTask;
    line.append(" ");
    const percent = line.appendChild(document.createElement("span"));
    percent.id = `${data.task_id}-progress`;
    percent.textContent = "0";
    line.append("%");
    const bar = alert.appendChild(document.createElement("div"));
    bar.className = "progress mt-2";
    bar.setAttribute("role", "progressbar");
    bar.setAttribute("aria-valuemin", "0");
    bar.setAttribute("aria-valuemax", "100");
    bar.appendChild(document.createElement("div")).className = "progress-bar progress-bar-striped progress-bar-animated bg-success";
    alert.appendChild(document.createElement("div")).className = "task-message small mt-1";
    const result = alert.appendChild(document.createElement("div"));
    result.className = "task-result mt-2 fw-semibold";
    result.hidden = true;
    container.appendChild(alert);
    return alert;
  }

  function show(alert, percent, message) {
    alert.querySelector("span[id$='-progress']").textContent = percent;
    const bar = alert.querySelector(".progress");
    bar?.setAttribute("aria-valuenow", percent);
    const fill = bar?.querySelector(".progress-bar");
    if (fill) fill.style.width = `${percent}%`;
    alert.querySelector(".task-message").textContent = message || "";
  }

  function finish(alert, state, message) {
    alert.dataset.state = state;
    alert.classList.remove("alert-success");
    alert.classList.add(endStyle[state]);
    alert.querySelector(".progress")?.remove();
    if (state !== "completed") {
      // A task that did not complete has no percentage worth showing; the "%" after it is a bare text node.
      const percent = alert.querySelector("span[id$='-progress']");
      percent.hidden = true;
      if (percent.nextSibling?.nodeType === Node.TEXT_NODE) percent.nextSibling.textContent = "";
    }
    alert.querySelector(".task-message").textContent = "";
    const result = alert.querySelector(".task-result");
    const fallback = { completed: words.wordCompleted, failed: words.wordFailed, canceled: words.wordCanceled, stopped: words.wordStopped };
    result.textContent = message || fallback[state];
    result.hidden = false;
  }

  function progress(data) {
    if (!data?.task_id) return;
    const state = data.state || (Number(data.progress) >= 100 ? "completed" : "running");
    let alert = alertFor(data.task_id);
    if (!alert) {
      if (ended.has(state) || !container) return;
      alert = create(data);
    }
    if (ended.has(alert.dataset.state)) return;
    const percent = Math.max(0, Math.min(100, Math.round(Number(data.progress) || 0)));
    show(alert, percent, ended.has(state) ? "" : data.message);
    if (ended.has(state)) finish(alert, state, data.message);
    else alert.dataset.state = state;
  }

  function running() {
    return [...(container?.querySelectorAll(".task-alert") ?? [])].some((a) => !ended.has(a.dataset.state));
  }

  window.microblogTasks = { progress, running };
})();
