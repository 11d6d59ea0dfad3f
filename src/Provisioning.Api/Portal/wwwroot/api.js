// Every call goes to the API with the session cookie; X-Requested-With marks it as the portal's own
// (the API refuses cookie-authenticated state changes without it: a cross-site form cannot send it).
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

export async function api(path, { method = 'GET', body, headers: extra = {} } = {}) {
  const headers = { 'Accept': 'application/json', 'X-Requested-With': 'portal', ...extra };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, { title: 'The API cannot be reached', detail: String(e) });
  }
  const text = await response.text();
  let data = null;
  if (text) { try { data = JSON.parse(text); } catch { data = { detail: text }; } }
  if (response.status === 401 && !path.startsWith('/portal/session')) {
    window.dispatchEvent(new CustomEvent('portal:signed-out'));
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
