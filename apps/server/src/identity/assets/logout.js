// Signs out as soon as the confirmation page loads (the buttons remain for browsers without JavaScript).
(function () {
  var form = document.querySelector('form');
  if (!form) return;
  var input = document.createElement('input');
  input.type = 'hidden';
  input.name = 'logout';
  input.value = 'yes';
  form.appendChild(input);
  form.submit();
})();
