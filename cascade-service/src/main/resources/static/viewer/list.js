// The list page: cascades filtered and sorted as in GET /api/v1/cascades, one page at a time.

import { ApiError, askForKey, el, formatTime, getJson } from './api.js';

const form = document.getElementById('filters');
const body = document.querySelector('#cascades tbody');
const more = document.getElementById('more');
const status = document.getElementById('status');
const follows = document.getElementById('follows');
let next = null;

function query(cursor) {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(form)) {
    if (String(value).trim()) {
      params.set(name, String(value).trim());
    }
  }
  if (cursor) {
    params.set('cursor', cursor);
  }
  return params;
}

async function load(cursor) {
  try {
    const { body: page } = await getJson(`/api/v1/cascades?${query(cursor)}`);
    if (!cursor) {
      body.replaceChildren();
    }
    for (const cascade of page.cascades) {
      const link = el('a', { href: `/cascades/${cascade.id}` }, cascade.rootActor.handle);
      body.append(el('tr', { 'data-id': cascade.id },
        el('td', {}, cascade.subject.handle),
        el('td', {}, link),
        el('td', { class: 'num' }, String(cascade.size)),
        el('td', { class: 'num' }, String(cascade.depth)),
        el('td', { class: 'num' }, cascade.structuralVirality.toFixed(2)),
        el('td', { class: 'num' }, String(cascade.attributedFollows)),
        el('td', {}, formatTime(cascade.lastActivityAt))));
    }
    follows.textContent = page.follows
      ? `${page.subject.handle}: ${page.follows.total} follows, ${page.follows.attributed} attributed, `
        + `${page.follows.unattributed} unattributed, ${page.follows.undecided} undecided.`
      : '';
    next = page.next;
    more.hidden = !next;
    status.textContent = body.children.length === 0 ? 'No cascades match.' : '';
    document.body.dataset.ready = 'true';
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      askForKey(status, () => load(cursor));
    } else if (error instanceof ApiError && error.problem && error.problem.invalidParameters) {
      status.textContent = error.problem.invalidParameters.map((p) => `${p.name} ${p.reason}`).join('; ');
    } else {
      status.textContent = `Could not load cascades: ${error.message}`;
    }
  }
}

// The filters live in the page's query string, so a filtered list can be bookmarked and shared.
for (const [name, value] of new URLSearchParams(location.search)) {
  if (form.elements[name]) {
    form.elements[name].value = value;
  }
}
form.addEventListener('submit', (event) => {
  event.preventDefault();
  history.replaceState(null, '', `/?${query()}`);
  load(null);
});
more.addEventListener('click', () => load(next));
load(null);
