// Talking to the cascade API: JSON requests and the live event stream, with the API key (when the deployment
// requires one) kept for this browser tab only and sent as a header, never in a URL.

const KEY = 'ripple.apiKey';

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

function headers(accept) {
  const result = { Accept: accept };
  const key = sessionStorage.getItem(KEY);
  if (key) {
    result['X-Api-Key'] = key;
  }
  return result;
}

async function problemOf(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/** GETs a path of this service as JSON; throws an ApiError carrying the problem for any error status. */
export async function getJson(path) {
  const response = await fetch(path, { headers: headers('application/json') });
  if (!response.ok) {
    throw new ApiError(response.status, await problemOf(response));
  }
  return { body: await response.json(), response };
}

/** Shows a form asking for an API key in `container`; calls `done` once one is stored. */
export function askForKey(container, done) {
  container.replaceChildren();
  const form = document.createElement('form');
  form.className = 'keyform';
  const label = document.createElement('label');
  label.textContent = 'This deployment needs an API key: ';
  const input = document.createElement('input');
  input.type = 'password';
  input.autocomplete = 'off';
  input.size = 32;
  label.append(input);
  const button = document.createElement('button');
  button.type = 'submit';
  button.textContent = 'Use key';
  form.append(label, button);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (input.value.trim()) {
      sessionStorage.setItem(KEY, input.value.trim());
      container.replaceChildren();
      done();
    }
  });
  container.append(form);
  input.focus();
}

/**
 * Follows a Server-Sent Events stream with fetch (EventSource cannot send the API key header), parsing events and
 * reconnecting after the server's `retry` time, or with growing back-off after errors. `onState` hears 'live',
 * 'reconnecting', 'unauthorized' and 'gone'. Returns { close() }.
 */
export function streamEvents(path, { onEvent, onState }) {
  let closed = false;
  let retry = 3000;
  let failures = 0;
  let controller = null;

  async function connect() {
    controller = new AbortController();
    try {
      const response = await fetch(path, { headers: headers('text/event-stream'), signal: controller.signal });
      if (response.status === 401) {
        onState('unauthorized');
        return;
      }
      if (response.status === 404) {
        onState('gone');
        return;
      }
      if (!response.ok || !response.body) {
        throw new Error(`HTTP ${response.status}`);
      }
      failures = 0;
      onState('live');
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          break;
        }
        buffer += value.replace(/\r\n?/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = parse(block);
          if (event.retry) {
            retry = event.retry;
          }
          if (event.data !== null) {
            onEvent(event);
          }
        }
      }
    } catch (error) {
      if (closed) {
        return;
      }
      failures++;
    }
    if (!closed) {
      onState('reconnecting');
      const wait = failures === 0 ? retry : Math.min(30000, retry * 2 ** Math.min(failures, 4));
      setTimeout(connect, wait);
    }
  }

  function parse(block) {
    const event = { type: 'message', data: null, id: null, retry: null };
    const data = [];
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) {
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) {
        value = value.slice(1);
      }
      if (field === 'event') event.type = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') event.id = value;
      else if (field === 'retry' && /^\d+$/.test(value)) event.retry = Number(value);
    }
    if (data.length > 0) {
      event.data = data.join('\n');
    }
    return event;
  }

  connect();
  return {
    close() {
      closed = true;
      if (controller) {
        controller.abort();
      }
    },
  };
}

/** An ISO time as "2009-09-18 15:20 UTC". */
export function formatTime(iso) {
  if (!iso) {
    return '–';
  }
  return iso.replace('T', ' ').replace(/(:\d\d)(\.\d+)?Z$/, '$1').slice(0, 16) + ' UTC';
}

export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, value);
  }
  element.append(...children);
  return element;
}
