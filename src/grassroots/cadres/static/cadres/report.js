/* The report page's charts, drawn by the locally served Chart.js from #cadre-charts. */
(function () {
  "use strict";
  var COLOURS = ["#c8161d", "#8c9aa8", "#e8a33d", "#3b7dd8"];

  function datasets(series, stacked) {
    return series.map(function (s, i) {
      return { label: s.label, data: s.data, backgroundColor: COLOURS[i % COLOURS.length],
               stack: stacked ? "all" : undefined };
    });
  }

  function bar(id, chart, options) {
    var canvas = document.getElementById(id);
    if (!canvas || !chart) { return; }
    options = options || {};
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: chart.labels, datasets: datasets(chart.series, options.stacked) },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        indexAxis: options.horizontal ? "y" : "x",
        plugins: { legend: { position: "bottom" } },
        scales: {
          x: { stacked: !!options.stacked, ticks: { autoSkip: !options.horizontal } },
          y: { stacked: !!options.stacked, beginAtZero: true,
               ticks: { autoSkip: !options.horizontal, precision: 0 } }
        }
      }
    });
  }

  function draw() {
    var source = document.getElementById("cadre-charts");
    if (!source || !window.Chart) { return; }
    var data = JSON.parse(source.textContent);
    bar("chart-ages", data.ages);
    bar("chart-education", data.education);
    bar("chart-posts", data.posts);
    bar("chart-women", data.women, { horizontal: true, stacked: true });
    document.documentElement.dataset.chartsDrawn = "yes";
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
