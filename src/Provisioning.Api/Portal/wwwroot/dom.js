// A tiny element builder: h('td', { class: 'x' }, 'text', child). Text is always set as text, never as HTML.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    // Through the CSSOM: the portal's Content-Security-Policy refuses inline style attributes.
    else if (k === 'style') el.style.cssText = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== undefined && c !== null && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

export const badge = (status, extra = '') => h('span', { class: `badge s-${status} ${extra}`, 'data-status': status }, status);

export const when = (t) => t ? new Date(t).toLocaleString() : '—';

export function notice(kind, text) { return h('div', { class: `notice ${kind}`, role: kind === 'bad' ? 'alert' : 'status' }, text); }

export function empty(text) { return h('p', { class: 'empty' }, text); }

export function problemText(e) {
  const p = e.problem || {};
  const fields = Object.entries(p.errors || {}).map(([k, v]) => `${k}: ${[].concat(v).join(' ')}`);
  return [p.title || e.message, p.detail && p.detail !== p.title ? p.detail : null, ...fields].filter(Boolean).join(' — ');
}

// A labelled input or select with a slot for its error message (aria-describedby ties them).
export function field(id, label, control, hint) {
  control.id = id;
  const err = h('div', { class: 'field-error', id: `${id}-error`, 'data-error-for': id });
  control.setAttribute('aria-describedby', `${id}-error${hint ? ` ${id}-hint` : ''}`);
  return h('div', {}, h('label', { for: id }, label, hint ? h('span', { class: 'hint', id: `${id}-hint` }, ` ${hint}`) : null), control, err);
}

export function confirmDialog(title, text, okLabel) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-text').textContent = text;
  document.getElementById('confirm-ok').textContent = okLabel;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true }));
}
