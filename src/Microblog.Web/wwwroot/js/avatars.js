// An avatar whose Gravatar cannot load (offline, blocked) shows the local initials picture from data-fallback.
(() => {
  function useFallback(img) {
    if (img.dataset.fallback && img.getAttribute("src") !== img.dataset.fallback) img.src = img.dataset.fallback;
  }
  // Capture: error events do not bubble. Images that failed before this script ran are caught by the scan below.
  document.addEventListener("error", (e) => { if (e.target instanceof HTMLImageElement) useFallback(e.target); }, true);
  for (const img of document.querySelectorAll("img[data-fallback]")) {
    if (img.complete && img.naturalWidth === 0) useFallback(img);
  }
  window.microblogAvatars = { useFallback };
})();
