// Cookie banner (demonstration): hide it once a choice is made.
document.addEventListener("DOMContentLoaded", function () {
  var banner = document.getElementById("sliding-popup");
  if (!banner) { return; }
  banner.querySelectorAll("button").forEach(function (button) {
    button.addEventListener("click", function () { banner.hidden = true; });
  });
});
