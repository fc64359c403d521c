// Draws when a cascade's follows came, as bars over time (the peak bar highlighted), with each share as a dashed
// marker: a burst of follows right after a share stands out.

const SVG = 'http://www.w3.org/2000/svg';
const HEIGHT = 190;
const PLOT_TOP = 30;
const PLOT_BOTTOM = 150;
const LEFT = 40;

function svg(tag, attributes = {}, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, String(value));
  }
  if (text !== undefined) {
    element.textContent = text;
  }
  return element;
}

function short(iso) {
  return iso.replace('T', ' ').slice(5, 16);
}

export function renderTimeline(element, timeline, width) {
  element.replaceChildren();
  const plotWidth = Math.max(300, width - LEFT - 20);
  element.setAttribute('width', plotWidth + LEFT + 20);
  element.setAttribute('height', HEIGHT);
  element.setAttribute('viewBox', `0 0 ${plotWidth + LEFT + 20} ${HEIGHT}`);
  const from = Date.parse(timeline.from);
  const to = Date.parse(timeline.to);
  const x = (iso) => LEFT + ((Date.parse(iso) - from) / (to - from)) * plotWidth;
  const max = Math.max(1, ...timeline.buckets.map((bucket) => bucket.follows));
  const barWidth = plotWidth / timeline.buckets.length;
  const bars = svg('g', { class: 'bars' });
  for (const bucket of timeline.buckets) {
    if (bucket.follows === 0) {
      continue;
    }
    const height = (bucket.follows / max) * (PLOT_BOTTOM - PLOT_TOP);
    const isPeak = timeline.peak && bucket.start === timeline.peak.start;
    const rect = svg('rect', {
      class: isPeak ? 'bar-rect peak' : 'bar-rect',
      x: x(bucket.start) + 0.5,
      y: PLOT_BOTTOM - height,
      width: Math.max(1, barWidth - 1),
      height,
      'data-follows': bucket.follows,
      'data-start': bucket.start,
    });
    rect.append(svg('title', {}, `${bucket.follows} follows from ${bucket.start}`));
    bars.append(rect);
  }
  const axis = svg('g');
  axis.append(svg('line', { class: 'axis', x1: LEFT, y1: PLOT_BOTTOM, x2: LEFT + plotWidth, y2: PLOT_BOTTOM }));
  axis.append(svg('text', { x: LEFT, y: PLOT_BOTTOM + 16 }, short(timeline.from)));
  axis.append(svg('text', { x: LEFT + plotWidth, y: PLOT_BOTTOM + 16, 'text-anchor': 'end' }, short(timeline.to)));
  axis.append(svg('text', { x: LEFT - 6, y: PLOT_TOP + 4, 'text-anchor': 'end' }, String(max)));
  axis.append(svg('text', { x: LEFT - 6, y: PLOT_BOTTOM, 'text-anchor': 'end' }, '0'));
  const shares = svg('g', { class: 'shares' });
  timeline.shares.forEach((share, index) => {
    const at = x(share.at);
    const marker = svg('g', { class: 'share', 'data-handle': share.actor.handle });
    marker.append(svg('line', { x1: at, y1: PLOT_TOP - 8, x2: at, y2: PLOT_BOTTOM }));
    marker.append(svg('text', { x: at + 3, y: PLOT_TOP - 12 + (index % 2) * 12 }, share.actor.handle));
    marker.append(svg('title', {}, `${share.actor.handle} shared at ${share.at}`));
    shares.append(marker);
  });
  element.append(axis, bars, shares);
}
