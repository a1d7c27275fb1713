// Polls /notifications (microblog's base.html script) and dispatches each notification on its name.
(() => {
  const body = document.body;
  if (body.dataset.loggedIn !== "true") return;

  const url = body.dataset.notificationsUrl || "/notifications";
  const pollMs = Math.max(100, parseFloat(body.dataset.pollSeconds || "10") * 1000);
  // While one of my tasks runs its alert should move smoothly, so the feed is read every second.
  const busyPollMs = Math.min(pollMs, 1000);
  let since = 0;

  function setMessageCount(n) {
    const badge = document.getElementById("message_count");
    if (!badge) return;
    badge.textContent = n;
    badge.classList.toggle("d-none", !n);
  }

  // One entry per notification name. task_progress (data: {task_id, progress, state, message}; one
  // notification per task) moves that task's alert in #task-alerts (tasks.js).
  const handlers = {
    unread_message_count: (data) => setMessageCount(data),
    task_progress: (data) => window.microblogTasks?.progress?.(data),
  };

  async function poll() {
    try {
      const response = await fetch(`${url}?since=${since}`, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (response.ok) {
        for (const n of await response.json()) {
          handlers[n.name]?.(n.data);
          since = Math.max(since, n.timestamp);
        }
      }
    } catch {
      // Offline or restarting: try again at the next tick.
    }
    setTimeout(poll, window.microblogTasks?.running?.() ? busyPollMs : pollMs);
  }

  window.microblogNotifications = { handlers, poll };
  poll();
})();
