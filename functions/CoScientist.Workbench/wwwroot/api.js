// The workbench's only door to the product: the HTTP API under /api. The key, when the server asks
// for one, is kept for this tab (sessionStorage) and sent as a header, never in a URL.
const KEY_STORE = 'cosci.apiKey';

export class ApiError extends Error {
  constructor(status, problem) {
    const parts = [problem?.title, problem?.detail].filter(Boolean);
    const fields = problem?.errors ? Object.entries(problem.errors).map(([f, m]) => `${f}: ${[].concat(m).join(' ')}`) : [];
    super([...parts, ...fields].join(' — ') || `The server answered ${status}.`);
    this.status = status;
    this.problem = problem;
  }
}

function headers(extra) {
  const h = { Accept: 'application/json', ...extra };
  const key = sessionStorage.getItem(KEY_STORE);
  if (key) {
    h['x-api-key'] = key;
    // On the Functions app the same key is the function key.
    h['x-functions-key'] = key;
  }
  return h;
}

async function askForKey(message) {
  const dialog = document.getElementById('key-dialog');
  const error = document.getElementById('key-error');
  const input = document.getElementById('key-input');
  error.hidden = !message;
  error.textContent = message || '';
  input.value = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      const key = input.value.trim();
      if (key) sessionStorage.setItem(KEY_STORE, key);
      resolve(Boolean(key));
    }, { once: true });
    dialog.showModal();
    input.focus();
  });
}

export async function request(method, path, body, accept) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const init = { method, headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }), credentials: 'same-origin' };
    if (accept) init.headers.Accept = accept;
    // Marks the call as the page's own: behind Entra ID (App Service authentication) an expired session
    // then gets 401 rather than a redirect to the sign-in page, which fetch could not follow.
    init.headers['X-Requested-With'] = 'XMLHttpRequest';
    if (body !== undefined) init.body = JSON.stringify(body);
    const response = await fetch('/api/' + path, init);
    if (response.status === 401) {
      const problem = await response.json().catch(() => null);
      if (await askForKey(sessionStorage.getItem(KEY_STORE) ? problem?.detail : '')) continue;
      throw new ApiError(401, problem);
    }
    if (!response.ok) {
      const problem = await response.json().catch(() => null);
      throw new ApiError(response.status, problem);
    }
    return response;
  }
  throw new ApiError(401, { title: 'No valid API key was given.' });
}

export const getJson = async (path) => (await request('GET', path)).json();
export const postJson = async (path, body) => (await request('POST', path, body ?? {})).json();
export const getText = async (path, accept) => (await request('GET', path, undefined, accept)).text();

export const enc = encodeURIComponent;
