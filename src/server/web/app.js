// geokg web page: find an actor, see its network, read the relation between two actors over
// time, and check every edge against the sentences that support it.
//
// Plain JavaScript written for geokg. The overview of the whole graph is drawn and laid out by
// Cytoscape.js with the fCoSE layout (bundled in /web/vendor/, loaded before this script), and
// so are the ego networks. It speaks only the JSON API of the server that serves it. The whole
// state of the page lives in the query string (view, actor, other actor, filters), so every view
// can be bookmarked and the browser's back and forward work; pinned actors are kept in the
// browser (localStorage), per view.
'use strict';

(function () {
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const KINDS = JSON.parse(document.getElementById('geokg-kinds').textContent);
  const TONE = Object.fromEntries(KINDS.map((kind) => [kind.name, kind.tone]));
  // Classes of events that can be hidden, and the API parameter that leaves each out.
  const HIDEABLE = JSON.parse(document.getElementById('geokg-hideable').textContent);
  const FORMATS = [['dot', 'DOT'], ['svg', 'SVG'], ['graphml', 'GraphML'], ['json', 'JSON'], ['csv', 'CSV']];
  const VIEWS = ['home', 'network', 'relation', 'actor'];
  const DEFAULTS = {
    depth: '1', level: 'entity', since: '', until: '', min_count: '1', top: '15', kind: '', hide: '', granularity: 'month',
    overview: 'country',
  };
  const FILTERS = ['depth', 'level', 'since', 'until', 'min_count', 'top', 'kind', 'hide'];
  const NETWORK_ONLY = ['depth', 'min_count', 'top'];
  const KIND_COLOURS = { state: '#2f6db5', person: '#8e44ad', organization: '#0f7f81', group: '#c0490f' };
  const LEVEL_NAMES = { entity: 'entities', sector: 'sectors', country: 'countries' };

  const $ = (selector, root) => (root || document).querySelector(selector);
  const view = $('#view');
  const announcer = $('#announce');

  // ---------------------------------------------------------------- small DOM helpers

  function setAttrs(el, attrs) {
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'text') el.textContent = value;
      else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? '' : String(value));
    }
  }

  function append(el, kids) {
    for (const kid of kids.flat(Infinity)) {
      if (kid === null || kid === undefined || kid === false) continue;
      el.append(kid instanceof Node ? kid : String(kid));
    }
    return el;
  }

  /** An HTML element: h('a', {href: '/'}, 'text', child, ...). Text is never parsed as HTML. */
  function h(tag, attrs, ...kids) {
    const el = document.createElement(tag);
    setAttrs(el, attrs);
    return append(el, kids);
  }

  /** An SVG element. */
  function s(tag, attrs, ...kids) {
    const el = document.createElementNS(SVG_NS, tag);
    setAttrs(el, attrs);
    return append(el, kids);
  }

  function announce(text) {
    announcer.textContent = text;
  }

  const MINUS = '\u2212';
  function signed(value, digits = 1) {
    const text = Math.abs(value).toFixed(digits);
    if (value > 0) return '+' + text;
    if (value < 0) return MINUS + text;
    return text;
  }
  function plural(n, one, many) {
    return `${n.toLocaleString('en')} ${n === 1 ? one : many || one + 's'}`;
  }
  function kindLabel(kind) {
    return kind.replace(/_/g, ' ');
  }
  function toneOf(kind) {
    return TONE[kind] || 'neutral';
  }
  /** The colour of a mean Goldstein weight, as the DOT export draws it: red, grey, green. */
  function goldsteinColour(mean) {
    const grey = [150, 150, 150];
    const end = mean < 0 ? [204, 40, 40] : [30, 140, 60];
    const share = Math.sqrt(Math.min(Math.max(Math.abs(mean) / 10, 0), 1));
    return '#' + grey.map((from, i) => Math.round(from + (end[i] - from) * share).toString(16).padStart(2, '0')).join('');
  }
  function goldsteinClass(value) {
    return value > 0 ? 'pos' : value < 0 ? 'neg' : '';
  }

  // ---------------------------------------------------------------- state in the URL

  function readState() {
    const params = new URLSearchParams(location.search);
    const state = { actor: params.get('actor') || '', other: params.get('other') || '' };
    for (const key of [...FILTERS, 'granularity', 'overview']) state[key] = params.get(key) || DEFAULTS[key];
    if (!['country', 'entity'].includes(state.overview)) state.overview = DEFAULTS.overview;
    let name = params.get('view') || '';
    if (!VIEWS.includes(name)) name = state.actor ? 'network' : 'home';
    if (!state.actor) name = 'home';
    if (name === 'relation' && !state.other) name = 'network';
    state.view = name;
    return state;
  }

  function urlOf(state) {
    const params = new URLSearchParams();
    if (state.view !== 'home') params.set('view', state.view);
    if (state.actor && state.view !== 'home') params.set('actor', state.actor);
    if (state.other && state.view !== 'home') params.set('other', state.other);
    for (const key of FILTERS) {
      if (state[key] && state[key] !== DEFAULTS[key]) params.set(key, state[key]);
    }
    if (state.granularity !== DEFAULTS.granularity) params.set('granularity', state.granularity);
    if (state.view === 'home' && state.overview !== DEFAULTS.overview) params.set('overview', state.overview);
    const query = params.toString();
    return location.pathname + (query ? '?' + query : '');
  }

  let state = readState();

  /** Goes to a new state: a new history entry (or the same one with `replace`), then draws it. */
  function navigate(patch, options = {}) {
    const next = { ...state, ...patch };
    if (patch.actor !== undefined && patch.actor !== state.actor && patch.other === undefined) next.other = '';
    if (!next.actor) next.view = 'home';
    const url = urlOf(next);
    const same = url === location.pathname + location.search;
    history[options.replace || same ? 'replaceState' : 'pushState'](null, '', url);
    if (options.focus !== false) window.scrollTo(0, 0);
    render({ focus: options.focus !== false });
  }

  function linkTo(patch, label, attrs = {}) {
    const next = { ...state, ...patch };
    if (patch.actor !== undefined && patch.actor !== state.actor && patch.other === undefined) next.other = '';
    return h('a', {
      href: urlOf(next),
      ...attrs,
      onclick: (event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(patch);
      },
    }, label);
  }

  window.addEventListener('popstate', () => render({ focus: false }));

  // ---------------------------------------------------------------- the API

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  async function api(path, params, signal) {
    const query = params && params.toString();
    let response;
    try {
      response = await fetch(path + (query ? '?' + query : ''), { signal, headers: { Accept: 'application/json' } });
    } catch (error) {
      if (error.name === 'AbortError') throw error;
      throw new ApiError(0, 'The geokg server cannot be reached. Is it still running?');
    }
    if (!response.ok) {
      let message = '';
      try {
        message = (await response.json()).error || '';
      } catch (_) {
        // not JSON: fall back on the status line
      }
      throw new ApiError(response.status, message || `the server answered ${response.status} ${response.statusText}`);
    }
    return { body: await response.json(), headers: response.headers };
  }

  /** What went wrong, in plain words, and what to do about it. */
  function explain(error) {
    const message = String(error.message || error).replace(/`/g, '\u201c').replace(/\u201c(?=[\s.,;:)]|$)/g, '\u201d');
    switch (error.status) {
      case 0: return message;
      case 400: return `A filter is not valid: ${message}. Correct it in the filters and try again.`;
      case 404: return `Not found: ${message}. Look the actor up with the search box above.`;
      case 413: return `The request is too large: ${message}.`;
      case 422: return `The server cannot draw this: ${message}. Narrow the view with the filters.`;
      default:
        if (error.status >= 500) return 'The server failed while answering. Try again; if it keeps failing, its log says why.';
        return message;
    }
  }

  function filterParams(keys, extra) {
    const params = new URLSearchParams();
    for (const key of keys) {
      if (key === 'hide') continue;
      if (state[key] && state[key] !== DEFAULTS[key]) params.set(key, state[key]);
    }
    // Hidden classes of events become the API parameters that leave them out, in every view.
    const hidden = new Set(state.hide ? state.hide.split(',') : []);
    for (const hideable of HIDEABLE) {
      if (hidden.has(hideable.name)) params.set(hideable.param, hideable.value);
    }
    for (const [key, value] of Object.entries(extra || {})) params.set(key, value);
    return params;
  }

  // ---------------------------------------------------------------- rendering a view

  let generation = 0;
  let controller = null;

  async function render(options = {}) {
    state = readState();
    if (state.actor !== chosenActor) {
      input.value = '';
      chosenActor = null;
    }
    syncFilters();
    syncTabs();
    generation += 1;
    const current = generation;
    if (controller) controller.abort();
    controller = new AbortController();
    const context = { signal: controller.signal, live: () => current === generation };
    stopOverview();
    stopNetwork();
    view.setAttribute('aria-busy', 'true');
    view.replaceChildren(h('div', { class: 'loading', text: 'Loading\u2026' }));
    try {
      if (state.view === 'network') await renderNetwork(context);
      else if (state.view === 'relation') await renderRelation(context);
      else if (state.view === 'actor') await renderActor(context);
      else await renderHome(context);
    } catch (error) {
      if (error.name === 'AbortError' || !context.live()) return;
      const what = {
        network: 'Could not load the network',
        relation: 'Could not load the relation',
        actor: 'Could not load the actor',
        home: 'Could not load the start page',
      }[state.view];
      view.replaceChildren(h('div', { class: 'error', role: 'alert' },
        h('strong', { text: what }),
        h('p', { text: explain(error) }),
        h('button', { type: 'button', onclick: () => render({ focus: true }), text: 'Try again' })));
      document.title = `${what} \u00b7 geokg`;
      if (error.status === 404 && state.actor) offerNearActors(state.actor, context);
      if (window.console) console.warn(what, error);
    } finally {
      if (context.live()) view.removeAttribute('aria-busy');
    }
    if (context.live() && options.focus) view.focus({ preventScroll: true });
  }

  /** Under a "not found": links to the actors whose names are near the one asked for. */
  async function offerNearActors(raw, context) {
    let body;
    try {
      ({ body } = await api('/api/actors', new URLSearchParams({ q: raw, limit: '5' }), context.signal));
    } catch (_) {
      return;
    }
    const near = body.actors.length ? body.actors : body.suggestions || [];
    const box = $('.error', view);
    if (!near.length || !box || !context.live()) return;
    box.append(h('p', { id: 'near-actors' }, 'Did you mean ',
      near.map((actor, i) => [i ? ', ' : '', linkTo({ actor: actor.id }, actor.name)]), '?'));
  }

  function syncTabs() {
    for (const name of ['network', 'relation', 'actor']) {
      const tab = $('#tab-' + name);
      const possible = state.actor && (name !== 'relation' || state.other);
      tab.toggleAttribute('aria-current', false);
      if (state.view === name) tab.setAttribute('aria-current', 'page');
      if (possible) {
        tab.removeAttribute('aria-disabled');
        tab.setAttribute('href', urlOf({ ...state, view: name }));
      } else {
        tab.setAttribute('aria-disabled', 'true');
        tab.removeAttribute('href');
      }
    }
  }

  for (const tab of document.querySelectorAll('.tabs a')) {
    tab.addEventListener('click', (event) => {
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      if (tab.getAttribute('aria-disabled') === 'true') return;
      navigate({ view: tab.dataset.view });
    });
  }
  $('.brand').addEventListener('click', (event) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate({ view: 'home', actor: '', other: '' });
  });

  function downloads(label, links) {
    return h('div', { class: 'downloads' }, h('span', { class: 'muted', text: label }),
      links.map(([text, href, file]) => h('a', { href, download: file, text })));
  }

  // ---------------------------------------------------------------- start page: the overview

  // Community colours, for the largest communities first; the rest are grey.
  const COMMUNITY_COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf',
    '#8c564b', '#e377c2', '#bcbd22', '#393b79', '#637939', '#843c39'];
  const OTHER_COMMUNITY = '#a3acb6';
  const WINDOWS = [['all', 'everything up to'], ['1', 'that month'], ['3', '3 months to'], ['12', '12 months to']];
  // The overview on screen: the Cytoscape instance, the replay's timer, the pinned nodes.
  let overview = null;

  function stopOverview() {
    if (!overview) return;
    clearInterval(overview.timer);
    if (overview.cy) overview.cy.destroy();
    overview = null;
  }

  function communityColour(community) {
    return community < COMMUNITY_COLOURS.length ? COMMUNITY_COLOURS[community] : OTHER_COMMUNITY;
  }

  async function renderHome(context) {
    const level = state.overview;
    const graphParams = filterParams(['since', 'until', 'kind'], { format: 'json', level, timeline: 'month' });
    const [health, ranking, graph] = await Promise.all([
      api('/health', null, context.signal),
      api('/api/rankings', filterParams(['level', 'since', 'until', 'kind'], { limit: '18' }), context.signal),
      api('/api/graph', graphParams, context.signal),
    ]);
    if (!context.live()) return;
    document.title = 'geokg: explore the graph';
    const counts = health.body;
    const hero = h('div', { class: 'card home-hero' },
      h('h1', { text: 'Who did what to whom, and the sentence that says so' }),
      h('p', { text: 'Above, the whole graph coloured by community: drag an actor to pin it, replay the months with the time control. '
        + 'Find an actor with the search box to see its network, then click a line to read the relation month by month, with every sentence behind it.' }),
      h('div', { class: 'stats' },
        stat(counts.documents, 'articles'), stat(counts.actors, 'actors'), stat(counts.events, 'events')));
    if (!counts.actors) {
      view.replaceChildren(hero, h('div', { class: 'card empty-state' },
        h('p', { text: 'The store is empty: there is nothing to explore yet.' }),
        h('p', {}, 'Add articles with ', h('code', { text: 'geokg ingest PATH' }), ' or POST them to ',
          h('code', { text: '/api/documents' }), ', or start ', h('code', { text: 'geokg demo' }), ' for the sample articles.')));
      announce('The store is empty.');
      return;
    }
    const picks = h('ul', { class: 'pick-list' }, ranking.body.rankings.map((ranked) => h('li', {},
      h('button', { type: 'button', onclick: () => navigate({ view: 'network', actor: ranked.actor.id }) },
        h('span', { text: ranked.actor.name }), h('span', { class: 'muted small', text: ranked.actor.id })))));
    const card = overviewCard(graph.body, level);
    view.replaceChildren(card, hero, h('div', { class: 'card' },
      h('h2', { text: 'Most central actors' }),
      h('p', { class: 'muted small', text: 'By PageRank over the events that pass the filters. Choose one to see its network.' }),
      picks));
    drawOverview(graph.body, level, context);
  }

  /** The card of the overview: title, level switch, replay controls, the drawing and its legend. */
  function overviewCard(body, level) {
    const nodes = body.elements.nodes.length;
    const edges = body.elements.edges.length;
    const levelButton = (value, label) => h('button', {
      type: 'button', class: 'segment', id: 'ov-level-' + value, 'aria-pressed': String(level === value),
      onclick: () => { if (level !== value) navigate({ overview: value }, { focus: false }); },
    }, label);
    const windowSelect = h('select', { id: 'ov-window', 'aria-label': 'Which months to show' },
      WINDOWS.map(([value, label]) => h('option', { value, text: label })));
    return h('div', { class: 'card overview' },
      h('div', { class: 'view-head' },
        h('h2', { id: 'view-title', text: level === 'country' ? 'Overview: all countries' : 'Overview: all actors' }),
        h('span', { class: 'muted', id: 'overview-counts', text: `${plural(nodes, 'actor')} \u00b7 ${plural(edges, 'relation')}` }),
        h('div', { class: 'segments', role: 'group', 'aria-label': 'Level' },
          levelButton('country', 'Countries'), levelButton('entity', 'Entities'))),
      h('div', { class: 'replay', role: 'group', 'aria-label': 'Replay by month' },
        h('button', { type: 'button', id: 'ov-play', 'aria-pressed': 'false', text: 'Play' }),
        h('label', { for: 'ov-month', class: 'visually-hidden', text: 'Month' }),
        windowSelect,
        h('input', { type: 'range', id: 'ov-month', min: '0', max: '0', step: '1', value: '0' }),
        h('output', { id: 'ov-month-label', for: 'ov-month' }),
        h('span', { class: 'muted small', id: 'ov-active' })),
      h('div', { class: 'overview-wrap' },
        h('div', { id: 'overview', class: 'overview-graph', role: 'img',
          'aria-label': `The whole graph at ${level} level, coloured by community` }),
        h('div', { class: 'overview-tools' },
          h('button', { type: 'button', id: 'ov-relayout', text: 'Lay out again' }),
          h('button', { type: 'button', id: 'ov-unpin', text: 'Unpin all' }),
          h('button', { type: 'button', id: 'ov-fit', text: 'Fit' }))),
      h('p', { class: 'muted small', id: 'ov-status', role: 'status', text: 'Laying out\u2026' }),
      h('div', { id: 'ov-details', class: 'ov-details', hidden: true }),
      h('div', { class: 'legend', id: 'ov-legend' }));
  }

  /** Months from `first` to `last` (YYYY-MM), every one, in order. */
  function monthRange(first, last) {
    const months = [];
    let [year, month] = first.split('-').map(Number);
    const [lastYear, lastMonth] = last.split('-').map(Number);
    while (year < lastYear || (year === lastYear && month <= lastMonth)) {
      months.push(`${year}-${String(month).padStart(2, '0')}`);
      month += 1;
      if (month > 12) { month = 1; year += 1; }
    }
    return months;
  }

  /** Draws the graph with Cytoscape, lays it out with fCoSE, and wires dragging, pins and replay. */
  function drawOverview(body, level, context) {
    stopOverview();
    const container = $('#overview');
    const status = $('#ov-status');
    if (typeof window.cytoscape !== 'function') {
      status.textContent = 'The drawing library did not load; reload the page.';
      return;
    }
    const nodes = body.elements.nodes.map((node) => node.data).filter((data) => data.kind !== 'country');
    const edges = body.elements.edges.map((edge) => edge.data).filter((data) => data.source !== data.target);
    const maxEvents = Math.max(1, ...nodes.map((node) => node.n_events || 0));
    const maxWeight = Math.max(1, ...edges.map((edge) => edge.weight || 0));
    const big = nodes.length > 400;
    // Every month from the first to the last event, and each edge's running totals over them.
    let first = null;
    let last = null;
    for (const edge of edges) {
      for (const [month] of edge.months || []) {
        if (!first || month < first) first = month;
        if (!last || month > last) last = month;
      }
    }
    const months = first ? monthRange(first, last) : [];
    const monthIndex = new Map(months.map((month, i) => [month, i]));
    const running = edges.map((edge) => {
      const n = new Float64Array(months.length + 1);
      const g = new Float64Array(months.length + 1);
      for (const [month, events, goldstein] of edge.months || []) {
        n[monthIndex.get(month) + 1] += events;
        g[monthIndex.get(month) + 1] += goldstein;
      }
      for (let i = 1; i <= months.length; i += 1) {
        n[i] += n[i - 1];
        g[i] += g[i - 1];
      }
      return { n, g };
    });
    const size = (n) => 8 + 34 * Math.sqrt((n || 0) / maxEvents);
    const elements = [
      ...nodes.map((node) => ({ group: 'nodes', data: {
        id: node.id, label: node.label, kind: node.kind, country: node.country, n_events: node.n_events,
        n_partners: node.n_partners, community: node.community,
        colour: communityColour(node.community), size: size(node.n_events),
      } })),
      ...edges.map((edge, i) => ({ group: 'edges', data: {
        id: 'e' + i, source: edge.source, target: edge.target, n_events: edge.n_events,
        width: 0.6 + 5 * Math.sqrt((edge.weight || 0) / maxWeight), colour: edge.color || '#999', index: i,
      } })),
    ];
    const started = performance.now();
    const cy = window.cytoscape({
      container,
      elements,
      layout: { name: 'null' },
      minZoom: 0.05,
      maxZoom: 6,
      wheelSensitivity: 0.4,
      boxSelectionEnabled: false,
      // Large graphs stay fluid while panning and zooming: a bitmap of the drawing moves instead.
      textureOnViewport: big,
      hideEdgesOnViewport: edges.length > 3000,
      motionBlur: big,
      style: [
        { selector: 'node', style: {
          width: 'data(size)', height: 'data(size)', 'background-color': 'data(colour)',
          'border-width': 1, 'border-color': '#ffffff', label: 'data(label)',
          'font-size': (node) => 7 + node.data('size') / 4, 'min-zoomed-font-size': 9,
          color: '#1b2430', 'text-valign': 'bottom', 'text-margin-y': 2,
          'text-outline-color': '#ffffff', 'text-outline-width': 2,
        } },
        { selector: 'node.pinned', style: { 'border-width': 3, 'border-color': '#1b2430', shape: 'round-rectangle' } },
        { selector: 'node.quiet', style: { opacity: 0.18, 'text-opacity': 0 } },
        { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#f0a500' } },
        { selector: 'edge', style: {
          width: 'data(width)', 'line-color': 'data(colour)', opacity: 0.55, 'curve-style': 'haystack',
        } },
        { selector: 'edge.off', style: { display: 'none' } },
        { selector: 'edge:selected', style: { opacity: 1, 'line-color': '#f0a500' } },
      ],
    });
    overview = { cy, timer: null, months, running, edges, level };
    window.geokgOverview = overview;

    const pins = pinsOf(`overview:${level}`);
    pins.restore(cy);
    const layoutOptions = (randomize) => ({
      name: 'fcose',
      quality: 'default',
      randomize,
      animate: false,
      fit: true,
      padding: 20,
      nodeDimensionsIncludeLabels: false,
      packComponents: true,
      nodeRepulsion: () => 6000,
      idealEdgeLength: () => (big ? 60 : 80),
      edgeElasticity: () => 0.3,
      // fCoSE's refinement dominates the time to first picture; fewer rounds on big graphs.
      numIter: big ? 1000 : 2500,
      fixedNodeConstraint: pins.constraints(cy),
    });
    const runLayout = (randomize) => layoutOnce(cy, layoutOptions(randomize));

    cy.on('tap', 'node', (event) => showNode(event.target));
    cy.on('tap', 'edge', (event) => showEdge(event.target, edges[event.target.data('index')]));
    cy.on('tap', (event) => { if (event.target === cy) $('#ov-details').hidden = true; });
    wirePins(cy, pins, status, { relayout: $('#ov-relayout'), unpin: $('#ov-unpin'), fit: $('#ov-fit') }, runLayout);
    wireReplay(cy, months, running);
    legendOfCommunities(nodes);

    runLayout(true).then(() => {
      if (!context.live() || !overview || overview.cy !== cy) return;
      const took = performance.now() - started;
      overview.layoutMs = took;
      overview.readyAt = performance.now();
      container.dataset.ready = 'true';
      status.textContent = `${plural(nodes.length, 'actor')} and ${plural(edges.length, 'relation')} laid out in ${(took / 1000).toFixed(1)} s. `
        + 'Drag an actor to pin it; double-click or right-click to unpin; click one for its details.';
      announce(`Overview at ${level} level: ${plural(nodes.length, 'actor')} and ${plural(edges.length, 'relation')}.`);
    });
  }

  /** Runs a layout to its end. */
  function layoutOnce(cy, options) {
    return new Promise((resolve) => {
      const layout = cy.layout(options);
      layout.one('layoutstop', resolve);
      layout.run();
    });
  }

  /**
   * The pinned actors of one view (the overview at a level, a network by its centre, level and
   * depth), kept in the browser's localStorage so that they outlive a reload or a visit to
   * another view. Positions are Cytoscape model coordinates.
   */
  function pinsOf(key) {
    const storageKey = 'geokg-pins:' + key;
    let saved = {};
    try {
      saved = JSON.parse(window.localStorage.getItem(storageKey) || '{}') || {};
    } catch (_) {
      saved = {};
    }
    const save = () => {
      try {
        if (Object.keys(saved).length) window.localStorage.setItem(storageKey, JSON.stringify(saved));
        else window.localStorage.removeItem(storageKey);
      } catch (_) {
        // storage full or switched off: pins last as long as the page
      }
    };
    return {
      /** Puts the saved pins back on the actors of this drawing; returns how many. */
      restore(cy) {
        let n = 0;
        cy.batch(() => {
          for (const [id, at] of Object.entries(saved)) {
            const node = cy.getElementById(id);
            if (!node.nonempty() || !Number.isFinite(at.x) || !Number.isFinite(at.y)) continue;
            node.position({ x: at.x, y: at.y });
            node.addClass('pinned');
            n += 1;
          }
        });
        return n;
      },
      pin(node) {
        const at = node.position();
        node.addClass('pinned');
        saved[node.id()] = { x: Math.round(at.x * 10) / 10, y: Math.round(at.y * 10) / 10 };
        save();
      },
      unpin(node) {
        node.removeClass('pinned');
        delete saved[node.id()];
        save();
      },
      clear(cy) {
        cy.nodes('.pinned').removeClass('pinned');
        saved = {};
        save();
      },
      /** fCoSE's constraints that keep pinned actors where they are. */
      constraints(cy) {
        return cy.nodes('.pinned').map((node) => ({ nodeId: node.id(), position: { ...node.position() } }));
      },
    };
  }

  /** Dragging an actor pins it where it is dropped; a double click or a right click lets it
   *  go; the buttons lay out again around the pins, unpin every actor, and fit the view. */
  function wirePins(cy, pins, status, buttons, runLayout) {
    cy.on('dragfreeon', 'node', (event) => {
      pins.pin(event.target);
      status.textContent = `${event.target.data('label')} pinned; \u201cLay out again\u201d keeps pinned actors where they are.`;
    });
    cy.on('dbltap cxttap', 'node', (event) => {
      if (!event.target.hasClass('pinned')) return;
      pins.unpin(event.target);
      status.textContent = `${event.target.data('label')} unpinned.`;
    });
    buttons.relayout.addEventListener('click', async () => {
      status.textContent = 'Laying out\u2026';
      const t = performance.now();
      await runLayout(false);
      status.textContent = `Laid out again in ${((performance.now() - t) / 1000).toFixed(1)} s; ${plural(cy.nodes('.pinned').length, 'actor')} pinned.`;
    });
    buttons.unpin.addEventListener('click', () => {
      pins.clear(cy);
      status.textContent = 'Every actor unpinned.';
    });
    buttons.fit.addEventListener('click', () => cy.fit(undefined, 20));
  }

  /** The replay: a month slider, a window (up to the month, or the last 1, 3 or 12 months) and Play. */
  function wireReplay(cy, months, running) {
    const slider = $('#ov-month');
    const label = $('#ov-month-label');
    const windowSelect = $('#ov-window');
    const play = $('#ov-play');
    const active = $('#ov-active');
    if (!months.length) {
      for (const control of [slider, windowSelect, play]) control.disabled = true;
      label.textContent = 'no dated events';
      return;
    }
    slider.max = String(months.length - 1);
    slider.value = String(months.length - 1);
    const apply = () => {
      const end = Number(slider.value) + 1;
      const span = windowSelect.value;
      const start = span === 'all' ? 0 : Math.max(0, end - Number(span));
      label.textContent = span === 'all' || span === '1' ? months[end - 1] : `${months[start]} to ${months[end - 1]}`;
      let shown = 0;
      const busy = new Set();
      cy.batch(() => {
        cy.edges().forEach((edge) => {
          const { n } = running[edge.data('index')];
          const on = n[end] - n[start] > 0;
          edge.toggleClass('off', !on);
          if (on) {
            shown += 1;
            busy.add(edge.data('source'));
            busy.add(edge.data('target'));
          }
        });
        cy.nodes().forEach((node) => node.toggleClass('quiet', !busy.has(node.id())));
      });
      active.textContent = `${plural(busy.size, 'actor')} and ${plural(shown, 'relation')} active`;
    };
    slider.addEventListener('input', apply);
    windowSelect.addEventListener('change', apply);
    const stop = () => {
      clearInterval(overview.timer);
      overview.timer = null;
      play.textContent = 'Play';
      play.setAttribute('aria-pressed', 'false');
    };
    play.addEventListener('click', () => {
      if (overview.timer) {
        stop();
        return;
      }
      if (Number(slider.value) >= months.length - 1) slider.value = '0';
      if (windowSelect.value === 'all' && Number(slider.value) === 0) windowSelect.value = '1';
      play.textContent = 'Pause';
      play.setAttribute('aria-pressed', 'true');
      apply();
      overview.timer = setInterval(() => {
        if (Number(slider.value) >= months.length - 1) {
          stop();
          return;
        }
        slider.value = String(Number(slider.value) + 1);
        apply();
      }, 700);
    });
    apply();
  }

  /** The legend: each coloured community with its most active members. */
  function legendOfCommunities(nodes) {
    const byCommunity = new Map();
    for (const node of nodes) {
      if (!byCommunity.has(node.community)) byCommunity.set(node.community, []);
      byCommunity.get(node.community).push(node);
    }
    const items = [...byCommunity.entries()].sort((x, y) => x[0] - y[0]).slice(0, COMMUNITY_COLOURS.length)
      .map(([community, members]) => {
        const dot = h('span', { class: 'dot' });
        dot.style.background = communityColour(community);
        const names = members.sort((x, y) => (y.n_events || 0) - (x.n_events || 0)).slice(0, 3).map((node) => node.label);
        return h('span', { class: 'item community' }, dot,
          `${names.join(', ')}${members.length > 3 ? ` and ${members.length - 3} more` : ''}`);
      });
    const others = byCommunity.size - items.length;
    const legendBox = $('#ov-legend');
    legendBox.replaceChildren(
      h('span', { class: 'item', text: 'Communities (Louvain over the events):' }), items,
      others > 0 ? h('span', { class: 'item muted', text: `${others} smaller ones in grey` }) : null,
      h('span', { class: 'item' }, 'lines: conflict', h('span', { class: 'ramp', title: 'Mean Goldstein weight from \u221210 to +10' }), 'cooperation'));
  }

  function showNode(node) {
    const box = $('#ov-details');
    const id = node.id();
    box.replaceChildren(h('strong', { text: node.data('label') }),
      h('span', { class: 'muted', text: ` ${id} \u00b7 ${plural(node.data('n_events') || 0, 'event')} \u00b7 ${plural(node.data('n_partners') || 0, 'partner')} \u00b7 community ${node.data('community') + 1}` }),
      ' ', linkTo({ view: 'network', actor: id, level: overview.level === 'country' ? 'country' : state.level }, 'Its network', { class: 'button' }),
      ' ', linkTo({ view: 'actor', actor: id, level: overview.level === 'country' ? 'country' : state.level }, 'About', { class: 'button' }));
    box.hidden = false;
  }

  function showEdge(edge, data) {
    const box = $('#ov-details');
    const nameOf = (id) => edge.cy().getElementById(id).data('label') || id;
    const level = overview.level === 'country' ? 'country' : state.level;
    box.replaceChildren(h('strong', { text: `${nameOf(data.source)} \u2192 ${nameOf(data.target)}` }),
      h('span', { class: 'muted', text: ` ${plural(data.n_events, 'event')}: ${data.label || ''}; mean Goldstein ${signed(data.goldstein_mean || 0)}` }),
      ' ', linkTo({ view: 'relation', actor: data.source, other: data.target, level }, 'Read the relation', { class: 'button' }));
    box.hidden = false;
  }

  function stat(value, label, className) {
    return h('div', { class: 'stat' },
      h('span', { class: 'value ' + (className || ''), text: typeof value === 'number' ? value.toLocaleString('en') : value }),
      h('span', { class: 'label', text: label }));
  }

  // ---------------------------------------------------------------- network view

  function parsePruned(header) {
    const note = { actors: 0, relations: 0, capped: [] };
    for (const part of (header || '').split(';')) {
      const [key, value] = part.split('=').map((text) => (text || '').trim());
      if (key === 'actors') note.actors = Number(value) || 0;
      if (key === 'relations') note.relations = Number(value) || 0;
      if (key === 'capped' && value && value !== '-') note.capped = value.split(/\s+/);
    }
    return note;
  }

  async function renderNetwork(context) {
    const params = filterParams(['depth', 'level', 'since', 'until', 'min_count', 'top', 'kind'], { center: state.actor });
    const jsonParams = new URLSearchParams(params);
    jsonParams.set('format', 'json');
    const { body, headers } = await api('/api/graph', jsonParams, context.signal);
    if (!context.live()) return;
    const nodes = body.elements.nodes.map((node) => node.data);
    const edges = body.elements.edges.map((edge) => edge.data);
    const titled = /^geokg: (.+) at depth \d+$/.exec((body.data && body.data.title) || '');
    let centerId = titled ? titled[1] : state.actor;
    if (!nodes.some((node) => node.id === centerId)) centerId = nodes.length ? nodes[0].id : state.actor;
    const center = nodes.find((node) => node.id === centerId) || { id: centerId, label: centerId };
    const pairs = pairUp(edges);
    const pruned = parsePruned(headers.get('x-geokg-pruned'));
    const byId = new Map(nodes.map((node) => [node.id, node]));
    const nameOf = (id) => (byId.get(id) ? byId.get(id).label : id);

    document.title = `${center.label}: network \u00b7 geokg`;
    const head = h('div', { class: 'view-head' },
      h('h2', { id: 'view-title' }, 'Network of ', h('span', { class: 'center-name', text: center.label })),
      h('span', { class: 'muted', id: 'network-counts', text: `${plural(nodes.length, 'actor')} \u00b7 ${plural(pairs.length, 'relation')}`
        + (state.level !== 'entity' ? ` \u00b7 ${LEVEL_NAMES[state.level]}` : '') }),
      h('div', { class: 'actions' },
        linkTo({ view: 'actor', actor: centerId }, 'About ' + center.label, { class: 'button' })));
    const parts = [head];
    if (pruned.actors || pruned.relations || pruned.capped.length) {
      const bits = [];
      if (pruned.actors) bits.push(`${plural(pruned.actors, 'less active partner')} left out`);
      if (pruned.relations) bits.push(`${plural(pruned.relations, 'weak relation')} left out`);
      if (pruned.capped.length) bits.push(`the partners of ${pruned.capped.map(nameOf).join(', ')} not followed further (too many to draw)`);
      parts.push(h('p', { class: 'note', id: 'pruned-note', role: 'note' },
        h('strong', { text: 'Pruned to stay readable: ' }), bits.join('; ') + '. ',
        'Raise \u201cPartners per actor\u201d or lower \u201cMin. events per pair\u201d in the filters to see more.'));
    }
    const container = h('div', { id: 'graph', class: 'graph', role: 'img',
      'aria-label': `Network of ${center.label}: ${plural(nodes.length, 'actor')}; the relations are listed below the drawing` });
    const wrap = h('div', { class: 'graph-wrap' }, container,
      h('div', { class: 'graph-tools' },
        h('button', { type: 'button', id: 'net-relayout', text: 'Lay out again' }),
        h('button', { type: 'button', id: 'net-unpin', text: 'Unpin all' }),
        h('button', { type: 'button', id: 'net-fit', text: 'Fit' })));
    parts.push(wrap);
    parts.push(h('p', { class: 'muted small', id: 'net-status', role: 'status', text: 'Laying out\u2026' }));
    if (!pairs.length) {
      parts.push(h('p', { class: 'empty-state', id: 'network-empty',
        text: `${center.label} has no relations with these filters. Widen the dates, tick fewer kinds or lower the minimum count.` }));
    }
    parts.push(legend());
    const file = `geokg-${centerId}`;
    parts.push(downloads('Download this view:', FORMATS.map(([format, label]) => {
      const link = new URLSearchParams(params);
      link.set('format', format);
      return [label, '/api/graph?' + link.toString(), `${file}.${format}`];
    })));
    const card = h('div', { class: 'card network-view' }, parts);
    view.replaceChildren(card);
    if (pairs.length) view.append(relationsTable(pairs, nameOf));
    drawNetwork({ nodes, edges, pairs, centerId, container }, context);
    announce(`Network of ${center.label}: ${plural(nodes.length, 'actor')} and ${plural(pairs.length, 'relation')}.`);
  }

  /** Joins the directed edges into one entry per pair of actors, both directions kept. */
  function pairUp(edges) {
    const pairs = new Map();
    for (const edge of edges) {
      if (edge.source === edge.target) continue;
      const [a, b] = edge.source < edge.target ? [edge.source, edge.target] : [edge.target, edge.source];
      const key = a + '\u0000' + b;
      let pair = pairs.get(key);
      if (!pair) {
        pair = { a, b, edges: [], n: 0, goldstein: 0, kinds: {}, first: null, last: null };
        pairs.set(key, pair);
      }
      pair.edges.push(edge);
      pair.n += edge.n_events;
      pair.goldstein += edge.goldstein;
      for (const [kind, n] of Object.entries(edge.kinds || {})) pair.kinds[kind] = (pair.kinds[kind] || 0) + n;
      if (edge.first && (!pair.first || edge.first < pair.first)) pair.first = edge.first;
      if (edge.last && (!pair.last || edge.last > pair.last)) pair.last = edge.last;
    }
    return [...pairs.values()].sort((x, y) => y.n - x.n || (x.a + x.b).localeCompare(y.a + y.b));
  }

  function kindsText(kinds) {
    return Object.entries(kinds).sort((x, y) => y[1] - x[1]).map(([kind, n]) => `${kindLabel(kind)} ${n}`).join(', ');
  }

  function relationsTable(pairs, nameOf) {
    const rows = pairs.map((pair) => {
      const [a, b] = heavierFirst(pair);
      return h('tr', {},
        h('td', {}, linkTo({ view: 'relation', actor: a, other: b }, `${nameOf(a)} \u2013 ${nameOf(b)}`)),
        h('td', { class: 'num', text: pair.n }),
        h('td', { text: kindsText(pair.kinds) }),
        h('td', { class: 'num ' + goldsteinClass(pair.goldstein), text: signed(pair.goldstein) }),
        h('td', { class: 'small', text: pair.first ? (pair.first === pair.last ? pair.first : `${pair.first} to ${pair.last}`) : '' }));
    });
    const details = h('details', { class: 'card', open: pairs.length <= 25 },
      h('summary', {}, h('strong', { text: `Relations in this view (${pairs.length})` })),
      h('div', { class: 'table-scroll' },
        h('table', {},
          h('thead', {}, h('tr', {}, h('th', { text: 'Between' }), h('th', { class: 'num', text: 'Events' }),
            h('th', { text: 'Kinds' }), h('th', { class: 'num', text: 'Net Goldstein' }), h('th', { text: 'Dates' }))),
          h('tbody', {}, rows))));
    return details;
  }

  /** The pair with the actor who acted more first, so the relation view reads "who did it to whom". */
  function heavierFirst(pair) {
    let ab = 0;
    let ba = 0;
    for (const edge of pair.edges) {
      if (edge.source === pair.a) ab += edge.n_events;
      else ba += edge.n_events;
    }
    return ab >= ba ? [pair.a, pair.b] : [pair.b, pair.a];
  }

  function legend() {
    const kinds = Object.entries(KIND_COLOURS).map(([kind, colour]) => {
      const dot = h('span', { class: 'dot' });
      dot.style.background = colour;
      return h('span', { class: 'item' }, dot, kind);
    });
    return h('div', { class: 'legend', id: 'legend' },
      h('span', { class: 'item' }, 'conflict', h('span', { class: 'ramp', title: 'Mean Goldstein weight from \u221210 to +10' }), 'cooperation'),
      h('span', { class: 'item', text: 'thicker line: more events; arrow: who acted' }),
      kinds,
      h('span', { class: 'item', text: 'click an actor to centre on it, a line to read the relation; drag an actor to pin it' }));
  }

  // ---------------------------------------------------------------- drawing the network

  // The ego network on screen: its Cytoscape instance (also `window.geokgNetwork`).
  let network = null;

  function stopNetwork() {
    if (!network) return;
    network.cy.destroy();
    network = null;
    window.geokgNetwork = null;
  }

  /**
   * Draws an ego network with Cytoscape and lays it out with fCoSE: actors coloured by kind and
   * sized by their events in the view, the centre ringed, lines coloured by mean Goldstein weight
   * and thicker with more events, an arrow for who acted. A click on an actor centres the
   * network there (on the centre: its details), on a line opens the relation; dragging pins.
   */
  function drawNetwork({ nodes, edges, pairs, centerId, container }, context) {
    stopNetwork();
    const status = $('#net-status');
    if (typeof window.cytoscape !== 'function') {
      status.textContent = 'The drawing library did not load; reload the page.';
      return;
    }
    const weight = new Map(nodes.map((node) => [node.id, 0]));
    for (const pair of pairs) {
      weight.set(pair.a, (weight.get(pair.a) || 0) + pair.n);
      weight.set(pair.b, (weight.get(pair.b) || 0) + pair.n);
    }
    // Smaller circles when there are many, so that names stay readable.
    const shrink = Math.min(1, Math.max(0.6, Math.sqrt(50 / Math.max(nodes.length, 1))));
    const size = (id) => 2 * (Math.min(5 + 2 * Math.sqrt(weight.get(id) || 0), 20) + (id === centerId ? 3 : 0)) * shrink;
    const pairOf = new Map();
    for (const pair of pairs) {
      pairOf.set(pair.a + '\u0000' + pair.b, pair);
      pairOf.set(pair.b + '\u0000' + pair.a, pair);
    }
    const nameOf = new Map(nodes.map((node) => [node.id, node.label]));
    const elements = [
      ...nodes.map((node) => ({ group: 'nodes', classes: node.id === centerId ? 'center' : '', data: {
        id: node.id, label: node.label, kind: node.kind, colour: KIND_COLOURS[node.kind] || '#6b7280',
        size: size(node.id), n_events: weight.get(node.id) || 0, font: node.id === centerId ? 13.5 : 12,
      } })),
      ...edges.filter((edge) => edge.source !== edge.target).map((edge, i) => {
        const mean = edge.n_events ? edge.goldstein / edge.n_events : 0;
        return { group: 'edges', data: {
          id: 'e' + i, source: edge.source, target: edge.target, n_events: edge.n_events,
          colour: edge.color || goldsteinColour(mean), width: Math.min(1.6 + 1.4 * Math.log2(Math.max(edge.n_events, 1)), 7),
        } };
      }),
    ];
    const crowded = nodes.length > 60;
    const cy = window.cytoscape({
      container,
      elements,
      layout: { name: 'null' },
      minZoom: 0.1,
      maxZoom: 5,
      wheelSensitivity: 0.4,
      boxSelectionEnabled: false,
      style: [
        { selector: 'node', style: {
          width: 'data(size)', height: 'data(size)', 'background-color': 'data(colour)',
          'border-width': 1.5, 'border-color': '#ffffff', label: 'data(label)',
          'font-size': 'data(font)', 'min-zoomed-font-size': crowded ? 7 : 0, color: '#1b2430',
          'text-valign': 'bottom', 'text-margin-y': 3, 'text-wrap': 'ellipsis', 'text-max-width': (node) => `${node.data('font') * 15}px`,
          'text-outline-color': '#fbfcfe', 'text-outline-width': 2.5,
        } },
        { selector: 'node.center', style: { 'border-width': 3, 'border-color': '#1b2430', 'font-weight': 'bold' } },
        { selector: 'node.pinned', style: { shape: 'round-rectangle', 'border-width': 3, 'border-color': '#1b2430' } },
        { selector: 'edge', style: {
          width: 'data(width)', 'line-color': 'data(colour)', 'target-arrow-color': 'data(colour)',
          'target-arrow-shape': 'triangle', 'arrow-scale': 0.8, 'curve-style': 'bezier', opacity: crowded ? 0.6 : 0.85,
        } },
        { selector: '.faded', style: { opacity: 0.15, 'text-opacity': 0.2 } },
        { selector: 'edge.lit', style: { opacity: 1, 'z-index': 10 } },
      ],
    });
    network = { cy, centerId };
    window.geokgNetwork = network;

    const pins = pinsOf(`network:${state.level}:${state.depth}:${centerId}`);
    pins.restore(cy);
    const layoutOptions = (randomize) => ({
      name: 'fcose',
      quality: 'default',
      randomize,
      animate: false,
      fit: true,
      padding: 30,
      // Labels left out of the sizes, so that a pinned actor's centre is where it was dropped.
      nodeDimensionsIncludeLabels: false,
      packComponents: true,
      nodeRepulsion: () => 9000,
      idealEdgeLength: () => (crowded ? 70 : 110),
      edgeElasticity: () => 0.35,
      numIter: 2500,
      fixedNodeConstraint: pins.constraints(cy),
    });
    const runLayout = (randomize) => layoutOnce(cy, layoutOptions(randomize));

    // Hovering an actor or a line lights it and its neighbours up and says what a click does.
    const describe = (node) => {
      const isCenter = node.id() === centerId;
      return `${node.data('label')} (${node.id()}, ${node.data('kind')}): ${plural(node.data('n_events'), 'event')} in this view. `
        + `Click: ${isCenter ? 'open its details' : 'centre the network here'}.`;
    };
    const lightUp = (kept) => cy.batch(() => {
      cy.elements().addClass('faded');
      kept.removeClass('faded');
      kept.edges().addClass('lit');
    });
    const calm = () => cy.batch(() => cy.elements().removeClass('faded lit'));
    cy.on('mouseover', 'node', (event) => {
      lightUp(event.target.closedNeighborhood());
      status.textContent = describe(event.target);
    });
    cy.on('mouseover', 'edge', (event) => {
      const edge = event.target;
      const pair = pairOf.get(edge.data('source') + '\u0000' + edge.data('target'));
      lightUp(edge.union(edge.connectedNodes()));
      status.textContent = `${nameOf.get(pair.a)} and ${nameOf.get(pair.b)}: ${plural(pair.n, 'event')} (${kindsText(pair.kinds)}); `
        + `net Goldstein ${signed(pair.goldstein)}. Click to read the relation and its evidence.`;
    });
    cy.on('mouseout', 'node, edge', calm);
    cy.on('tap', 'node', (event) => {
      const id = event.target.id();
      navigate(id === centerId ? { view: 'actor', actor: id } : { view: 'network', actor: id });
    });
    cy.on('tap', 'edge', (event) => {
      const pair = pairOf.get(event.target.data('source') + '\u0000' + event.target.data('target'));
      const [first, second] = heavierFirst(pair);
      navigate({ view: 'relation', actor: first, other: second });
    });
    wirePins(cy, pins, status, { relayout: $('#net-relayout'), unpin: $('#net-unpin'), fit: $('#net-fit') }, runLayout);

    // fCoSE lays a network out round; a wide box gets it stretched sideways (where the names
    // run) before it is fitted, unless actors are pinned. Names are then sized to read at 12 px
    // at that zoom, and grow and shrink with it.
    const fill = () => {
      const box = cy.nodes().boundingBox({ includeLabels: false });
      const wide = container.clientWidth / Math.max(container.clientHeight, 1);
      const stretch = Math.min(Math.max(wide / Math.max(box.w / Math.max(box.h, 1), 0.1), 1), 1.8);
      if (stretch > 1.05 && cy.nodes('.pinned').empty() && cy.nodes().length > 2) {
        const middle = box.x1 + box.w / 2;
        cy.nodes().positions((node) => ({ x: middle + (node.position('x') - middle) * stretch, y: node.position('y') }));
      }
      cy.fit(undefined, 30);
      const zoom = cy.zoom();
      cy.batch(() => cy.nodes().forEach((node) => node.data('font', (node.id() === centerId ? 13.5 : 12) / zoom)));
      cy.fit(undefined, 30);
    };
    const started = performance.now();
    runLayout(true).then(() => {
      if (!context.live() || !network || network.cy !== cy) return;
      fill();
      network.layoutMs = performance.now() - started;
      container.dataset.ready = 'true';
      status.textContent = `Laid out in ${(network.layoutMs / 1000).toFixed(1)} s. Drag an actor to pin it (right-click or double-click to unpin); `
        + 'hover to light up its partners; wheel to zoom, drag the background to pan.';
    });
  }

  // ---------------------------------------------------------------- relation view

  async function renderRelation(context) {
    const params = filterParams(['level', 'since', 'until', 'kind'], { limit: '20' });
    if (state.granularity !== 'month') params.set('granularity', state.granularity);
    const path = `/api/relations/${encodeURIComponent(state.actor)}/${encodeURIComponent(state.other)}`;
    const { body } = await api(path, params, context.signal);
    if (!context.live()) return;
    const { a, b, total } = body;
    document.title = `${a.name} and ${b.name}: relation \u00b7 geokg`;
    const head = h('div', { class: 'view-head' },
      h('h2', { id: 'view-title' },
        linkTo({ view: 'actor', actor: a.id }, a.name), ' \u21c4 ', linkTo({ view: 'actor', actor: b.id }, b.name)),
      h('span', { class: 'muted', text: 'relation' }),
      h('div', { class: 'actions' },
        linkTo({ view: 'relation', actor: b.id, other: a.id }, 'Swap', { class: 'button', title: `${b.name} first` }),
        linkTo({ view: 'network', actor: a.id }, `Network of ${a.name}`, { class: 'button' }),
        linkTo({ view: 'network', actor: b.id }, `Network of ${b.name}`, { class: 'button' })));
    const dates = total.first
      ? (total.first === total.last && total.first_precision === total.last_precision
        ? dateAt(total.first, total.first_precision)
        : `${dateAt(total.first, total.first_precision)} to ${dateAt(total.last, total.last_precision)}`)
      : 'no dates';
    const summary = h('div', { class: 'stats' },
      stat(total.n_events, total.n_events === 1 ? 'event' : 'events'),
      stat(total.n_reports, total.n_reports === 1 ? 'report' : 'reports'),
      stat(signed(total.goldstein), 'net Goldstein', goldsteinClass(total.goldstein)),
      stat(Math.round(total.conflict_share * 100) + '%', 'material conflict'),
      stat(dates, 'first and last event'));
    const direction = (from, to, relation) => h('li', {},
      h('strong', { text: `${from.name} \u2192 ${to.name}: ` }),
      relation.n_events ? `${plural(relation.n_events, 'event')} (${kindsText(relation.by_kind)}), net Goldstein ${signed(relation.goldstein)}` : 'none');
    const directions = h('ul', { class: 'directions' }, direction(a, b, body.a_to_b), direction(b, a, body.b_to_a));
    const top = h('div', { class: 'card relation-view' }, head, summary, directions,
      downloads('Download:', [['JSON (relation and evidence)', `${path}?${params.toString()}`, `geokg-${a.id}-${b.id}.json`]]));

    const kinds = h('div', { class: 'card kinds-card' }, h('h3', { text: 'Events by kind' }), kindBars(total.by_kind));
    const granularity = h('select', { id: 'granularity', 'aria-label': 'Timeline periods' },
      [['week', 'by week'], ['month', 'by month'], ['year', 'by year']].map(([value, label]) =>
        h('option', { value, selected: value === state.granularity, text: label })));
    granularity.addEventListener('change', () => navigate({ granularity: granularity.value }, { focus: false }));
    const timelineCard = h('div', { class: 'card timeline-card' },
      h('div', { class: 'view-head' }, h('h3', { text: 'Timeline' }), h('div', { class: 'actions' }, granularity)),
      h('div', { class: 'legend' },
        h('span', { class: 'item' }, h('span', { class: 'dot tone-cooperation' }), 'cooperation (up)'),
        h('span', { class: 'item' }, h('span', { class: 'dot tone-conflict' }), 'material conflict (down)'),
        h('span', { class: 'item', title: 'statements, demands, refusals, threats, protests, sanctions' },
          h('span', { class: 'dot tone-neutral' }), 'other (down)')));
    const evidence = h('div', { class: 'card evidence-card' },
      h('h3', { text: `Evidence: ${plural(total.n_events, 'event')}, newest first` }),
      h('div', { class: 'marks-legend' },
        h('span', {}, h('mark', { class: 'm-source', text: 'who acted' })),
        h('span', {}, h('mark', { class: 'm-target', text: 'on whom' })),
        h('span', {}, h('mark', { class: 'm-trigger', text: 'what they did' }))));
    const list = h('ol', { class: 'evidence', id: 'evidence' });
    evidence.append(list);
    appendEvidence(list, body.events);
    if (!body.events.length) list.append(h('li', { class: 'empty-state', text: 'No events with these filters.' }));
    if (body.next_cursor) evidence.append(moreButton(path, params, body.next_cursor, list));

    view.replaceChildren(top, h('div', { class: 'relation-grid' }, evidence, h('div', { class: 'side' }, timelineCard, kinds)));
    timelineCard.append(timeline(body.periods || [], state.granularity, timelineCard.clientWidth - 32));
    announce(`Relation of ${a.name} and ${b.name}: ${plural(total.n_events, 'event')}.`);
  }

  function moreButton(path, params, cursor, list) {
    const button = h('button', { type: 'button', class: 'more', text: 'Show older events' });
    button.addEventListener('click', async () => {
      button.disabled = true;
      button.textContent = 'Loading\u2026';
      const next = new URLSearchParams(params);
      next.set('cursor', cursor);
      try {
        const { body } = await api(path, next);
        appendEvidence(list, body.events);
        if (body.next_cursor) button.replaceWith(moreButton(path, params, body.next_cursor, list));
        else button.remove();
      } catch (error) {
        button.replaceWith(h('p', { class: 'error', role: 'alert', text: explain(error) }));
      }
    });
    return button;
  }

  function kindBars(byKind) {
    const entries = Object.entries(byKind || {}).sort((x, y) => y[1] - x[1]);
    if (!entries.length) return h('p', { class: 'muted', text: 'No events.' });
    const max = Math.max(...entries.map((entry) => entry[1]));
    return h('div', { class: 'bars' }, entries.map(([kind, n]) => {
      const bar = h('span', { class: 'bar tone-' + toneOf(kind) });
      bar.style.width = `${Math.max((n / max) * 100, 2)}%`;
      return [h('span', { text: kindLabel(kind) }), h('span', { class: 'track' }, bar), h('span', { class: 'num', text: n })];
    }));
  }

  /** Fills the gaps between periods, so that the x axis is time. */
  function fillPeriods(periods, granularity) {
    if (periods.length < 2 || granularity === 'week') return periods;
    const byLabel = new Map(periods.map((period) => [period.period, period]));
    const filled = [];
    const empty = (label) => ({ period: label, n_events: 0, n_cooperation: 0, n_conflict: 0, goldstein: 0 });
    if (granularity === 'year') {
      const first = Number(periods[0].period);
      const last = Number(periods[periods.length - 1].period);
      for (let year = first; year <= last && filled.length < 400; year += 1) filled.push(byLabel.get(String(year)) || empty(String(year)));
      return filled;
    }
    let [year, month] = periods[0].period.split('-').map(Number);
    const last = periods[periods.length - 1].period;
    while (filled.length < 1200) {
      const label = `${year}-${String(month).padStart(2, '0')}`;
      filled.push(byLabel.get(label) || empty(label));
      if (label >= last) break;
      month += 1;
      if (month > 12) {
        month = 1;
        year += 1;
      }
    }
    return filled;
  }

  /** Bars by period: cooperation above the axis, conflict and the rest below. */
  function timeline(rawPeriods, granularity, availableWidth) {
    const periods = fillPeriods(rawPeriods, granularity);
    if (!periods.length) return h('p', { class: 'muted', text: 'No dated events to draw.' });
    const width = Math.max(Math.round(availableWidth) || 560, 260);
    const height = 200;
    const left = 34;
    const right = 10;
    const top = 14;
    const bottom = 34;
    const axis = top + (height - top - bottom) / 2;
    const half = (height - top - bottom) / 2;
    const up = periods.map((period) => period.n_cooperation);
    const down = periods.map((period) => period.n_events - period.n_cooperation);
    const max = Math.max(1, ...up, ...down);
    const unit = half / max;
    const band = (width - left - right) / periods.length;
    const barWidth = Math.max(Math.min(band * 0.7, 42), 1.5);
    const svg = s('svg', { id: 'timeline', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img',
      'aria-label': `Events by ${granularity}: ` + rawPeriods.map((p) => `${p.period}: ${p.n_cooperation} cooperation, ${p.n_conflict} conflict, ${p.n_events - p.n_cooperation - p.n_conflict} other`).join('; ') });
    const tick = Math.max(1, Math.ceil(max / 3));
    for (let value = tick; value <= max; value += tick) {
      for (const sign of [-1, 1]) {
        const yy = axis - sign * value * unit;
        svg.append(s('line', { class: 'grid', x1: left, x2: width - right, y1: yy, y2: yy }));
        svg.append(s('text', { x: left - 6, y: yy + 4, 'text-anchor': 'end', text: value }));
      }
    }
    const every = Math.ceil(periods.length / Math.max(1, Math.floor((width - left - right) / 56)));
    periods.forEach((period, i) => {
      const x = left + band * i + (band - barWidth) / 2;
      const other = period.n_events - period.n_cooperation - period.n_conflict;
      const title = `${period.period}: ${plural(period.n_events, 'event')}: ${period.n_cooperation} cooperation, ${period.n_conflict} material conflict, ${other} other; net Goldstein ${signed(period.goldstein)}`;
      const group = s('g', { class: 'period' }, s('title', { text: title }));
      if (period.n_cooperation) {
        group.append(s('rect', { x, y: axis - period.n_cooperation * unit, width: barWidth, height: period.n_cooperation * unit, fill: '#1e8c3c', rx: 1.5 }));
      }
      if (period.n_conflict) {
        group.append(s('rect', { x, y: axis, width: barWidth, height: period.n_conflict * unit, fill: '#c62828', rx: 1.5 }));
      }
      if (other > 0) {
        group.append(s('rect', { x, y: axis + period.n_conflict * unit, width: barWidth, height: other * unit, fill: '#8a93a0', rx: 1.5 }));
      }
      group.append(s('rect', { x: left + band * i, y: top, width: band, height: half * 2, fill: 'transparent' }));
      svg.append(group);
      if (i % every === 0) {
        svg.append(s('text', { x: left + band * i + band / 2, y: height - bottom + 16, 'text-anchor': 'middle', text: period.period }));
      }
    });
    svg.append(s('line', { class: 'axis', x1: left, x2: width - right, y1: axis, y2: axis }));
    svg.append(s('text', { x: left + 2, y: top - 3, text: 'cooperation \u2191' }));
    svg.append(s('text', { x: left + 2, y: height - bottom + 30, text: 'conflict and other \u2193' }));
    return svg;
  }

  function appendEvidence(list, events) {
    for (const event of events) list.append(evidenceItem(event));
  }

  function evidenceItem(event) {
    const tone = toneOf(event.kind);
    const when = datedText(event);
    const meta = h('div', { class: 'meta' },
      h('span', { class: 'date', text: when }),
      h('span', { class: `badge tone-${tone}`, text: kindLabel(event.kind) }),
      h('span', {}, 'CAMEO ', h('code', { text: event.cameo }), event.plover ? ` ${event.plover}` : ''),
      h('span', { text: `${event.source.name} \u2192 ${event.target.name}` }),
      h('span', { class: goldsteinClass(event.goldstein), text: `Goldstein ${signed(event.goldstein)}` }));
    const sourceLine = h('div', { class: 'source-line' }, 'Source: ', documentLink(event));
    if (event.report_date && event.report_date !== event.date) sourceLine.append(` \u00b7 reported ${event.report_date}`);
    sourceLine.append(' \u00b7 rule ', h('code', { text: event.rule }));
    return h('li', { 'data-event': event.id }, meta, h('blockquote', {}, highlighted(event.evidence)), sourceLine);
  }

  /** An event's date as the text says it: the day, or the period and its precision
   *  ("2025-05 (month)"), "to" the end of a range, and whether it is background. */
  function datedText(event) {
    if (!event.date) return 'undated';
    const range = event.date_end ? ` to ${event.date_end}` : '';
    return `${dateAt(event.date, event.date_precision, range)}${event.background ? ', background' : ''}`;
  }

  /** A date at its precision: `2025-05-07`, `2025-05 (month)`, `2025-06-12 (report date)`. */
  function dateAt(date, precision = 'report', range = '') {
    const shown = { month: date.slice(0, 7), year: date.slice(0, 4), decade: `${date.slice(0, 3)}0s` }[precision] || date;
    const how = precision === 'report' ? ' (report date)' : precision === 'day' ? '' : ` (${precision})`;
    return `${shown}${range}${how}`;
  }

  /** The document an event came from: its title and a link when the API gives them, else its id. */
  function documentLink(event) {
    const label = event.document_title || event.document;
    const url = event.document_url || event.url;
    const outlet = event.document_source ? ` (${event.document_source})` : '';
    if (url && /^https?:\/\//i.test(url)) {
      return [h('a', { href: url, rel: 'noopener noreferrer', target: '_blank', text: label }), outlet];
    }
    return [h('span', { class: 'code', text: label }), outlet];
  }

  /**
   * The sentence with the source actor, the target actor and the trigger marked. Spans count
   * characters (code points) of the document; the sentence starts at `evidence.start`.
   */
  function highlighted(evidence) {
    const chars = Array.from(evidence.sentence || '');
    const flags = new Array(chars.length).fill('');
    for (const name of ['source', 'target', 'trigger']) {
      const span = evidence[name];
      if (!span) continue;
      const from = Math.max(0, span.start - evidence.start);
      const to = Math.min(chars.length, span.end - evidence.start);
      for (let i = from; i < to; i += 1) flags[i] = flags[i] ? flags[i] + ' ' + name : name;
    }
    const parts = [];
    let i = 0;
    while (i < chars.length) {
      let j = i;
      while (j < chars.length && flags[j] === flags[i]) j += 1;
      const text = chars.slice(i, j).join('');
      if (flags[i]) {
        const names = flags[i].split(' ');
        const words = { source: 'who acted', target: 'on whom', trigger: 'what they did' };
        parts.push(h('mark', { class: names.map((name) => 'm-' + name).join(' '), title: names.map((name) => words[name]).join(', '), text }));
      } else {
        parts.push(text);
      }
      i = j;
    }
    return parts;
  }

  // ---------------------------------------------------------------- actor view

  async function renderActor(context) {
    const filters = ['level', 'since', 'until', 'kind'];
    const id = encodeURIComponent(state.actor);
    const [actorResponse, pagerank, degree] = await Promise.all([
      api(`/api/actors/${id}`, filterParams(filters), context.signal),
      api('/api/rankings', filterParams(filters, { measure: 'pagerank', limit: '1000' }), context.signal),
      api('/api/rankings', filterParams(filters, { measure: 'degree', limit: '1000' }), context.signal),
    ]);
    if (!context.live()) return;
    const body = actorResponse.body;
    const actor = body.actor;
    document.title = `${actor.name}: actor \u00b7 geokg`;
    const place = (ranking) => {
      const found = ranking.rankings.find((ranked) => ranked.actor.id === actor.id);
      return found ? { rank: found.rank, score: found.score, total: ranking.total } : null;
    };
    const pr = place(pagerank.body);
    const dg = place(degree.body);
    const head = h('div', { class: 'view-head' },
      h('h2', { id: 'view-title', text: actor.name }),
      h('span', { class: 'muted', text: `${actor.kind} \u00b7 CAMEO ${actor.cameo} \u00b7 country ${actor.country} \u00b7 id ${actor.id}` }),
      h('div', { class: 'actions' }, linkTo({ view: 'network', actor: actor.id }, `Network of ${actor.name}`, { class: 'button' })));
    const stats = h('div', { class: 'stats' },
      stat(body.n_events, body.n_events === 1 ? 'event' : 'events'),
      stat(body.n_partners, body.n_partners === 1 ? 'partner' : 'partners'),
      stat(pr ? `#${pr.rank}` : '\u2013', pr ? `PageRank, of ${pr.total} (${pr.score.toFixed(3)})` : 'PageRank: not ranked'),
      stat(dg ? `#${dg.rank}` : '\u2013', dg ? `by partners (degree), of ${dg.total}` : 'degree: not ranked'));

    const aliases = body.aliases && body.aliases.length
      ? h('ul', { class: 'chips', id: 'aliases' }, body.aliases.map((alias) => h('li', { text: alias })))
      : h('p', { class: 'muted', text: 'No other names known.' });
    const roles = body.roles && body.roles.length
      ? h('table', {}, h('thead', {}, h('tr', {}, h('th', { text: 'Role (CAMEO)' }), h('th', { text: 'From' }), h('th', { text: 'To' }))),
        h('tbody', {}, body.roles.map((role) => h('tr', {},
          h('td', {}, h('code', { text: role.code })), h('td', { text: role.from || '\u2013' }), h('td', { text: role.to || 'now' })))))
      : h('p', { class: 'muted', text: 'No dated roles known.' });
    const names = h('div', { class: 'card' }, h('h3', { text: 'Also known as' }), aliases,
      h('h3', { text: 'Roles', style: null }), roles,
      body.sector ? h('p', { class: 'muted small', text: `Sector ${body.sector}; country ${actor.country}.` }) : null);

    const partners = body.top_partners || [];
    const partnerTable = partners.length
      ? h('table', { id: 'partners' },
        h('thead', {}, h('tr', {}, h('th', { text: 'Partner' }), h('th', { class: 'num', text: 'Events' }),
          h('th', { text: 'Kinds' }), h('th', { class: 'num', text: 'Net Goldstein' }), h('th', { text: '' }))),
        h('tbody', {}, partners.map((partner) => {
          const kinds = {};
          for (const relation of [partner.outgoing, partner.incoming]) {
            for (const [kind, n] of Object.entries(relation.by_kind)) kinds[kind] = (kinds[kind] || 0) + n;
          }
          const net = partner.outgoing.goldstein + partner.incoming.goldstein;
          return h('tr', {},
            h('td', {}, linkTo({ view: 'actor', actor: partner.actor.id }, partner.actor.name)),
            h('td', { class: 'num', title: `${partner.outgoing.n_events} by ${actor.name}, ${partner.incoming.n_events} by ${partner.actor.name}` },
              String(partner.n_events),
              h('span', { class: 'direction', text: `${partner.outgoing.n_events} out \u00b7 ${partner.incoming.n_events} in` })),
            h('td', { text: kindsText(kinds) }),
            h('td', { class: 'num ' + goldsteinClass(net), text: signed(net) }),
            h('td', { class: 'nowrap' }, linkTo({ view: 'relation', actor: actor.id, other: partner.actor.id }, 'Relation \u203a')));
        })))
      : h('p', { class: 'muted', text: 'No partners with these filters.' });
    const partnerCard = h('div', { class: 'card' }, h('h3', { text: 'Top partners' }), h('div', { class: 'table-scroll' }, partnerTable));

    const kinds = h('div', { class: 'card' }, h('h3', { text: 'Events by kind' }), kindBars(body.by_kind));

    // Events of the actor alone (a protest, a strike): no partner, so no line in the network.
    let alone = null;
    if (body.n_one_actor_events > 0) {
      const found = await api('/api/events', filterParams(['since', 'until', 'kind'], { actor: actor.id, alone: 'true', limit: '10' }), context.signal);
      if (!context.live()) return;
      alone = h('div', { class: 'card' }, h('h3', { text: `Events alone (${body.n_one_actor_events})` }),
        h('table', { id: 'alone-events' },
          h('thead', {}, h('tr', {}, h('th', { text: 'Date' }), h('th', { text: 'Kind' }), h('th', { text: 'CAMEO' }), h('th', { text: 'Source' }))),
          h('tbody', {}, found.body.events.map((event) => h('tr', {},
            h('td', { class: 'nowrap', text: event.date || '\u2013' }),
            h('td', { text: kindLabel(event.kind) }),
            h('td', {}, h('code', { text: event.cameo })),
            h('td', {}, event.document_url
              ? h('a', { href: event.document_url, rel: 'noopener noreferrer', target: '_blank', text: event.dataset })
              : h('span', { text: event.dataset })))))));
    }

    const topTen = pagerank.body.rankings.slice(0, 10);
    if (pr && pr.rank > 10) topTen.push({ rank: pr.rank, actor, score: pr.score });
    const ranking = h('div', { class: 'card' }, h('h3', { text: 'Ranking by PageRank' }),
      h('table', { id: 'ranking' },
        h('thead', {}, h('tr', {}, h('th', { class: 'num', text: '#' }), h('th', { text: 'Actor' }), h('th', { class: 'num', text: 'PageRank' }))),
        h('tbody', {}, topTen.map((ranked) => h('tr', { class: ranked.actor.id === actor.id ? 'current' : null },
          h('td', { class: 'num', text: ranked.rank }),
          h('td', {}, ranked.actor.id === actor.id ? ranked.actor.name : linkTo({ view: 'actor', actor: ranked.actor.id }, ranked.actor.name)),
          h('td', { class: 'num', text: ranked.score.toFixed(3) }))))));

    const file = `geokg-${actor.id}`;
    const graphParams = filterParams(['level', 'since', 'until', 'kind'], { center: actor.id });
    const top = h('div', { class: 'card actor-view' }, head, stats,
      downloads('Download its network:', FORMATS.map(([format, label]) => {
        const link = new URLSearchParams(graphParams);
        link.set('format', format);
        return [label, '/api/graph?' + link.toString(), `${file}.${format}`];
      })));
    view.replaceChildren(top, h('div', { class: 'grid2 actor-grid' }, partnerCard, kinds, alone, ranking, names));
    announce(`${actor.name}: ${plural(body.n_events, 'event')} with ${plural(body.n_partners, 'partner')}.`);
  }

  // ---------------------------------------------------------------- filters

  const form = $('#filters');
  const kindBox = $('#f-kinds');
  for (const kind of KINDS) {
    const dot = h('span', { class: `dot tone-${kind.tone}`, 'aria-hidden': 'true' });
    kindBox.append(h('label', { title: `${kindLabel(kind.name)} (${kind.tone})` },
      h('input', { type: 'checkbox', name: 'kind', value: kind.name }), dot, kindLabel(kind.name)));
  }

  const hideBox = $('#f-hide');
  for (const hideable of HIDEABLE) {
    hideBox.append(h('label', {},
      h('input', { type: 'checkbox', name: 'hide', value: hideable.name, id: 'f-hide-' + hideable.name }), hideable.label));
  }
  if (!HIDEABLE.length) $('#f-hide-box').hidden = true;

  function syncFilters() {
    form.elements.depth.value = state.depth;
    form.elements.level.value = state.level;
    form.elements.since.value = state.since;
    form.elements.until.value = state.until;
    form.elements.min_count.value = state.min_count;
    form.elements.top.value = state.top;
    const chosen = new Set(state.kind ? state.kind.split(',') : []);
    for (const box of form.querySelectorAll('input[name=kind]')) box.checked = chosen.has(box.value);
    const hidden = new Set(state.hide ? state.hide.split(',') : []);
    for (const box of form.querySelectorAll('input[name=hide]')) box.checked = hidden.has(box.value);
    for (const name of NETWORK_ONLY) {
      const field = form.elements[name];
      field.disabled = state.view !== 'network' && state.view !== 'home';
      field.title = field.disabled ? 'Applies to the network view' : '';
    }
    const changed = FILTERS.filter((key) => state[key] && state[key] !== DEFAULTS[key]).length;
    $('#filters-summary').textContent = changed ? `(${changed} set)` : '';
  }

  function readForm() {
    const number = (value, fallback) => (/^\d+$/.test(value) && Number(value) >= 1 ? String(Number(value)) : fallback);
    const kinds = [...form.querySelectorAll('input[name=kind]:checked')].map((box) => box.value);
    const hidden = [...form.querySelectorAll('input[name=hide]:checked')].map((box) => box.value);
    return {
      hide: hidden.join(','),
      depth: form.elements.depth.value,
      level: form.elements.level.value,
      since: form.elements.since.value,
      until: form.elements.until.value,
      min_count: number(form.elements.min_count.value, DEFAULTS.min_count),
      top: number(form.elements.top.value, DEFAULTS.top),
      kind: kinds.length === KINDS.length ? '' : kinds.join(','),
    };
  }

  form.addEventListener('change', () => navigate(readForm(), { focus: false }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(readForm(), { focus: false });
  });
  form.addEventListener('reset', (event) => {
    event.preventDefault();
    const defaults = {};
    for (const key of FILTERS) defaults[key] = DEFAULTS[key];
    navigate(defaults, { focus: false });
  });

  // ---------------------------------------------------------------- search (ARIA combobox)

  const input = $('#search-input');
  const list = $('#search-list');
  const count = $('#search-count');
  let suggestions = [];
  let chosenActor = null;
  let active = -1;
  let searchTimer = null;
  let searchController = null;

  function closeList() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function openList() {
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }

  function setActive(index) {
    active = index;
    list.querySelectorAll('[role=option]').forEach((option, i) => option.setAttribute('aria-selected', String(i === index)));
    if (index >= 0) {
      const option = $('#search-option-' + index);
      input.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function markMatch(name, query) {
    const at = name.toLowerCase().indexOf(query.toLowerCase());
    if (!query || at < 0) return [name];
    return [name.slice(0, at), h('mark', { text: name.slice(at, at + query.length) }), name.slice(at + query.length)];
  }

  async function suggest() {
    const query = input.value.trim();
    if (!query) {
      closeList();
      suggestions = [];
      return;
    }
    if (searchController) searchController.abort();
    searchController = new AbortController();
    let body;
    try {
      ({ body } = await api('/api/actors', new URLSearchParams({ q: query, limit: '8' }), searchController.signal));
    } catch (error) {
      if (error.name === 'AbortError') return;
      list.replaceChildren(h('li', { class: 'empty', role: 'option', 'aria-disabled': 'true', 'aria-selected': 'false', text: explain(error) }));
      openList();
      return;
    }
    if (input.value.trim() !== query) return;
    suggestions = body.actors;
    active = -1;
    // Nothing matches: offer the names a few typing errors away ("Pakistn": Pakistan).
    const near = !suggestions.length && (body.suggestions || []).length;
    if (near) suggestions = body.suggestions;
    if (!suggestions.length) {
      list.replaceChildren(h('li', { class: 'empty', role: 'option', 'aria-disabled': 'true', 'aria-selected': 'false',
        text: `No actor matches \u201c${query}\u201d.` }));
      count.textContent = 'No suggestions.';
    } else {
      list.replaceChildren(...(near ? [h('li', { class: 'empty', id: 'search-near', role: 'option', 'aria-disabled': 'true', 'aria-selected': 'false',
        text: `No actor matches \u201c${query}\u201d. Did you mean:` })] : []), ...suggestions.map((actor, i) => {
        const option = h('li', { id: 'search-option-' + i, role: 'option', 'aria-selected': 'false', 'data-id': actor.id },
          h('span', { class: 'name' }, markMatch(actor.name, query)),
          h('span', { class: 'meta', text: `${actor.id} \u00b7 ${actor.kind} \u00b7 ${actor.country}` }));
        option.addEventListener('mousedown', (event) => event.preventDefault());
        option.addEventListener('click', () => choose(i));
        return option;
      }));
      if (body.total > suggestions.length) {
        list.append(h('li', { class: 'empty', role: 'option', 'aria-disabled': 'true', 'aria-selected': 'false',
          text: `${body.total - suggestions.length} more: keep typing to narrow down.` }));
      }
      count.textContent = `${plural(suggestions.length, 'suggestion')}; arrow keys to move, Enter to choose.`;
    }
    openList();
  }

  function choose(index) {
    const actor = suggestions[index];
    if (!actor) return;
    input.value = actor.name;
    chosenActor = actor.id;
    closeList();
    navigate({ actor: actor.id, other: '', view: state.view === 'actor' ? 'actor' : 'network' });
  }

  input.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(suggest, 120);
  });
  input.addEventListener('keydown', (event) => {
    const n = suggestions.length;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (list.hidden && input.value.trim()) {
          suggest();
          return;
        }
        if (n) setActive((active + 1) % n);
        break;
      case 'ArrowUp':
        event.preventDefault();
        if (n) setActive(active <= 0 ? n - 1 : active - 1);
        break;
      case 'Enter':
        event.preventDefault();
        if (!list.hidden && n) choose(active >= 0 ? active : 0);
        else if (input.value.trim()) suggest();
        break;
      case 'Escape':
        if (!list.hidden) {
          event.preventDefault();
          closeList();
        } else if (input.value) {
          event.preventDefault();
          input.value = '';
        }
        break;
      case 'Tab':
        closeList();
        break;
      default:
        break;
    }
  });
  input.addEventListener('blur', () => closeList());
  input.addEventListener('focus', () => {
    if (input.value.trim() && suggestions.length) {
      setActive(-1);
      openList();
    }
  });
  document.addEventListener('keydown', (event) => {
    const typing = /^(input|select|textarea)$/i.test(event.target.tagName);
    if (event.key === '/' && !typing) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });

  // ---------------------------------------------------------------- start

  if (window.matchMedia('(max-width: 820px)').matches) $('#filters-box').open = false;
  render({ focus: false });
})();
