// Posts the login form with fetch so that a refused token is shown here, not as a JSON page.
// Without JavaScript the form posts itself and the browser shows the server's answer.
const form = document.getElementById('login');
const error = document.getElementById('login-error');

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.hidden = true;
  const body = new URLSearchParams({ token: document.getElementById('token').value });
  try {
    const response = await fetch(form.action, { method: 'POST', body, credentials: 'same-origin' });
    if (response.ok) {
      location.assign('/console/');
      return;
    }
    const answer = await response.json().catch(() => ({}));
    error.textContent = answer.error || `The runtime refused the login (${response.status}).`;
  } catch (failure) {
    error.textContent = `The runtime did not answer: ${failure.message}`;
  }
  error.hidden = false;
});
