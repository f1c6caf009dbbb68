/* The scorecard's trend charts: each indicator's last twelve months, drawn by the locally
   served Chart.js from #indicator-trends into every canvas.trend (by its data-code). */
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("indicator-trends");
    if (!source || !window.Chart) { return; }
    var data = JSON.parse(source.textContent);
    var canvases = document.querySelectorAll("canvas.trend");
    Array.prototype.forEach.call(canvases, function (canvas) {
      var values = data.series[canvas.dataset.code];
      if (!values) { return; }
      new window.Chart(canvas, {
        type: "line",
        data: {
          labels: data.labels,
          datasets: [{ data: values, borderColor: "#c8161d", backgroundColor: "#c8161d",
                       spanGaps: true, tension: 0.2, pointRadius: 2 }]
        },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          plugins: { legend: { display: false } },
          scales: { x: { ticks: { maxTicksLimit: 6, autoSkip: true } },
                    y: { beginAtZero: true } }
        }
      });
    });
    document.documentElement.dataset.chartsDrawn = "yes";
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
