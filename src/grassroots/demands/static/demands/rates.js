// The monthly trend on the rates page: demands received (bars) and the three rates (lines).
document.addEventListener("DOMContentLoaded", function () {
  var source = document.getElementById("rates-data");
  var canvas = document.getElementById("rates-chart");
  if (!source || !canvas || typeof Chart === "undefined") return;
  var d = JSON.parse(source.textContent);
  function line(key, colour) {
    return { type: "line", label: d.names[key], data: d[key], borderColor: colour,
             backgroundColor: colour, yAxisID: "rate", spanGaps: true, tension: 0.2 };
  }
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: d.labels,
      datasets: [
        { type: "bar", label: d.names.received, data: d.received, yAxisID: "count",
          backgroundColor: "rgba(180, 30, 30, 0.18)" },
        line("response", "#b41e1e"), line("resolution", "#1e5fb4"),
        line("satisfaction", "#2e8b57")
      ]
    },
    options: {
      responsive: true, maintainAspectRatio: false,
      scales: {
        rate: { position: "left", min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } },
        count: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false } }
      }
    }
  });
});
