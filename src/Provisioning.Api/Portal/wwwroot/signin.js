import { api } from './api.js';
import { h, field } from './dom.js';

export function signIn(view, done) {
  const input = h('input', { type: 'password', name: 'token', autocomplete: 'current-password', required: true });
  const error = h('div', { role: 'alert', class: 'field-error' });
  const form = h('form', { class: 'panel signin', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, 'Sign in'),
    h('p', { class: 'hint' }, 'Paste an API token (ask an admin for one). The portal keeps a session cookie; the token itself is not stored in the browser.'),
    field('token', 'Token', input),
    error,
    h('div', { class: 'actions' }, h('button', { class: 'btn', type: 'submit' }, 'Sign in')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.textContent = '';
    input.removeAttribute('aria-invalid');
    try {
      const me = await api('/portal/session', { method: 'POST', body: { token: input.value } });
      await done(me);
    } catch (e) {
      input.setAttribute('aria-invalid', 'true');
      error.textContent = e.problem?.errors?.token?.[0] ? `Token ${e.problem.errors.token[0]}` : e.message;
      input.focus();
    }
  });
  view.append(form);
  input.focus();
}
