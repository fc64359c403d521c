// Draws a cascade tree as SVG: root at the top, children below their parent, leaves spread left to right and each
// parent centred over its children (so subtrees never overlap), node area growing with the follows brought.

const SVG = 'http://www.w3.org/2000/svg';
const X_GAP = 170;
const Y_GAP = 150;
// Below a node: its handle and follow count, then the edge to its children starts.
const LABELS = 36;
const MARGIN = 60;

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

/** Positions every node: returns [{ node, parent, x, y }] and the drawing's size. Iterative: trees can be deep. */
export function layout(root) {
  const placed = [];
  let leaves = 0;
  let maxLevel = 0;
  // Post-order without recursion: a node is placed after all its children.
  const stack = [{ node: root, parent: null, level: 0, visited: false }];
  const positions = new Map();
  while (stack.length > 0) {
    const frame = stack.pop();
    const children = frame.node.children || [];
    if (!frame.visited && children.length > 0) {
      frame.visited = true;
      stack.push(frame);
      for (let i = children.length - 1; i >= 0; i--) {
        stack.push({ node: children[i], parent: frame.node, level: frame.level + 1, visited: false });
      }
      continue;
    }
    let x;
    if (children.length === 0) {
      x = leaves++ * X_GAP;
    } else {
      x = (positions.get(children[0]).raw + positions.get(children[children.length - 1]).raw) / 2;
    }
    const position = {
      node: frame.node, parent: frame.parent, raw: x, x: x + MARGIN + 40, y: frame.level * Y_GAP + MARGIN,
    };
    positions.set(frame.node, position);
    placed.push(position);
    maxLevel = Math.max(maxLevel, frame.level);
  }
  return {
    nodes: placed.reverse(),
    positions,
    width: Math.max(1, leaves) * X_GAP + 2 * MARGIN,
    height: (maxLevel + 1) * Y_GAP + MARGIN,
  };
}

export function radius(node) {
  return Math.min(42, 9 + 4 * Math.sqrt(node.creditedFollows || 0));
}

function ruleLabel(rule) {
  return (rule || '').toLowerCase().replace(/_/g, ' ');
}

/** Replaces the contents of `element` (an <svg>) with the tree. */
export function renderTree(element, root) {
  element.replaceChildren();
  if (!root) {
    return;
  }
  const drawn = layout(root);
  element.setAttribute('width', drawn.width);
  element.setAttribute('height', drawn.height);
  element.setAttribute('viewBox', `0 0 ${drawn.width} ${drawn.height}`);
  const edges = svg('g', { class: 'edges' });
  const nodes = svg('g', { class: 'nodes' });
  for (const { node, parent, x, y } of drawn.nodes) {
    if (parent) {
      const from = drawn.positions.get(parent);
      const edge = svg('g', {
        class: 'edge',
        'data-rule': node.rule,
        'data-parent-uri': parent.uri,
        'data-uri': node.uri,
      });
      const top = from.y + radius(parent) + LABELS;
      const bottom = y - radius(node);
      edge.append(svg('line', { x1: from.x, y1: top, x2: x, y2: bottom }));
      const label = ruleLabel(node.rule);
      const mx = (from.x + x) / 2;
      const my = (top + bottom) / 2;
      edge.append(svg('rect', { class: 'label-bg', x: mx - label.length * 3.2, y: my - 9, width: label.length * 6.4,
        height: 13, rx: 3 }));
      edge.append(svg('text', { x: mx, y: my + 1, 'text-anchor': 'middle' }, label));
      edges.append(edge);
    }
    const group = svg('g', {
      class: parent ? 'node' : 'node root',
      transform: `translate(${x},${y})`,
      'data-uri': node.uri,
      'data-parent-uri': parent ? parent.uri : '',
      'data-handle': node.actor.handle,
      'data-depth': node.depth,
      'data-follows': node.creditedFollows,
    });
    group.append(svg('title', {}, `${node.actor.handle} — ${node.kind.toLowerCase()} (${ruleLabel(node.rule)}, `
      + `confidence ${node.confidence.toFixed(2)})\n${node.occurredAt}\n${node.directFollows} follows exposed `
      + `directly, ${node.creditedFollows} through this share and below\n${node.uri}`));
    group.append(svg('circle', { r: radius(node) }));
    group.append(svg('text', { y: radius(node) + 16, 'text-anchor': 'middle', class: 'handle' }, node.actor.handle));
    group.append(svg('text', { y: radius(node) + 30, 'text-anchor': 'middle', class: 'count' },
      `${node.creditedFollows} follows`));
    nodes.append(group);
  }
  element.append(edges, nodes);
}
