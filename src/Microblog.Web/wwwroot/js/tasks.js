// The live task alerts rendered by _TaskAlerts.cshtml. site.js's poller hands every task_progress
// notification ({task_id, progress[, failed, error]}) to progress() and asks running() how fast to poll.
(() => {
  const container = document.getElementById("task-alerts");

  function alertFor(taskId) {
    return container?.querySelector(`.task-alert[data-task-id="${CSS.escape(String(taskId))}"]`);
  }

  function finish(alert, failed, message) {
    alert.dataset.state = failed ? "failed" : "completed";
    if (failed) alert.classList.replace("alert-success", "alert-danger");
    alert.querySelector(".progress")?.remove();
    const result = alert.querySelector(".task-result");
    result.textContent = message;
    result.hidden = false;
  }

  function progress(data) {
    const alert = data && alertFor(data.task_id);
    if (!alert || alert.dataset.state !== "running") return;
    if (data.failed) {
      finish(alert, true, data.error || "The task failed.");
      return;
    }
    const percent = Math.max(0, Math.min(100, Math.round(Number(data.progress) || 0)));
    document.getElementById(`${data.task_id}-progress`).textContent = percent;
    const bar = alert.querySelector(".progress");
    bar?.setAttribute("aria-valuenow", percent);
    const fill = bar?.querySelector(".progress-bar");
    if (fill) fill.style.width = `${percent}%`;
    if (percent >= 100) finish(alert, false, alert.dataset.doneMessage || "Completed");
  }

  function running() {
    return !!container?.querySelector('.task-alert[data-state="running"]');
  }

  window.microblogTasks = { progress, running };
})();
