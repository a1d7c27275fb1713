// Reads /notifications (microblog's base.html script) and dispatches each notification on its name. The request
// asks the server to hold it until something newer exists (&wait=), and is asked again as soon as it is answered,
// so an update shows the moment it is written while an idle tab costs a request per wait.
(() => {
  const body = document.body;
  if (body.dataset.loggedIn !== "true") return;

  const url = body.dataset.notificationsUrl || "/notifications";
  const pollMs = Math.max(100, parseFloat(body.dataset.pollSeconds || "10") * 1000);
  const waitSeconds = Math.max(0, parseFloat(body.dataset.waitSeconds || "0"));
  // Without waiting, a running task's alert should still move smoothly, so the feed is read every second.
  const busyPollMs = Math.min(pollMs, 1000);
  // Server unreachable or failing: retry after 1 s, doubling to a minute, with jitter so tabs do not return together.
  const firstRetryMs = 1000;
  const lastRetryMs = 60000;
  // An answer without news that came this fast was not held (an older server): poll instead of asking again at once.
  const heldMs = 1000;
  let since = 0;
  let stopped = false;

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

  // Skips what this tab has already seen: another tab's reads may start from an older point.
  function apply(notifications) {
    const seen = since;
    for (const n of notifications) {
      if (n.timestamp <= seen) continue;
      handlers[n.name]?.(n.data);
      since = Math.max(since, n.timestamp);
    }
  }

  // Tabs of one browser share one waiting request: browsers open at most six HTTP/1.1 connections to a host, and a
  // request held in every tab would soon leave none for pages. The tab holding the lock reads the feed and passes
  // what it gets to the others; when it closes, another takes the lock over.
  const channel = "BroadcastChannel" in window ? new BroadcastChannel("microblog-notifications") : null;
  channel?.addEventListener("message", (e) => Array.isArray(e.data) && apply(e.data));

  // Resolves to the notifications, or null once the user is logged out; throws when the server cannot answer.
  async function read(wait) {
    const query = `since=${since}` + (wait > 0 ? `&wait=${wait}` : "");
    const response = await fetch(`${url}?${query}`, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (response.status === 401) return null;
    if (!response.ok) throw new Error(`/notifications answered ${response.status}`);
    return response.json();
  }

  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  async function poll() {
    let retryMs = firstRetryMs;
    while (!stopped) {
      const started = performance.now();
      let delay;
      try {
        const notifications = await read(waitSeconds);
        if (notifications === null) {
          stopped = true;
          break;
        }
        apply(notifications);
        if (notifications.length) channel?.postMessage(notifications);
        retryMs = firstRetryMs;
        const held = notifications.length > 0 || performance.now() - started >= heldMs;
        delay = waitSeconds > 0 && held ? 0 : window.microblogTasks?.running?.() ? busyPollMs : pollMs;
      } catch {
        delay = retryMs * (0.5 + Math.random());
        retryMs = Math.min(retryMs * 2, lastRetryMs);
      }
      if (delay > 0) await pause(delay);
    }
  }

  window.microblogNotifications = { handlers, stopped: () => stopped };
  if (navigator.locks && channel) {
    // Until it leads, a tab reads the current state once, then hears the leader.
    const current = read(0).then((n) => (n === null ? (stopped = true) : apply(n)), () => {});
    navigator.locks.request("microblog-notifications", () => current.then(poll));
  } else {
    poll();
  }
})();
