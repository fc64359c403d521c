// The cascade page: the tree, when the follows came, and who is credited, kept current from the event stream.

import { ApiError, askForKey, el, formatTime, getJson, streamEvents } from './api.js';
import { renderTimeline } from './timeline.js';
import { renderTree } from './tree.js';

const id = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop());
const base = `/api/v1/cascades/${encodeURIComponent(id)}`;
const status = document.getElementById('status');
const live = document.getElementById('live');
let refreshing = false;
let again = false;
let updates = 0;
let stream = null;

function showSummary(cascade) {
  document.title = `Ripple · ${cascade.rootActor.handle} → ${cascade.subject.handle}`;
  document.getElementById('title').textContent =
    `${cascade.rootActor.handle}'s share of ${cascade.subject.handle}`;
  const items = [
    ['Subject', cascade.subject.handle],
    ['Started by', cascade.rootActor.handle],
    ['Platform', cascade.platform],
    ['Shares', cascade.size],
    ['Depth / breadth', `${cascade.depth} / ${cascade.breadth}`],
    ['Structural virality', cascade.structuralVirality.toFixed(2)],
    ['Follows attributed', cascade.attributedFollows],
    ['Direct / downstream', `${cascade.directFollows} / ${cascade.downstreamFollows}`],
    ['Started', formatTime(cascade.startedAt)],
    ['First follow', formatTime(cascade.firstFollowAt)],
    ['Last activity', formatTime(cascade.lastActivityAt)],
  ];
  document.getElementById('summary').replaceChildren(
    ...items.map(([term, value]) => el('div', {}, el('dt', {}, term), el('dd', {}, String(value)))));
}

function showCredits(detail) {
  document.querySelector('#credits tbody').replaceChildren(...detail.credits.map((credit) => el('tr', {},
    el('td', {}, credit.sharer.handle),
    el('td', { class: 'num' }, String(credit.follows)),
    el('td', { class: 'num' }, String(credit.directFollows)))));
}

async function refresh() {
  if (refreshing) {
    again = true;
    return;
  }
  refreshing = true;
  try {
    const [tree, timeline, detail] = await Promise.all([
      getJson(`${base}/tree`), getJson(`${base}/timeline?buckets=72`), getJson(base)]);
    showSummary(tree.body.cascade);
    const svgTree = document.getElementById('tree');
    renderTree(svgTree, tree.body.root);
    const timelineSvg = document.getElementById('timeline');
    renderTimeline(timelineSvg, timeline.body,
      Math.max(Number(svgTree.getAttribute('width')) || 0, timelineSvg.parentElement.clientWidth - 2, 600));
    const peak = timeline.body.peak;
    document.getElementById('peak').textContent = peak
      ? `Peak: ${peak.follows} follows in the ${Math.round(timeline.body.bucketSeconds / 60)} minutes from `
        + `${formatTime(peak.start)}.` + (tree.body.truncated ? ' The tree shows the first 1000 shares.' : '')
      : 'No attributed follows yet.';
    showCredits(detail.body);
    status.textContent = '';
    updates++;
    document.body.dataset.updates = String(updates);
    document.body.dataset.ready = 'true';
    if (!stream) {
      stream = streamEvents(`${base}/events`, { onEvent, onState });
    }
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      askForKey(status, refresh);
    } else if (error instanceof ApiError && error.status === 404) {
      status.textContent = `There is no cascade ${id}.`;
      document.body.dataset.ready = 'missing';
    } else {
      status.textContent = `Could not load the cascade: ${error.message}`;
    }
  } finally {
    refreshing = false;
    if (again) {
      again = false;
      refresh();
    }
  }
}

function onEvent(event) {
  if (event.type === 'cascade') {
    refresh();
  }
}

function onState(state) {
  live.dataset.state = state;
  live.textContent = { live: 'live', reconnecting: 'reconnecting…', unauthorized: 'key needed', gone: 'gone' }[state]
    || state;
}

refresh();
