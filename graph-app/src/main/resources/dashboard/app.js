// The dashboard: a memory's neighbourhood drawn with cytoscape, and the sync status fed by the
// event stream. Text reaches the DOM only through textContent, never as markup: hashes and error
// messages come from users and the cloud.
(function () {
  'use strict';

  const TOKEN_KEY = 'hybrid-graph-sync.token';
  // One colour per relationship type; symmetric types are drawn without arrows.
  const TYPES = {
    related: '#4e79a7',
    contradicts: '#e15759',
    causes: '#f28e2b',
    fixes: '#59a14f',
    supports: '#9c755f',
    follows: '#b07aa1',
  };
  const $ = (id) => document.getElementById(id);

  // --- API access --------------------------------------------------------------------------------

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  async function api(path, options) {
    const headers = {};
    if (token()) {
      headers.Authorization = 'Bearer ' + token();
    }
    const response = await fetch(path, Object.assign({ headers: headers }, options || {}));
    if (response.status === 401) {
      $('token-form').hidden = false;
      throw new Error('this server needs its API token');
    }
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      throw new Error(body && body.error ? body.error.message : 'HTTP ' + response.status);
    }
    return body;
  }

  // --- the graph ---------------------------------------------------------------------------------

  const cy = cytoscape({
    container: $('graph'),
    wheelSensitivity: 0.3,
    style: [
      {
        selector: 'node',
        style: {
          label: 'data(label)',
          'font-size': 10,
          'text-valign': 'bottom',
          'text-margin-y': 4,
          'text-background-color': '#fcfcfd',
          'text-background-opacity': 0.85,
          'text-background-padding': 2,
          'background-color': '#8a9bb0',
          width: 18,
          height: 18,
        },
      },
      {
        selector: 'node[distance = 0]',
        style: { 'background-color': '#1f2d3d', width: 26, height: 26, 'font-weight': 'bold' },
      },
      {
        selector: 'edge',
        style: {
          width: 2,
          'curve-style': 'bezier',
          'line-color': 'data(colour)',
          'target-arrow-color': 'data(colour)',
          'target-arrow-shape': 'none',
        },
      },
      { selector: 'edge[?directed]', style: { 'target-arrow-shape': 'triangle' } },
    ],
  });
  window.dashboardGraph = cy; // for tests and the browser console

  function shortHash(hash) {
    return hash.length > 12 ? hash.slice(0, 10) + '…' : hash;
  }

  function draw(subgraph) {
    const elements = subgraph.nodes.map((node) => ({
      group: 'nodes',
      data: { id: node.hash, label: shortHash(node.hash), distance: node.distance },
    }));
    subgraph.edges.forEach((edge, index) => {
      elements.push({
        group: 'edges',
        data: {
          id: 'edge-' + index,
          source: edge.source,
          target: edge.target,
          type: edge.relationship_type,
          directed: edge.directed,
          colour: TYPES[edge.relationship_type] || '#999',
        },
      });
    });
    cy.elements().remove();
    cy.add(elements);
    cy.layout({
      name: 'cose',
      animate: false,
      randomize: true,
      idealEdgeLength: () => 90,
      nodeRepulsion: () => 400000,
      padding: 30,
    }).run();
    $('graph').dataset.center = subgraph.center;
  }

  function message(text, isError) {
    const element = $('graph-message');
    element.textContent = text;
    element.className = isError ? 'error' : 'muted';
  }

  async function show(hash) {
    $('hash').value = hash;
    message('Loading ' + hash + '…', false);
    try {
      const subgraph = await api(
        '/api/graph/memories/' + encodeURIComponent(hash) + '/subgraph?radius=2&max_nodes=200');
      if (subgraph.edges.length === 0) {
        cy.elements().remove();
        $('graph').dataset.center = '';
        message('Memory ' + hash + ' has no associations on this device.', false);
        return;
      }
      draw(subgraph);
      message(
        subgraph.nodes.length + ' memories and ' + subgraph.edges.length +
          ' associations within 2 hops of ' + hash + (subgraph.truncated ? ' (truncated)' : ''),
        false);
    } catch (error) {
      cy.elements().remove();
      $('graph').dataset.center = '';
      message(error.message, true);
    }
  }

  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const hash = $('hash').value.trim();
    if (hash) {
      show(hash);
    }
  });
  cy.on('tap', 'node', (event) => show(event.target.id()));

  Object.keys(TYPES).forEach((type) => {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.backgroundColor = TYPES[type];
    item.append(swatch, type + (type === 'related' || type === 'contradicts' ? '' : ' →'));
    $('legend').append(item);
  });

  // --- sync --------------------------------------------------------------------------------------

  function text(value) {
    return value === null || value === undefined || value === '' ? '–' : String(value);
  }

  // ISO-8601 instants, to the second.
  function when(value) {
    return value ? String(value).replace('T', ' ').replace(/\.\d+Z$/, 'Z') : value;
  }

  function showStatus(status) {
    $('sync-enabled').textContent = status.enabled ? 'yes' : 'no (no cloud configured)';
    $('sync-state').textContent = text(status.state);
    $('sync-queue').textContent = text(status.queue_depth !== undefined ? status.queue_depth : status.pending);
    $('sync-parked').textContent = text(status.parked);
    $('sync-last-push').textContent = text(when(status.last_push));
    $('sync-last-pull').textContent = text(when(status.last_pull));
    $('sync-last-error').textContent = text(status.last_error);
    $('start-initial').disabled = !status.enabled;
    if (status.initial_sync_progress) {
      showProgress(status.initial_sync_progress);
    }
  }

  function showProgress(progress) {
    const bar = $('sync-progress');
    bar.max = Math.max(progress.total, 1);
    bar.value = progress.total === 0 && progress.finished ? 1 : progress.done;
    bar.dataset.phase = progress.phase;
    bar.dataset.done = progress.done;
    bar.dataset.total = progress.total;
    bar.dataset.finished = progress.finished;
    let line = progress.phase + ': ' + progress.done + ' / ' + progress.total + ' rows';
    if (progress.finished) {
      line += ', done';
    } else {
      line += ', ' + Math.round(progress.rows_per_second) + ' rows/s';
      if (progress.remaining_seconds !== null) {
        line += ', ' + Math.ceil(progress.remaining_seconds) + ' s left';
      }
    }
    $('progress-text').textContent = line;
  }

  function lastEvent(name, data) {
    let line = name + ' at ' + when(data.at);
    if (data.rows !== undefined) {
      line += ': ' + data.rows + ' rows';
    }
    if (data.reason) {
      line += ' (' + data.reason + ')';
    }
    $('last-event').textContent = line;
    if (data.queue_depth !== undefined) {
      $('sync-queue').textContent = text(data.queue_depth);
    }
  }

  let events = null;

  function listen() {
    if (events) {
      events.close();
    }
    const query = token() ? '?token=' + encodeURIComponent(token()) : '';
    events = new EventSource('/api/events' + query);
    events.onopen = () => {
      $('connection').textContent = 'live';
    };
    events.onerror = () => {
      $('connection').textContent = 'event stream lost, reconnecting…';
    };
    events.addEventListener('status', (event) => showStatus(JSON.parse(event.data)));
    events.addEventListener('progress', (event) => showProgress(JSON.parse(event.data)));
    ['pushed', 'pulled', 'parked', 'failed'].forEach((name) =>
      events.addEventListener(name, (event) => lastEvent(name, JSON.parse(event.data))));
  }

  $('start-initial').addEventListener('click', async () => {
    $('start-initial').disabled = true;
    try {
      await api('/api/sync/graph/initial', { method: 'POST' });
      $('progress-text').textContent = 'started…';
    } catch (error) {
      $('progress-text').textContent = error.message;
    } finally {
      $('start-initial').disabled = false;
    }
  });

  async function refresh() {
    try {
      showStatus(await api('/api/sync/graph/status'));
      $('token-form').hidden = true;
      listen();
    } catch (error) {
      $('connection').textContent = error.message;
    }
  }

  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value);
    $('token').value = '';
    refresh();
  });

  refresh();
})();
