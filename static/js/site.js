// Every page. A table wider than the screen scrolls sideways inside its frame: the frame is
// then made a named, focusable region so that keyboard users can scroll it too (WCAG 2.1.1).
(function () {
  "use strict";
  var frames = document.querySelectorAll(".table-responsive");

  function update() {
    frames.forEach(function (frame) {
      var scrolls = frame.scrollWidth > frame.clientWidth;
      var caption = frame.querySelector("caption");
      if (scrolls) {
        frame.setAttribute("tabindex", "0");
        frame.setAttribute("role", "region");
        if (caption) {
          frame.setAttribute("aria-label", caption.textContent.trim());
        }
      } else if (frame.getAttribute("role") === "region") {
        frame.removeAttribute("tabindex");
        frame.removeAttribute("role");
        frame.removeAttribute("aria-label");
      }
    });
  }

  if (frames.length) {
    update();
    window.addEventListener("resize", update);
  }
})();
