/* The home page's results at a glance (本月成效), drawn by the locally served Chart.js from
   #glance-data: a bar per indicator in its red, amber or green, its target a mark across it;
   a bar opens the indicator's page. */
(function () {
  "use strict";
  var RAG = { green: "#1a7f37", amber: "#bf8700", red: "#cf222e", none: "#3b7dd8" };

  function draw() {
    var source = document.getElementById("glance-data");
    var canvas = document.getElementById("glance-chart");
    if (!source || !canvas || !window.Chart) { return; }
    var data = JSON.parse(source.textContent);
    var value = data.series[0], target = data.series[1];
    var datasets = [
      { type: "bar", label: value.label, data: value.data, order: 2,
        backgroundColor: data.statuses.map(function (s) { return RAG[s] || RAG.none; }) }
    ];
    // The target, a mark across the bar, where any indicator shown has one.
    if (target.data.some(function (t) { return t !== null; })) {
      datasets.push({ type: "line", label: target.label, data: target.data, order: 1,
        showLine: false, pointStyle: "line", pointRadius: 11, pointHoverRadius: 11,
        rotation: 90, borderWidth: 3, borderColor: "#24292f", backgroundColor: "#24292f" });
    }
    new window.Chart(canvas, {
      data: { labels: data.labels, datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false, indexAxis: "y",
        plugins: { legend: { display: datasets.length > 1, position: "bottom" } },
        scales: {
          x: { beginAtZero: true, max: 100, ticks: { callback: function (v) { return v + "%"; } } },
          y: { ticks: { autoSkip: false } }
        },
        onClick: function (event, elements) {
          if (elements.length && data.links[elements[0].index]) {
            window.location.href = data.links[elements[0].index];
          }
        }
      }
    });
    document.documentElement.dataset.chartsDrawn = "yes";
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
