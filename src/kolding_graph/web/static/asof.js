// The home map's year slider: an enhancement of the year form, which works without it.
// Moving the slider shows the twin cities twinned by that year (hollow when the
// sources give no start) and announces the year; "Show" loads the page as of it.
(function () {
  "use strict";
  var form = document.querySelector("form.yearform");
  if (!form) { return; }
  var number = form.querySelector('input[name="asOf"]');
  var announce = document.getElementById("asof-announce");
  var first = parseInt(form.dataset.first, 10);
  var last = parseInt(form.dataset.last, 10);
  var markers = document.querySelectorAll(".worldmap [data-start]");

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return String(values[key]); });
  }

  function show(year) {
    var today = year >= last;
    var held = 0;
    var unknown = 0;
    markers.forEach(function (el) {
      var start = el.dataset.start ? parseInt(el.dataset.start, 10) : null;
      var state = today ? "held" : start === null ? "unknown" : start <= year ? "held" : "later";
      el.classList.toggle("later", state === "later");
      el.classList.toggle("unknown", state === "unknown");
      if (el.classList.contains("marker")) {
        if (state === "held") { held += 1; }
        if (state === "unknown") { unknown += 1; }
      }
    });
    var text = (today ? form.dataset.today : fill(form.dataset.asof, { year: year })) +
      ": " + fill(form.dataset.held, { n: held });
    if (unknown) { text += "; " + fill(form.dataset.unknown, { n: unknown }); }
    announce.textContent = text + ". " + form.dataset.hint;
  }

  var label = document.createElement("label");
  label.htmlFor = "asof-slider";
  label.className = "visually-hidden";
  label.textContent = form.querySelector('label[for="asof-year"]').textContent;
  var slider = document.createElement("input");
  slider.type = "range";
  slider.id = "asof-slider";
  slider.min = String(first);
  slider.max = String(last);
  slider.step = "1";
  slider.value = number.value || String(last);
  slider.setAttribute("aria-describedby", "asof-announce");
  slider.addEventListener("input", function () {
    number.value = slider.value;
    show(parseInt(slider.value, 10));
  });
  number.addEventListener("input", function () {
    var year = parseInt(number.value, 10);
    if (year >= first && year <= last) {
      slider.value = String(year);
      show(year);
    }
  });
  form.insertBefore(slider, form.querySelector("button"));
  form.insertBefore(label, slider);
}());
