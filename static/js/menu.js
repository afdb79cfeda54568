// The top bar's menu folds behind a button on narrow screens. Without JavaScript the button stays hidden and
// the menu is always shown (it wraps), so every page stays reachable.
(function () {
  const button = document.querySelector(".menu-button");
  if (!button) return;
  const bar = button.closest(".topbar");
  bar.classList.add("has-menu-button");
  button.hidden = false;
  button.addEventListener("click", function () {
    const open = bar.classList.toggle("menu-open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
})();

// A select marked auto-submit (the language switch) sends its form when changed; without JavaScript the form's
// own button does it.
document.querySelectorAll("select.auto-submit").forEach(function (select) {
  select.addEventListener("change", function () {
    select.form.submit();
  });
  const button = select.form.querySelector(".without-script");
  if (button) button.hidden = true;
});
