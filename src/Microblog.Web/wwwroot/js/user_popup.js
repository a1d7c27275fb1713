// microblog's user popups: resting the pointer on a username shows the card from /user/<name>/popup in a
// Bootstrap popover, which stays open while the pointer is over the link or the card.
(() => {
  const showDelayMs = 500;
  const hideDelayMs = 300;
  // Bootstrap sanitizes popover HTML; the card's follow form needs these on top of its default allow list.
  const allowList = {
    ...bootstrap.Popover.Default.allowList,
    form: ["method", "action"],
    input: ["type", "name", "value"],
    button: ["type"],
    time: ["datetime"],
    img: ["src", "alt", "width", "height", "data-fallback"],
  };

  function attach(link) {
    let showTimer, hideTimer, popover;
    const cancelHide = () => clearTimeout(hideTimer);
    const scheduleHide = () => {
      clearTimeout(showTimer);
      hideTimer = setTimeout(() => popover?.hide(), hideDelayMs);
    };
    link.addEventListener("mouseenter", () => {
      cancelHide();
      showTimer = setTimeout(async () => {
        if (!popover) {
          const response = await fetch(link.dataset.popup, { credentials: "same-origin" });
          if (!response.ok) return;
          popover = new bootstrap.Popover(link, {
            content: await response.text(), html: true, trigger: "manual", placement: "right",
            customClass: "user-popover", allowList,
          });
          link.addEventListener("shown.bs.popover", () => {
            const tip = bootstrap.Popover.getInstance(link)?.tip;
            if (!tip) return;
            tip.addEventListener("mouseenter", cancelHide);
            tip.addEventListener("mouseleave", scheduleHide);
            tip.querySelectorAll("img[data-fallback]").forEach((img) => {
              img.addEventListener("error", () => window.microblogAvatars?.useFallback(img));
            });
          });
        }
        popover.show();
      }, showDelayMs);
    });
    link.addEventListener("mouseleave", scheduleHide);
  }

  document.querySelectorAll("a[data-popup]").forEach(attach);
})();
