// "Print / save as PDF" buttons: the browser's print dialog offers saving as PDF.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () {
    window.print();
  });
});
