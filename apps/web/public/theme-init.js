/* global document */
// Runs before the app (a separate file, because the Content-Security-Policy forbids inline
// scripts): applies the saved theme and language to <html> so the first paint is already right.
(function () {
  var root = document.documentElement;
  try {
    var theme = localStorage.getItem('carecircle.theme');
    if (theme === 'light' || theme === 'dark' || theme === 'system') root.dataset.theme = theme;
    var locale = localStorage.getItem('carecircle.locale');
    if (locale === 'en' || locale === 'es') root.lang = locale;
  } catch {
    // Storage can be blocked (private browsing); the defaults are fine.
  }
})();
