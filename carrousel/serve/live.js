// carrousel serve: swap the edited slides' images (or reload the page when it changed) as the post is rebuilt;
// show build errors over the last good slides.
(function () {
  "use strict";
  const first = location.pathname.split("/").filter(Boolean)[0] || "";
  const slug = first.endsWith(".html") ? "" : first;  // "" on the index page, which lists every post
  const KEY = "carrousel-slide:" + slug;
  let overlay = null;

  function currentSlide() {
    const counter = document.getElementById("counter");
    return counter ? parseInt(counter.textContent, 10) || 1 : 1;
  }

  function restoreSlide() {
    // The viewer opens on slide 1: step to the slide the author was looking at before the reload.
    const wanted = parseInt(sessionStorage.getItem(KEY) || "1", 10);
    sessionStorage.removeItem(KEY);
    for (let i = 1; i < wanted && currentSlide() < wanted; i++) {
      document.dispatchEvent(new KeyboardEvent("keydown", {key: "ArrowRight", bubbles: true}));
    }
  }

  function show(errors) {
    const mine = errors.filter(e => !slug || e.slug === slug);
    if (!mine.length) {
      if (overlay) { overlay.remove(); overlay = null; }
      return;
    }
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "carrousel-error";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;left:16px;right:16px;bottom:16px;z-index:2147483647;" +
        "background:#2d0f12;color:#ffd7d5;border:2px solid #f85149;border-radius:10px;padding:14px 18px;" +
        "font:14px/1.5 ui-monospace,monospace;box-shadow:0 10px 30px rgba(0,0,0,.5);white-space:pre-wrap";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    const head = document.createElement("strong");
    head.textContent = "Build failed: these are the last good slides\n";
    overlay.appendChild(head);
    for (const e of mine) {
      const where = [e.file, e.line ? "line " + e.line : "", e.slide ? "slide " + e.slide : ""].filter(Boolean);
      const line = document.createElement("div");
      line.className = "carrousel-error-line";
      line.textContent = where.join(" · ") + "\n" + e.text;
      overlay.appendChild(line);
    }
  }

  const events = new EventSource("/_carrousel/events");
  events.onopen = function () { document.documentElement.dataset.carrouselLive = "connected"; };
  events.onmessage = function (message) {
    const event = JSON.parse(message.data);
    const mine = !slug || event.slug === slug;
    const viewer = slug && window.carrouselViewer;
    if (mine && (event.type === "reload" || (event.type === "built" && !viewer))) {
      sessionStorage.setItem(KEY, String(currentSlide()));
      location.reload();
      return;
    }
    if (mine && viewer && event.slides && event.slides.length) {
      viewer.refresh(event.slides, event.stamp);  // new PNGs, same page: swap the images in place
    }
    show(event.errors || []);
  };
  window.addEventListener("DOMContentLoaded", restoreSlide);
  if (document.readyState !== "loading") restoreSlide();
})();
