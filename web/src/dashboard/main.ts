/**
 * The service dashboard (served by `qec serve` at `/`): sign in with an API token (kept in
 * sessionStorage, so it is gone when the tab closes), then the studies list with live progress and
 * the submit panel (`#/`), one study's page (`#/studies/ID`), or the queue's workers (`#/workers`).
 */
import '../style.css';
import './dashboard.css';
import { byId, h } from '../dom.js';
import { Api, ApiError } from './api.js';
import { buildStudyList } from './list-view.js';
import { buildStudyPage } from './study-page.js';
import { buildSubmitPanel } from './submit-view.js';
import { buildWorkersPage } from './workers-view.js';

const TOKEN_KEY = 'qec-token';
const app = byId<HTMLElement>('app');
const errorBox = byId<HTMLElement>('error');
const who = byId<HTMLElement>('who');
let dispose = (): void => undefined;

function showError(e: Error): void {
  errorBox.textContent =
    e instanceof ApiError && e.path !== undefined ? `${e.message} (at ${e.path})` : e.message;
  errorBox.hidden = false;
  if (e instanceof ApiError && e.status === 401) signOut('Your token was refused; sign in again.');
}

function clearError(): void {
  errorBox.hidden = true;
  errorBox.textContent = '';
}

function signOut(message?: string): void {
  sessionStorage.removeItem(TOKEN_KEY);
  showSignIn(message);
}

function showSignIn(message?: string): void {
  dispose();
  dispose = () => undefined;
  who.replaceChildren();
  const input = h('input', {
    id: 'token',
    type: 'password',
    autocomplete: 'off',
    size: 48,
    required: true,
    'aria-describedby': 'token-hint',
  });
  const err = h(
    'p',
    { class: 'error', id: 'signin-error', role: 'alert', hidden: message === undefined },
    message ?? '',
  );
  const form = h(
    'form',
    { id: 'signin', class: 'signin' },
    h('h2', {}, 'Sign in'),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'token' }, 'API token'),
      input,
      h(
        'small',
        { class: 'hint', id: 'token-hint' },
        'Create one on the server with `qec token create NAME`. It is kept in this tab only (sessionStorage).',
      ),
    ),
    err,
    h('button', { type: 'submit', class: 'primary', id: 'signin-button' }, 'Sign in'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const api = new Api(input.value.trim());
    api
      .json('GET', '/studies?limit=1')
      .then(() => {
        sessionStorage.setItem(TOKEN_KEY, api.token);
        route();
      })
      .catch((x: unknown) => {
        err.textContent =
          x instanceof ApiError && x.status === 401 ? `Not signed in: ${x.message}` : (x as Error).message;
        err.hidden = false;
        input.focus();
      });
  });
  app.replaceChildren(form);
  input.focus();
}

function route(): void {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token === null) {
    showSignIn();
    return;
  }
  clearError();
  dispose();
  const api = new Api(token);
  const out = h('button', { type: 'button', id: 'signout' }, 'Sign out');
  out.addEventListener('click', () => signOut());
  const nav = h(
    'nav',
    { class: 'tabs', 'aria-label': 'dashboard pages' },
    h('a', { href: '#/', id: 'nav-studies' }, 'Studies'),
    h('a', { href: '#/workers', id: 'nav-workers' }, 'Workers'),
  );
  who.replaceChildren(nav, h('span', { class: 'note' }, 'Signed in'), out);
  if (location.hash === '#/workers') {
    const page = buildWorkersPage(api, showError);
    dispose = page.dispose;
    nav.querySelector('#nav-workers')?.setAttribute('aria-current', 'page');
    app.replaceChildren(page.element);
    document.title = 'QEC Lab · workers';
    return;
  }
  nav.querySelector('#nav-studies')?.setAttribute('aria-current', 'page');
  const m = /^#\/studies\/([\w-]+)$/.exec(location.hash);
  if (m !== null) {
    const page = buildStudyPage(api, m[1], () => (location.hash = '#/'), showError);
    dispose = page.dispose;
    app.replaceChildren(page.element);
    document.title = `QEC Lab · study ${m[1]}`;
    return;
  }
  const list = buildStudyList(api, (id) => (location.hash = `#/studies/${id}`), showError);
  const submit = buildSubmitPanel({
    async submit(text) {
      const { id } = await api.submit(text);
      clearError();
      await list.refresh(true);
      document.querySelector<HTMLElement>(`tr[data-id="${id}"] a`)?.focus();
    },
  });
  dispose = list.dispose;
  app.replaceChildren(list.element, submit);
  document.title = 'QEC Lab · studies';
  list.refresh().catch(showError);
}

window.addEventListener('hashchange', route);
route();
