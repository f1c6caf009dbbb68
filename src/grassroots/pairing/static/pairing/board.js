/* The board's charts (挂图作战), drawn by the locally served Chart.js from #board-charts. */
(function () {
  "use strict";
  var STATUS = { closed: "#1a6b34", on_track: "#3b7dd8", due_soon: "#e8a33d", overdue: "#c8102e" };

  function horizontal(id, chart, options) {
    var canvas = document.getElementById(id);
    if (!canvas || !chart) { return; }
    var stacked = !!options.stacked;
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: chart.labels,
        datasets: chart.series.map(function (s) {
          return { label: s.label, data: s.data, stack: stacked ? "all" : undefined,
                   backgroundColor: STATUS[s.key] || "#c8161d" };
        })
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false, indexAxis: "y",
        plugins: { legend: { display: stacked, position: "bottom" } },
        scales: {
          x: { stacked: stacked, beginAtZero: true, max: options.max,
               ticks: { precision: 0 } },
          y: { stacked: stacked, ticks: { autoSkip: false } }
        }
      }
    });
  }

  function draw() {
    var source = document.getElementById("board-charts");
    if (!source || !window.Chart) { return; }
    var data = JSON.parse(source.textContent);
    horizontal("chart-rates", data.rates, { max: 100 });
    horizontal("chart-status", data.status, { stacked: true });
    document.documentElement.dataset.chartsDrawn = "yes";
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
