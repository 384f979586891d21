// Staff dashboard charts. The figures come from <script type="application/json"> blocks
// written by the page (json_script): no inline script, as the Content Security Policy asks.
// Each chart has a table of the same figures next to it, for screen readers and printing.
(function () {
  "use strict";
  if (typeof Chart === "undefined") {
    return;
  }
  var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var locale = document.documentElement.lang || "fr";
  var brand = "#1f3a93";

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) {
      return;
    }
    var spec = JSON.parse(source.textContent);
    var valueAxis = spec.horizontal ? "x" : "y";
    var scales = {};
    scales[valueAxis] = {
      beginAtZero: true,
      ticks: { precision: 0 },
    };
    if (spec.unit === "%") {
      scales[valueAxis].max = 100;
      scales[valueAxis].ticks.callback = function (value) {
        return value + " %";
      };
    }
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: [{ label: spec.label, data: spec.values, backgroundColor: brand }],
      },
      options: {
        locale: locale,
        indexAxis: spec.horizontal ? "y" : "x",
        animation: reduceMotion ? false : { duration: 400 },
        maintainAspectRatio: false,
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: function (context) {
                return context.formattedValue + (spec.unit ? " " + spec.unit : "");
              },
            },
          },
        },
        scales: scales,
      },
    });
  });
})();
