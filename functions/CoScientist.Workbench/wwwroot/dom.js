// Builds elements from data without ever parsing text as HTML: every string becomes a text node.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// Replaces an element's children; arrays and nulls in the list are flattened and skipped.
export function render(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

export function table(caption, columns, rows) {
  return h('div', { class: 'table-wrap' },
    h('table', {},
      caption ? h('caption', { class: 'muted' }, caption) : null,
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : c.cls }, c.title)))),
      h('tbody', {}, rows.map((r) => h('tr', {}, columns.map((c) => h('td', { class: c.num ? 'num' : c.cls }, c.cell(r))))))));
}

export const fmt = {
  int: (n) => (n ?? 0).toLocaleString('en-US'),
  usd: (n) => '$' + Number(n ?? 0).toFixed(4),
  elo: (n) => Number(n ?? 0).toFixed(1),
  // As the CLI and the exports show it: the 95% interval of the fitted strength, whole Elo points.
  interval: (i) => `${Number(i.low).toFixed(0)}–${Number(i.high).toFixed(0)}`,
  date: (s) => (s ? new Date(s).toLocaleString() : '—'),
};

export function badge(status) {
  return h('span', { class: `badge ${status}` }, status);
}

export function simulatedBanner(simulated) {
  return simulated
    ? h('p', { class: 'simulated', 'data-testid': 'simulated-label' }, 'Simulated run: every proposal, review and debate here was written by the offline simulated model, not by a real LLM. Costs are what a similar real run would cost.')
    : null;
}
