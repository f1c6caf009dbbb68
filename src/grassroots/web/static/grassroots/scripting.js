// Loaded in <head> without defer, before the first paint: marks that scripts run, so the
// style sheet folds the phone menu only where app.js can open it again.
document.documentElement.classList.add("js");
