/* ecograph map: labels, ICS areas, focus, routes, filters, table, export and links around vis-network.
 * Every piece of data text goes into the DOM through textContent, never innerHTML, and onto
 * the canvas with fillText; nodes carry no vis `title` or `label` (vis would parse a string
 * title as HTML, and its labels overlap): the page places the labels itself. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("ecograph-data").textContent);
  data.edges = unpackEdges(data.edges);
  function unpackEdges(packed) {
    // the edges come column by column (pack_edges() in ecograph/maps/render.py): one column per
    // attribute, its values or codes into its dictionary, for the edges in "rows" or for all
    // (null or -1 where an edge lacks it); every edge has an info object
    if (Array.isArray(packed)) return packed;
    var out = [];
    for (var i = 0; i < packed.n; i++) out.push({ info: {} });
    packed.columns.forEach(function (col) {
      var list = col.codes || col.values, rows = col.rows, key = col.key;
      for (var j = 0; j < list.length; j++) {
        var value = col.codes ? (list[j] === -1 ? null : col.dict[list[j]]) : list[j];
        if (!rows && value === null) continue;
        if (value !== null && typeof value === "object") value = JSON.parse(JSON.stringify(value));
        var edge = out[rows ? rows[j] : j];
        var target = key.length === 2 ? (edge[key[0]] = edge[key[0]] || {}) : edge;
        target[key[key.length - 1]] = value;
      }
    });
    return out;
  }
  var lg = data.legend, meta = data.meta;
  var FACE = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif";
  function linkWords(relationship) {
    // the same words as link_words() in ecograph/maps/render.py
    var out = [];
    String(relationship || "").split("/").forEach(function (p) {
      var w = p && (lg.linkWords[p] || p.toLowerCase().replace(/_/g, " "));
      if (w && out.indexOf(w) < 0) out.push(w);
    });
    return out.join("; ");
  }
  // the file leaves out each edge's id (its index) and a title that only names the relationship
  data.edges.forEach(function (e, i) {
    e.id = i;
    if (!e.info.title) e.info.title = linkWords(e.info.relationship);
  });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("network");
  var byId = new Map(data.nodes.map(function (n) { return [n.id, n]; }));
  var edgeById = new Map(data.edges.map(function (e) { return [e.id, e]; }));
  var orgLike = new Set(lg.orgLike);
  var narrow = window.matchMedia("(max-width: 760px)");

  function filterKey(info) { return orgLike.has(info.type) ? info.kind : "label:" + info.type; }
  function kindLabel(info) { return orgLike.has(info.type) ? (lg.kindLabels[info.kind] || info.kind) : (info.kind || ""); }
  function icsName(code) { return lg.icsNames[code] || code; }
  function fill(info, mode) {
    // the same rule as _fill() in ecograph/maps/render.py
    if (mode === "role") return (lg.roles[info.role || "none"] || lg.roles.none).colour;
    return orgLike.has(info.type) ? lg.kindColours[info.kind] : lg.entities[info.type].colour;
  }
  function border(info) {
    return info.gap ? lg.marks.gap_border : info.broker ? lg.marks.broker_border : lg.marks.node_border;
  }
  var edgeDefaults = data.options.edges.color;
  data.nodes.forEach(function (n) { n.info.fk = filterKey(n.info); n.opacity = 1; });
  data.edges.forEach(function (e) {
    e.base = { color: (e.color && e.color.color) || edgeDefaults.color,
               opacity: (e.color && e.color.opacity) || edgeDefaults.opacity, width: e.width || data.options.edges.width };
  });

  var state = {
    nodes: nodes, edges: edges, network: null, settled: false, settleMs: null, selected: null,
    colourBy: data.rolesPresent ? "role" : "kind", level: data.levels.start, hops: 1,
    onlyBrokers: false, onlyGaps: false, hideUnconnected: false, path: null, labels: [], hullLabels: [],
    fitScale: 1, visible: new Set(), emphasis: null
  };
  window.ecograph = state;

  // --- small DOM helpers (text only) --------------------------------------------------
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function button(text, onClick, cls) {
    var b = el("button", text, cls || "link-button");
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }
  function num(x) { return Number(x).toLocaleString("en-GB"); }
  function plural(n, one, many) { return num(n) + " " + (n === 1 ? one : (many || one + "s")); }
  function what(info) {
    var kl = kindLabel(info);
    if (info.type === "Person") return "Person" + (kl ? " at a " + kl.toLowerCase() : "");
    return info.type + (kl ? " · " + kl : "");
  }
  function describe(info) {
    // [label, value] rows in plain words: tooltips show the first ones, the panel all
    var rows = [["What", what(info)]];
    if (info.jobTitle && info.name.indexOf(info.jobTitle) === -1) rows.push(["Job", info.jobTitle]);
    if (info.organisation && info.name.indexOf(info.organisation) === -1) rows.push(["Works at", info.organisation]);
    if (info.ics) rows.push(["ICS", icsName(info.ics)]);
    if (info.role) rows.push(["Role", (lg.roles[info.role] || {}).label || info.role]);
    if (info.stage) rows.push(["Stage", info.stage]);
    if (info.people) rows.push(["People", plural(info.people, "person", "people") + " recorded here"]);
    if (info.gap) rows.push(["Gap", info.gap]);
    if (info.why) rows.push([info.broker ? "Broker" : "About", info.why]);
    return rows;
  }
  function methodRows(info) {
    var rows = [];
    if (info.betweenness !== undefined) rows.push(["Betweenness", info.betweenness.toFixed(3) +
      " (the share of shortest paths between others that pass through it)"]);
    if (info.score !== undefined) rows.push(["Spread score", info.score.toFixed(2) + " (0 to 1: higher, readier to adopt)"]);
    if (info.method) rows.push(["Detail", info.method]);
    if (info.key) rows.push(["Id", info.key]);
    return rows;
  }
  function definitionList(rows) {
    var dl = el("dl");
    rows.forEach(function (r) {
      dl.appendChild(el("dt", r[0]));
      dl.appendChild(el("dd", r[1], r[0] === "Gap" ? "gap" : ""));
    });
    return dl;
  }
  function clip(text, n) { return text.length > n ? text.slice(0, n - 1) + "…" : text; }

  // --- tooltip ------------------------------------------------------------------------
  var tooltip = document.getElementById("tooltip");
  function showTooltip(content, pointer) {
    tooltip.replaceChildren.apply(tooltip, content);
    tooltip.hidden = false;
    var w = container.clientWidth, h = container.clientHeight;
    var x = pointer.x + 14, y = pointer.y + 14;
    var tw = tooltip.offsetWidth, th = tooltip.offsetHeight;
    if (x + tw > w - 8) x = Math.max(8, pointer.x - tw - 14);
    if (y + th > h - 8) y = Math.max(8, pointer.y - th - 14);
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
  }
  function hideTooltip() { tooltip.hidden = true; }
  function nodeTooltip(id) {
    var n = byId.get(id);
    if (!n) return [];
    var rows = describe(n.info).map(function (r) { return [r[0], clip(r[1], 260)]; });
    return [el("div", n.info.name, "tt-name"), definitionList(rows)];
  }
  function edgeTooltip(id) {
    var e = edgeById.get(id);
    if (!e) return [];
    var a = byId.get(e.from), b = byId.get(e.to), info = e.info || {};
    var out = [el("div", (a ? a.info.name : "") + " — " + (b ? b.info.name : ""), "tt-name")];
    var rows = [];
    if (info.title) rows.push(["How", clip(info.title, 260)]);
    if (info.weight !== undefined && info.weight > 1) rows.push(["Strength", plural(info.weight, "link")]);
    if (info.route) rows.push(["Warm route", "Yes"]);
    if (info.dashed) rows.push(["Suggested", "A link that could be made"]);
    out.push(definitionList(rows));
    return out;
  }

  // --- levels, filters, focus -------------------------------------------------------------
  var visibleCount = document.getElementById("visible-count");
  function checkedValues(cls) {
    var s = new Set();
    document.querySelectorAll("input." + cls).forEach(function (c) { if (c.checked) s.add(c.value); });
    return s;
  }
  function onLevel(layer) {
    if (!data.levels.both || !layer) return true;
    return layer === (state.level === "org" ? "org" : "people");
  }
  function applyFilters(keepView) {
    var kinds = checkedValues("filter-kind"), ics = checkedValues("filter-ics");
    var hidden = new Set(), inLevel = 0, degree = new Map();
    data.nodes.forEach(function (n) {
      var level = onLevel(n.info.layer);
      if (level) inLevel += 1;
      if (!level || !kinds.has(n.info.fk) || !ics.has(n.info.ics || "")) hidden.add(n.id);
    });
    data.edges.forEach(function (e) {
      if (!onLevel(e.info.layer) || hidden.has(e.from) || hidden.has(e.to)) return;
      degree.set(e.from, (degree.get(e.from) || 0) + 1);
      degree.set(e.to, (degree.get(e.to) || 0) + 1);
    });
    var lonely = 0;
    data.nodes.forEach(function (n) { if (!hidden.has(n.id) && !degree.get(n.id)) lonely += 1; });
    if (state.hideUnconnected) data.nodes.forEach(function (n) { if (!degree.get(n.id)) hidden.add(n.id); });
    var nodeUpdates = [], edgeUpdates = [];
    state.visible = new Set();
    data.nodes.forEach(function (n) {
      var hide = hidden.has(n.id);
      if (!hide) state.visible.add(n.id);
      if (!!n.hidden !== hide) { n.hidden = hide; nodeUpdates.push({ id: n.id, hidden: hide }); }
    });
    data.edges.forEach(function (e) {
      var hide = !onLevel(e.info.layer) || hidden.has(e.from) || hidden.has(e.to);
      if (!!e.hidden !== hide) { e.hidden = hide; edgeUpdates.push({ id: e.id, hidden: hide }); }
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    state.degree = degree;
    state.lonely = lonely;
    visibleCount.textContent = "Showing " + num(state.visible.size) + " of " + num(inLevel) +
      (state.hideUnconnected && lonely ? " (" + num(lonely) + " with no links hidden)" : "");
    if (state.selected !== null && !state.visible.has(state.selected)) { state.network.unselectAll(); showInfo(null); }
    if (state.path && !state.path.every(function (id) { return state.visible.has(id); })) state.path = null;
    applyEmphasis();
    if (!keepView) saveView();
    if (!tableView.hidden) fillTable();
  }
  function visibleEdges() {
    return data.edges.filter(function (e) { return !e.hidden; });
  }
  function neighbourMap() {
    var adj = new Map();
    visibleEdges().forEach(function (e) {
      if (!adj.has(e.from)) adj.set(e.from, []);
      if (!adj.has(e.to)) adj.set(e.to, []);
      adj.get(e.from).push([e.to, e]);
      adj.get(e.to).push([e.from, e]);
    });
    return adj;
  }
  function within(id, hops) {
    var adj = neighbourMap(), seen = new Set([id]), frontier = [id];
    for (var h = 0; h < hops; h++) {
      var next = [];
      frontier.forEach(function (a) {
        (adj.get(a) || []).forEach(function (p) { if (!seen.has(p[0])) { seen.add(p[0]); next.push(p[0]); } });
      });
      frontier = next;
    }
    return seen;
  }
  function applyEmphasis() {
    // what stays bright: the route shown, else the selection's neighbourhood, brokers, gaps
    var keep = null;
    function only(set) {
      if (keep === null) { keep = set; return; }
      keep = new Set(Array.from(keep).filter(function (x) { return set.has(x); }));
    }
    var pathEdges = new Set();
    if (state.path) {
      keep = new Set(state.path);
      for (var i = 0; i + 1 < state.path.length; i++) {
        var e = findEdge(state.path[i], state.path[i + 1]);
        if (e) pathEdges.add(e.id);
      }
    } else {
      if (state.selected !== null && state.hops > 0) only(within(state.selected, state.hops));
      if (state.onlyBrokers) only(new Set(data.nodes.filter(function (n) { return n.info.broker; }).map(function (n) { return n.id; })));
      if (state.onlyGaps) only(new Set(data.nodes.filter(function (n) { return n.info.gap; }).map(function (n) { return n.id; })));
      if (keep && state.selected !== null) keep.add(state.selected);
    }
    state.emphasis = keep;
    var nodeUpdates = [], edgeUpdates = [];
    data.nodes.forEach(function (n) {
      var o = keep && !keep.has(n.id) ? 0.14 : 1;
      if (n.opacity !== o) { n.opacity = o; nodeUpdates.push({ id: n.id, opacity: o }); }
    });
    data.edges.forEach(function (e) {
      var onPath = pathEdges.has(e.id);
      var dim = keep && !(onPath || (!state.path && keep.has(e.from) && keep.has(e.to)));
      var want = onPath ? "path" : dim ? "dim" : "base";
      if (e.look === want || (!e.look && want === "base")) return;
      e.look = want;
      var c = want === "path" ? { color: lg.marks.edge_route, opacity: 1 }
            : { color: e.base.color, opacity: want === "dim" ? 0.06 : e.base.opacity };
      edgeUpdates.push({ id: e.id, color: c, width: want === "path" ? 6 : e.base.width });
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    state.viewVersion = (state.viewVersion || 0) + 1;
    if (state.network) state.network.redraw();
  }
  function findEdge(a, b) {
    return data.edges.find(function (e) {
      return !e.hidden && ((e.from === a && e.to === b) || (e.from === b && e.to === a));
    });
  }

  // --- info panel ---------------------------------------------------------------------
  var infoBody = document.getElementById("info-body");
  var infoEmpty = document.getElementById("info-empty");
  var SHOWN_NEIGHBOURS = 12;
  function showInfo(id) {
    var n = byId.get(id);
    state.selected = n ? id : null;
    if (!n) { infoBody.hidden = true; infoEmpty.hidden = false; infoBody.replaceChildren(); applyEmphasis(); saveView(); return; }
    var parts = [el("h2", n.info.name, "info-name"), definitionList(describe(n.info))];
    var neighbours = Array.from(new Set(state.network.getConnectedNodes(id)))
      .filter(function (nid) { return state.visible.has(nid); })
      .map(function (nid) { return byId.get(nid); })
      .sort(function (a, b) { return b.info.prio - a.info.prio || a.info.name.localeCompare(b.info.name); });
    if (neighbours.length) {
      parts.push(el("p", "Linked on this map to " + plural(neighbours.length, "node"), "info-sub"));
      var ul = el("ul", null, "neighbours");
      var addItem = function (m) {
        var li = el("li");
        li.appendChild(button(m.info.name, function () { selectNode(m.id); }));
        li.appendChild(el("span", " " + (kindLabel(m.info) || m.info.type), "muted small"));
        ul.appendChild(li);
      };
      neighbours.slice(0, SHOWN_NEIGHBOURS).forEach(addItem);
      parts.push(ul);
      if (neighbours.length > SHOWN_NEIGHBOURS) {
        var more = button("and " + num(neighbours.length - SHOWN_NEIGHBOURS) + " more: show them", function () {
          neighbours.slice(SHOWN_NEIGHBOURS).forEach(addItem);
          more.remove();
        });
        more.id = "more-neighbours";
        parts.push(more);
      }
    }
    var method = methodRows(n.info);
    if (method.length) {
      var det = el("details", null, "how");
      det.appendChild(el("summary", "How this was worked out"));
      det.appendChild(definitionList(method));
      parts.push(det);
    }
    infoBody.replaceChildren.apply(infoBody, parts);
    infoBody.hidden = false;
    infoEmpty.hidden = true;
    applyEmphasis();
    saveView();
  }

  function reveal(id) {
    // make sure a searched-for node is not filtered out
    var n = byId.get(id);
    if (!n || !n.hidden) return;
    if (data.levels.both && !onLevel(n.info.layer)) setLevel(n.info.layer === "org" ? "org" : "people", true);
    document.querySelectorAll("input.filter-kind, input.filter-ics").forEach(function (c) {
      if ((c.classList.contains("filter-kind") && c.value === n.info.fk) ||
          (c.classList.contains("filter-ics") && c.value === (n.info.ics || ""))) c.checked = true;
    });
    if (state.hideUnconnected && n.hidden) { state.hideUnconnected = false; hideUnconnected.checked = false; }
    applyFilters();
  }
  document.querySelectorAll("input.filter-kind, input.filter-ics").forEach(function (c) {
    c.addEventListener("change", function () { applyFilters(); });
  });
  document.querySelectorAll("button[data-all], button[data-none]").forEach(function (b) {
    b.addEventListener("click", function () {
      var group = b.dataset.all || b.dataset.none;
      document.querySelectorAll("input.filter-" + group).forEach(function (c) { c.checked = !!b.dataset.all; });
      applyFilters();
    });
  });
  var hopsSelect = document.getElementById("hops");
  hopsSelect.addEventListener("change", function () { state.hops = Number(hopsSelect.value); applyEmphasis(); saveView(); });
  function toggle(idName, key) {
    var box = document.getElementById(idName);
    if (box) box.addEventListener("change", function () { state[key] = box.checked; applyEmphasis(); saveView(); });
    return box || { checked: false };
  }
  var onlyBrokers = toggle("only-brokers", "onlyBrokers"), onlyGaps = toggle("only-gaps", "onlyGaps");
  var areas = document.getElementById("areas");
  state.areas = "ics";
  if (areas) areas.addEventListener("change", function () {
    state.areas = areas.value; state.viewVersion += 1; network.redraw(); saveView();
  });
  var hideUnconnected = document.getElementById("hide-unconnected");
  hideUnconnected.addEventListener("change", function () { state.hideUnconnected = hideUnconnected.checked; applyFilters(); });

  // --- people / organisations level ---------------------------------------------------------
  var levelButton = document.getElementById("toggle-level");
  function setLevel(level, quiet) {
    state.level = level;
    document.body.dataset.level = level;
    if (levelButton) {
      levelButton.textContent = level === "people" ? "Hide people" : "Show people";
      levelButton.setAttribute("aria-pressed", String(level === "people"));
    }
    if (!quiet) { applyFilters(); fitView(); saveView(); }
  }
  if (levelButton) levelButton.addEventListener("click", function () { setLevel(state.level === "org" ? "people" : "org"); });

  // --- colour by kind / role ----------------------------------------------------------
  function colourBy(mode) {
    state.colourBy = mode;
    nodes.update(data.nodes.map(function (n) {
      var f = fill(n.info, mode);
      return { id: n.id, color: { background: f, border: border(n.info),
                                  highlight: { background: f, border: lg.marks.highlight } } };
    }));
    var rl = document.getElementById("roles-legend");
    if (rl) rl.hidden = mode !== "role";
    saveView();
  }
  var colourSelect = document.getElementById("colour-by");
  if (colourSelect) colourSelect.addEventListener("change", function () { colourBy(colourSelect.value); });

  // --- search ---------------------------------------------------------------------------
  var search = document.getElementById("search");
  var results = document.getElementById("search-results");
  var index = data.nodes.map(function (n) { return { id: n.id, name: n.info.name, lower: n.info.name.toLowerCase() }; });
  var matches = [], active = 0;
  function findMatches(q) {
    q = q.trim().toLowerCase();
    if (!q) return [];
    var starts = [], contains = [];
    for (var i = 0; i < index.length && starts.length < 10; i++) {
      var at = index[i].lower.indexOf(q);
      if (at === 0) starts.push(index[i]); else if (at > 0 && contains.length < 10) contains.push(index[i]);
    }
    // the level shown first, then the other one
    function shownFirst(a, b) { return onLevel(byId.get(b.id).info.layer) - onLevel(byId.get(a.id).info.layer); }
    return starts.sort(shownFirst).concat(contains.sort(shownFirst)).slice(0, 10);
  }
  function renderResults() {
    results.replaceChildren();
    matches.forEach(function (m, i) {
      var li = el("li", null, i === active ? "active" : "");
      li.setAttribute("role", "option");
      var n = byId.get(m.id);
      li.appendChild(el("span", m.name, "r-name"));
      li.appendChild(el("span", kindLabel(n.info) || n.info.type, "r-kind"));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(i); });
      results.appendChild(li);
    });
    if (!matches.length && search.value.trim()) results.appendChild(el("li", "No match", "none"));
    results.hidden = !search.value.trim();
  }
  function choose(i) {
    var m = matches[i];
    if (!m) return;
    search.value = m.name;
    results.hidden = true;
    selectNode(m.id);
  }
  search.addEventListener("input", function () { matches = findMatches(search.value); active = 0; renderResults(); });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown") { active = Math.min(active + 1, matches.length - 1); renderResults(); ev.preventDefault(); }
    else if (ev.key === "ArrowUp") { active = Math.max(active - 1, 0); renderResults(); ev.preventDefault(); }
    else if (ev.key === "Enter") { if (!matches.length) matches = findMatches(search.value); choose(active); ev.preventDefault(); }
    else if (ev.key === "Escape") { results.hidden = true; }
  });
  search.addEventListener("blur", function () { results.hidden = true; });

  function selectNode(id, still) {
    if (!byId.has(id)) return;
    reveal(id);
    state.network.selectNodes([id]);
    showInfo(id);
    if (still) return;
    document.body.dataset.focused = "";
    state.network.once("animationFinished", function () { document.body.dataset.focused = String(id); saveView(); });
    state.network.focus(id, { scale: Math.max(state.network.getScale(), Math.min(1.1, state.fitScale * 2.5)),
                              animation: { duration: 500, easingFunction: "easeInOutQuad" } });
  }
  state.selectNode = selectNode;
  state.search = function (q) { matches = findMatches(q); active = 0; choose(0); return state.selected; };

  // --- warm route between two names (breadth-first over the links on the map) ----------------
  var pathFrom = document.getElementById("path-from"), pathTo = document.getElementById("path-to");
  var pathResult = document.getElementById("path-result");
  var namesList = document.getElementById("names");
  function fillNames() {
    var seen = new Set(), opts = [];
    data.nodes.forEach(function (n) {
      if (!state.visible.has(n.id) || seen.has(n.info.name)) return;
      seen.add(n.info.name);
      opts.push(el("option", null));
      opts[opts.length - 1].value = n.info.name;
    });
    namesList.replaceChildren.apply(namesList, opts);
  }
  pathFrom.addEventListener("focus", fillNames);
  pathTo.addEventListener("focus", fillNames);
  function byName(text) {
    var q = text.trim().toLowerCase();
    if (!q) return null;
    var exact = data.nodes.find(function (n) { return state.visible.has(n.id) && n.info.name.toLowerCase() === q; });
    return exact || findMatches(q).map(function (m) { return byId.get(m.id); })
      .find(function (n) { return state.visible.has(n.id); }) || null;
  }
  function shortestPath(a, b) {
    var adj = neighbourMap(), prev = new Map([[a, null]]), queue = [a];
    while (queue.length) {
      var x = queue.shift();
      if (x === b) break;
      (adj.get(x) || []).forEach(function (p) {
        if (!prev.has(p[0]) && !(p[1].info && p[1].info.dashed)) { prev.set(p[0], x); queue.push(p[0]); }
      });
    }
    if (!prev.has(b)) return null;
    var out = [];
    for (var y = b; y !== null; y = prev.get(y)) out.unshift(y);
    return out;
  }
  function hopRelationship(a, b) {
    var e = findEdge(a, b), rel = e && e.info.relationship ? e.info.relationship.split("/")[0] : "";
    if (e && e.info.layer === "org" && rel === "KNOWS") rel = "TIES";
    return rel;
  }
  function routeWords(ids) {
    // the same rule as route_words() in ecograph/maps/render.py
    return ids.map(function (id, i) {
      var n = byId.get(id).info;
      if (i === 0) return n.name;
      var w = lg.hopWords[hopRelationship(ids[i - 1], id)] || {};
      var after = w["to_" + n.type.toLowerCase()] || w.other;
      if (w.before) return w.before + " " + n.name;
      return n.name + (after ? " (" + after + ")" : "");
    }).join(" → ");
  }
  function showPath(a, b) {
    var ids = a && b ? shortestPath(a.id, b.id) : null;
    state.path = ids;
    if (!a || !b) pathResult.textContent = "Choose two names on the map.";
    else if (!ids) pathResult.textContent = "No route between them on this map" +
      (state.level === "org" && data.levels.both ? " (try “Show people”)." : ".");
    else pathResult.textContent = (ids.length - 1) + (ids.length === 2 ? " step: " : " steps: ") + routeWords(ids);
    applyEmphasis();
    if (ids) state.network.fit({ nodes: ids, animation: { duration: 400 } });
    saveView();
  }
  state.showPath = function (fromName, toName) { pathFrom.value = fromName; pathTo.value = toName; showPath(byName(fromName), byName(toName)); return pathResult.textContent; };
  document.getElementById("path-go").addEventListener("click", function () { showPath(byName(pathFrom.value), byName(pathTo.value)); });
  document.getElementById("path-clear").addEventListener("click", function () {
    state.path = null; pathResult.textContent = ""; pathFrom.value = ""; pathTo.value = ""; applyEmphasis(); saveView();
  });

  // --- the network ----------------------------------------------------------------------
  var progress = document.getElementById("progress");
  var progressText = document.getElementById("progress-text");
  var progressBar = document.getElementById("progress-bar");
  var t0 = performance.now();
  // on a phone, pinch and drag zoom and pan; the zoom buttons would cover a third of the map
  data.options.interaction.navigationButtons = !narrow.matches;
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  state.network = network;
  var frame = container.querySelector(".vis-network");  // vis makes it focusable; its keys work there
  if (frame) {
    frame.setAttribute("role", "application");
    frame.setAttribute("aria-label", "Network map: arrow keys pan, Page Up and Page Down zoom; the Table button lists the same nodes");
  }

  function settled() {
    if (state.settled) return;
    network.setOptions({ physics: false });
    state.settled = true;
    state.settleMs = Math.round(performance.now() - t0);
    state.settledAt = Math.round(performance.now());
    progress.hidden = true;
    applyFilters(true);
    if (state.lonely > 20 && state.lonely > 0.3 * state.visible.size) {
      // a ring of nodes with nothing recorded would squeeze the rest: leave them out, and say so
      state.hideUnconnected = hideUnconnected.checked = state.hideByDefault = true;
      applyFilters(true);
    }
    turnToFill();
    fitView();
    restoreView();
    placeLabels();
    network.redraw();
    document.body.dataset.settled = "true";
  }
  network.on("stabilizationProgress", function (p) {
    var pct = Math.round(100 * p.iterations / p.total);
    progressText.textContent = "Laying out the map… " + pct + "%";
    progressBar.style.width = pct + "%";
  });
  // physics lays out every node of both levels (so that both agree); the level shown is applied after
  network.once("stabilizationIterationsDone", settled);

  // --- filling the canvas: turn the drawing to the screen's shape, then fit with small margins --
  function visiblePositions() {
    var pos = network.getPositions(Array.from(state.visible));
    return Object.keys(pos).map(function (k) { return { id: Number(k), x: pos[k].x, y: pos[k].y }; });
  }
  function extent(points, cos, sin) {
    var b = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
    points.forEach(function (p) {
      var r = (byId.get(p.id).size || 10) * 1.2, x = p.x * cos - p.y * sin, y = p.x * sin + p.y * cos;
      b.x0 = Math.min(b.x0, x - r); b.x1 = Math.max(b.x1, x + r);
      b.y0 = Math.min(b.y0, y - r); b.y1 = Math.max(b.y1, y + r);
    });
    return b;
  }
  function fitScaleOf(b) {
    var m = margins();
    return Math.min((container.clientWidth - m.x * 2) / Math.max(1, b.x1 - b.x0),
                    (container.clientHeight - m.top - m.bottom) / Math.max(1, b.y1 - b.y0));
  }
  var tools = document.querySelector(".canvas-tools");
  function margins() {  // the tools above, the zoom buttons below
    return { x: 12, top: tools.offsetTop + tools.offsetHeight + 8, bottom: narrow.matches ? 10 : 52 };
  }
  function turnToFill() {
    // the drawing's main axis along the screen's longer side, when that lets it be drawn bigger
    var pts = visiblePositions();
    if (pts.length < 3) return;
    var best = { a: 0, s: fitScaleOf(extent(pts, 1, 0)) };
    for (var k = 1; k < 12; k++) {
      var a = k * Math.PI / 12, s = fitScaleOf(extent(pts, Math.cos(a), Math.sin(a)));
      if (s > best.s * 1.04) best = { a: a, s: s };
    }
    // then stretch the shorter side (at most 1.6 times): a force layout's distances are only
    // roughly meaningful, and a drawing the shape of the screen has room for its labels
    var b = extent(pts, Math.cos(best.a), Math.sin(best.a)), m = margins();
    var want = (container.clientWidth - 2 * m.x) / Math.max(1, container.clientHeight - m.top - m.bottom);
    var have = (b.x1 - b.x0) / Math.max(1, b.y1 - b.y0);
    var most = narrow.matches ? 2 : 1.6;
    var sx = want > have ? Math.min(most, want / have) : 1, sy = want < have ? Math.min(most, have / want) : 1;
    if (!best.a && sx < 1.05 && sy < 1.05) return;
    var cos = Math.cos(best.a), sin = Math.sin(best.a), all = network.getPositions();
    nodes.update(Object.keys(all).map(function (k) {
      var p = all[k];
      return { id: Number(k), x: (p.x * cos - p.y * sin) * sx, y: (p.x * sin + p.y * cos) * sy };
    }));
    state.turned = [best.a, sx, sy].join(",");
  }
  function fitView(animate) {
    var pts = visiblePositions();
    if (!pts.length) return;
    var b = extent(pts, 1, 0), m = margins(), s = Math.min(2, fitScaleOf(b));
    var W = container.clientWidth, H = container.clientHeight;
    // centre the drawing in the space between the tools and the zoom buttons
    var cx = (b.x0 + b.x1) / 2 - (W / 2 - (m.x + (W - 2 * m.x) / 2)) / s;
    var cy = (b.y0 + b.y1) / 2 - ((m.top + (H - m.top - m.bottom) / 2) - H / 2) / s;
    state.fitScale = s;
    network.moveTo({ position: { x: cx, y: cy }, scale: s, animation: animate ? { duration: 400 } : false });
  }
  state.fitView = fitView;

  // --- ICS areas: shaded convex hulls under the drawing -----------------------------------
  var hullColours = lg.marks.hulls;
  var hullCache = { version: -1, hulls: [] };
  function convexHull(points) {
    var p = points.slice().sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    if (p.length < 3) return p;
    function cross(o, a, b) { return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]); }
    var lower = [], upper = [];
    p.forEach(function (q) { while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], q) <= 0) lower.pop(); lower.push(q); });
    p.slice().reverse().forEach(function (q) { while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], q) <= 0) upper.pop(); upper.push(q); });
    return lower.slice(0, -1).concat(upper.slice(0, -1));
  }
  function hulls() {
    var key = state.viewVersion + ":" + (state.turned || 0) + ":" + (state.dragged || 0) + ":" + state.areas;
    if (hullCache.key === key) return hullCache.hulls;
    var groups = new Map(), pos = network.getPositions(Array.from(state.visible));
    var byCommunity = state.areas === "community";
    state.visible.forEach(function (id) {
      var n = byId.get(id), code = byCommunity ? n.info.community : n.info.ics;
      if (!code || !pos[id] || n.info.type === "ICS" || n.opacity < 1) return;
      if (!groups.has(code)) groups.set(code, []);
      groups.get(code).push([pos[id].x, pos[id].y, n.size || 10]);
    });
    var out = [];
    if (groups.size >= (byCommunity ? 1 : 2)) {
      Array.from(groups.keys()).sort().forEach(function (code, i) {
        var pts = groups.get(code);
        if (pts.length < 3) return;
        // leave out far outliers (a node laid out among another ICS would stretch the area over it)
        var cx = pts.reduce(function (s, p) { return s + p[0]; }, 0) / pts.length;
        var cy = pts.reduce(function (s, p) { return s + p[1]; }, 0) / pts.length;
        var d = pts.map(function (p) { return Math.hypot(p[0] - cx, p[1] - cy); }).sort(function (a, b) { return a - b; });
        var limit = d[Math.floor(d.length * 0.5)] * 3 + 60;
        var core = pts.filter(function (p) { return Math.hypot(p[0] - cx, p[1] - cy) <= limit; });
        var ring = [];
        convexHull(core).forEach(function (p) {
          var r = p[2] + 22;
          for (var k = 0; k < 12; k++) ring.push([p[0] + r * Math.cos(k * Math.PI / 6), p[1] + r * Math.sin(k * Math.PI / 6)]);
        });
        out.push({ code: code, name: byCommunity ? lg.communityNames[code] || "Community " + code : icsName(code),
                   points: convexHull(ring), colour: hullColours[i % hullColours.length] });
      });
    }
    hullCache = { key: key, hulls: out };
    return out;
  }
  network.on("beforeDrawing", function (ctx) {
    if (!state.settled) return;
    hulls().forEach(function (h) {
      ctx.beginPath();
      h.points.forEach(function (p, i) { if (i) ctx.lineTo(p[0], p[1]); else ctx.moveTo(p[0], p[1]); });
      ctx.closePath();
      ctx.fillStyle = h.colour;
      ctx.fill();
      ctx.lineWidth = 1.5 / network.getScale();
      ctx.strokeStyle = "rgba(61, 71, 82, 0.22)";
      ctx.stroke();
    });
  });

  // --- labels: the most important names, each where it overlaps no other label or node ------
  var measure = document.createElement("canvas").getContext("2d");
  var KEY_LABELS = 22, LINE = 15;
  function labelFont(key) { return (key ? (narrow.matches ? "600 12px " : "600 13px ") : "12px ") + FACE; }
  function wrap(text, font, maxWidth) {
    measure.font = font;
    var words = text.split(/\s+/), lines = [""];
    words.forEach(function (w) {
      var cur = lines[lines.length - 1], next = cur ? cur + " " + w : w;
      if (measure.measureText(next).width <= maxWidth || !cur) lines[lines.length - 1] = next;
      else lines.push(w);
    });
    if (lines.length > 2) lines = [lines[0], lines.slice(1).join(" ")];
    lines = lines.map(function (l) {
      if (measure.measureText(l).width <= maxWidth) return l;
      while (l.length > 1 && measure.measureText(l + "…").width > maxWidth) l = l.slice(0, -1);
      return l.replace(/\s+$/, "") + "…";
    });
    return lines;
  }
  function nodeRadius(n, scale) {
    // the drawn shape's reach on screen (triangles and stars reach a little past `size`)
    return ((n.size || 10) * 1.15 + (n.borderWidth || 1.5)) * scale + 2;
  }
  function Grid(cell) { this.cell = cell; this.map = new Map(); }
  Grid.prototype.add = function (b) {
    for (var i = Math.floor(b.x0 / this.cell); i <= Math.floor(b.x1 / this.cell); i++)
      for (var j = Math.floor(b.y0 / this.cell); j <= Math.floor(b.y1 / this.cell); j++) {
        var k = i + "," + j;
        if (!this.map.has(k)) this.map.set(k, []);
        this.map.get(k).push(b);
      }
  };
  Grid.prototype.hits = function (b) {
    for (var i = Math.floor(b.x0 / this.cell); i <= Math.floor(b.x1 / this.cell); i++)
      for (var j = Math.floor(b.y0 / this.cell); j <= Math.floor(b.y1 / this.cell); j++) {
        var list = this.map.get(i + "," + j);
        if (list && list.some(function (o) { return o.x0 < b.x1 && b.x0 < o.x1 && o.y0 < b.y1 && b.y0 < o.y1; })) return true;
      }
    return false;
  };
  function placeLabels() {
    if (!state.settled) return;
    var W = container.clientWidth, H = container.clientHeight, scale = network.getScale(), m = margins();
    var ids = Array.from(state.visible), pos = network.getPositions(ids), grid = new Grid(48), dots = new Grid(48);
    var bright = ids.filter(function (id) { return byId.get(id).opacity === 1; });
    var screen = new Map();
    ids.forEach(function (id) {
      var p = network.canvasToDOM(pos[id]), r = nodeRadius(byId.get(id), scale);
      var box = { x0: p.x - r, y0: p.y - r, x1: p.x + r, y1: p.y + r, id: id, x: p.x, y: p.y, r: r };
      screen.set(id, box);
      grid.add(box);
      dots.add(box);
    });
    overlays().forEach(function (b) { grid.add(b); });  // the tools, the zoom buttons, the count
    function free(b) { return b.x0 >= 4 && b.y0 >= 4 && b.x1 <= W - 4 && b.y1 <= H - 4 && !grid.hits(b); }
    // ICS names first, at the edge of their area
    state.hullLabels = [];
    hulls().forEach(function (h) {
      var font = "700 13px " + FACE;
      measure.font = font;
      var w = measure.measureText(h.name).width + 8, hh = 18;
      var pts = h.points.map(function (p) { return network.canvasToDOM({ x: p[0], y: p[1] }); });
      var cy = pts.reduce(function (s, p) { return s + p.y; }, 0) / pts.length;
      var spots = [];
      // at each corner of the area and the middle of each side, kept inside the canvas (on a
      // phone a corner near the edge would push a long name off it)
      var around = pts.concat(pts.map(function (p, k) {
        var q = pts[(k + 1) % pts.length];
        return { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 };
      })).sort(function (a, b) { return a.y - b.y; });
      around.forEach(function (p) {
        var above = p.y < cy, x0 = Math.min(Math.max(4, p.x - w / 2), W - 4 - w);
        spots.push({ x0: x0, y0: above ? p.y - hh - 2 : p.y + 2 });
        spots.push({ x0: x0, y0: above ? p.y + 2 : p.y - hh - 2 });
      });
      var others = hulls().filter(function (o) { return o !== h; }).map(function (o) {
        return o.points.map(function (p) { return network.canvasToDOM({ x: p[0], y: p[1] }); });
      });
      // best: wholly outside the other areas; else at least centred outside them
      for (var pass = 0; pass < 2; pass++) {
        for (var i = 0; i < spots.length; i++) {
          var b = { x0: spots[i].x0, y0: spots[i].y0, x1: spots[i].x0 + w, y1: spots[i].y0 + hh };
          var mid = { x: (b.x0 + b.x1) / 2, y: (b.y0 + b.y1) / 2 };
          var corners = pass ? [mid] : [mid, { x: b.x0, y: b.y0 }, { x: b.x1, y: b.y0 }, { x: b.x0, y: b.y1 }, { x: b.x1, y: b.y1 }];
          if (free(b) && !others.some(function (poly) { return corners.some(function (c) { return inside(c, poly); }); })) {
            grid.add(b);
            state.hullLabels.push({ text: h.name, font: font, x0: b.x0, y0: b.y0, x1: b.x1, y1: b.y1 });
            return;
          }
        }
      }
    });
    // then the nodes, most important first
    var order = bright.sort(function (a, b) { return byId.get(b).info.prio - byId.get(a).info.prio; });
    if (state.selected !== null && state.visible.has(state.selected)) {
      order = [state.selected].concat(order.filter(function (id) { return id !== state.selected; }));
    }
    var cap = Math.max(KEY_LABELS, Math.round(KEY_LABELS * Math.pow(scale / state.fitScale, 2)));
    var maxWidth = W < 560 ? 118 : 150;
    var labels = [];
    for (var i = 0; i < order.length && labels.length < cap; i++) {
      var id = order[i], n = byId.get(id), s = screen.get(id);
      var key = labels.length < KEY_LABELS || id === state.selected;
      if (!key && s.r < 9 && scale < 1) continue;  // small and far: labelled on zoom or hover
      if (s.x < -50 || s.y < -50 || s.x > W + 50 || s.y > H + 50) continue;
      var font = labelFont(key), lines = wrap(n.info.short || n.info.name, font, maxWidth);
      measure.font = font;
      var w = Math.max.apply(null, lines.map(function (l) { return measure.measureText(l).width; })) + 6;
      var h = lines.length * LINE + 2, g = 3;
      var spots = [
        [s.x - w / 2, s.y + s.r + g], [s.x - w / 2, s.y - s.r - g - h], [s.x + s.r + g, s.y - h / 2],
        [s.x - s.r - g - w, s.y - h / 2], [s.x + s.r * 0.7, s.y + s.r * 0.7], [s.x - s.r * 0.7 - w, s.y + s.r * 0.7],
        [s.x + s.r * 0.7, s.y - s.r * 0.7 - h], [s.x - s.r * 0.7 - w, s.y - s.r * 0.7 - h]
      ];
      if (key) {  // further out, with a leader line
        [18, 36, 60, 90, 125].forEach(function (far) {
          for (var a = 0; a < 16; a++) {
            var d = [Math.cos(a * Math.PI / 8 + Math.PI / 2), Math.sin(a * Math.PI / 8 + Math.PI / 2)];
            var ax = s.x + d[0] * (s.r + far), ay = s.y + d[1] * (s.r + far);
            spots.push([d[0] > 0.3 ? ax : d[0] < -0.3 ? ax - w : ax - w / 2, d[1] > 0.3 ? ay : d[1] < -0.3 ? ay - h : ay - h / 2, true]);
          }
        });
      }
      for (var k = 0; k < spots.length; k++) {
        var b = { x0: spots[k][0], y0: spots[k][1], x1: spots[k][0] + w, y1: spots[k][1] + h };
        if (!free(b) || (spots[k][2] && leaderCrosses(s, b, dots, id))) continue;
        grid.add(b);
        labels.push({ id: id, lines: lines, font: font, key: key, x0: b.x0, y0: b.y0, x1: b.x1, y1: b.y1,
                      leader: !!spots[k][2], nx: s.x, ny: s.y, nr: s.r });
        break;
      }
    }
    state.labels = labels;
    state.labelKey = viewKey();
  }
  function overlays() {
    // what sits over the canvas, in the canvas's own pixels: no label goes under it
    var cr = container.getBoundingClientRect(), out = [];
    document.querySelectorAll(".vis-navigation .vis-button, .canvas-tools button, #visible-count").forEach(function (e) {
      var r = e.getBoundingClientRect();
      if (r.width && r.height) out.push({ x0: r.left - cr.left - 3, y0: r.top - cr.top - 3, x1: r.right - cr.left + 3, y1: r.bottom - cr.top + 3 });
    });
    return out;
  }
  state.overlays = overlays;
  function inside(p, poly) {
    var c = false;
    for (var i = 0, j = poly.length - 1; i < poly.length; j = i++) {
      if ((poly[i].y > p.y) !== (poly[j].y > p.y) &&
          p.x < (poly[j].x - poly[i].x) * (p.y - poly[i].y) / (poly[j].y - poly[i].y) + poly[i].x) c = !c;
    }
    return c;
  }
  function leaderCrosses(s, b, dots, self) {
    // a leader line must not pass over another node (bar the smallest)
    var tx = Math.max(b.x0, Math.min(s.x, b.x1)), ty = Math.max(b.y0, Math.min(s.y, b.y1));
    var dx = tx - s.x, dy = ty - s.y, len = dx * dx + dy * dy || 1;
    var area = { x0: Math.min(s.x, tx), y0: Math.min(s.y, ty), x1: Math.max(s.x, tx), y1: Math.max(s.y, ty) };
    for (var i = Math.floor(area.x0 / dots.cell); i <= Math.floor(area.x1 / dots.cell); i++)
      for (var j = Math.floor(area.y0 / dots.cell); j <= Math.floor(area.y1 / dots.cell); j++) {
        var list = dots.map.get(i + "," + j) || [];
        for (var k = 0; k < list.length; k++) {
          var o = list[k];
          if (o.id === self || o.r < 4.5) continue;  // a leader may pass over the smallest dots
          var t = Math.max(0, Math.min(1, ((o.x - s.x) * dx + (o.y - s.y) * dy) / len));
          if (Math.hypot(s.x + t * dx - o.x, s.y + t * dy - o.y) < o.r) return true;
        }
      }
    return false;
  }
  function viewKey() {
    var p = network.getViewPosition();
    return [network.getScale().toFixed(4), p.x.toFixed(1), p.y.toFixed(1), container.clientWidth,
            container.clientHeight, state.viewVersion, state.selected, state.dragged || 0].join("|");
  }
  function drawLabels(ctx) {
    var ratio = ctx.canvas.width / Math.max(1, ctx.canvas.clientWidth);
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    state.hullLabels.forEach(function (l) {
      ctx.font = l.font;
      ctx.textAlign = "left";
      ctx.lineWidth = 4;
      ctx.strokeStyle = "rgba(255, 255, 255, 0.9)";
      ctx.fillStyle = "#3d4752";
      ctx.strokeText(l.text, l.x0 + 4, l.y0 + 2);
      ctx.fillText(l.text, l.x0 + 4, l.y0 + 2);
    });
    state.labels.forEach(function (l) {
      if (l.leader) {
        var tx = Math.max(l.x0, Math.min(l.nx, l.x1)), ty = Math.max(l.y0, Math.min(l.ny, l.y1));
        var d = Math.hypot(tx - l.nx, ty - l.ny) || 1;
        ctx.beginPath();
        ctx.moveTo(l.nx + (tx - l.nx) * l.nr / d, l.ny + (ty - l.ny) * l.nr / d);
        ctx.lineTo(tx, ty);
        ctx.lineWidth = 1;
        ctx.strokeStyle = "rgba(61, 71, 82, 0.6)";
        ctx.stroke();
      }
      ctx.font = l.font;
      ctx.textAlign = "left";
      ctx.lineWidth = 3.5;
      ctx.strokeStyle = "rgba(255, 255, 255, 0.92)";
      ctx.fillStyle = l.key ? "#1f2933" : "#3d4752";
      l.lines.forEach(function (line, i) {
        ctx.strokeText(line, l.x0 + 3, l.y0 + 1 + i * LINE);
        ctx.fillText(line, l.x0 + 3, l.y0 + 1 + i * LINE);
      });
    });
    ctx.restore();
  }
  network.on("afterDrawing", function (ctx) {
    if (!state.settled) return;
    if (state.labelKey !== viewKey()) placeLabels();
    drawLabels(ctx);
  });
  network.on("dragEnd", function (p) { if (p.nodes.length) { state.dragged = (state.dragged || 0) + 1; network.redraw(); } saveView(); });
  network.on("zoom", function () { hideTooltip(); saveViewSoon(); });

  network.on("hoverNode", function (p) { showTooltip(nodeTooltip(p.node), p.pointer.DOM); });
  network.on("blurNode", hideTooltip);
  network.on("hoverEdge", function (p) { showTooltip(edgeTooltip(p.edge), p.pointer.DOM); });
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("click", function (p) {
    if (p.nodes.length) showInfo(p.nodes[0]);
    else if (!p.edges.length) { network.unselectAll(); showInfo(null); }
    // a phone has no hover, and its details panel is folded away: a tap shows the details there
    if (narrow.matches) { if (p.nodes.length) showTooltip(nodeTooltip(p.nodes[0]), p.pointer.DOM); else hideTooltip(); }
  });
  document.getElementById("fit").addEventListener("click", function () { fitView(true); });

  // --- sidebar and table of the nodes (an alternative to the canvas) ---------------------------
  var sidebarButton = document.getElementById("toggle-sidebar");
  function setSidebar(open) {
    document.body.classList.toggle("sidebar-closed", !open);
    sidebarButton.setAttribute("aria-expanded", String(open));
    sidebarButton.textContent = open ? (narrow.matches ? "Close" : "Hide controls") : "Controls";
  }
  sidebarButton.addEventListener("click", function () { setSidebar(document.body.classList.contains("sidebar-closed")); });
  setSidebar(!narrow.matches);
  var notes = document.getElementById("notes");
  if (notes && narrow.matches) notes.open = false;

  var tableView = document.getElementById("table-view"), tableBody = document.getElementById("table-body");
  var tableButton = document.getElementById("toggle-table");
  function fillTable() {
    var rows = Array.from(state.visible).map(function (id) { return byId.get(id); })
      .sort(function (a, b) { return b.info.prio - a.info.prio || a.info.name.localeCompare(b.info.name); });
    tableBody.replaceChildren.apply(tableBody, rows.map(function (n) {
      var tr = el("tr"), td = el("td");
      td.appendChild(button(n.info.name, function () { showTable(false); selectNode(n.id); }));
      tr.appendChild(td);
      tr.appendChild(el("td", what(n.info)));
      tr.appendChild(el("td", n.info.ics ? icsName(n.info.ics) : ""));
      tr.appendChild(el("td", num(state.degree.get(n.id) || 0)));
      var bits = [];
      if (n.info.broker) bits.push("Broker");
      if (n.info.role) bits.push((lg.roles[n.info.role] || {}).label || n.info.role);
      if (n.info.gap) bits.push("Gap: " + n.info.gap);
      tr.appendChild(el("td", bits.join("; ")));
      return tr;
    }));
  }
  function showTable(open) {
    hideTooltip();
    tableView.hidden = !open;
    tableButton.setAttribute("aria-expanded", String(open));
    tableButton.textContent = open ? "Map" : "Table";
    if (open) fillTable();
  }
  tableButton.addEventListener("click", function () { showTable(tableView.hidden); });

  // --- saving the view: PNG and PDF with title, key, date and source; print ----------------------
  function drawShape(ctx, shape, x, y, r, colour, stroke, width, dashed) {
    ctx.beginPath();
    if (shape === "square") ctx.rect(x - r, y - r, 2 * r, 2 * r);
    else if (shape === "diamond") { ctx.moveTo(x, y - r * 1.2); ctx.lineTo(x + r * 1.2, y); ctx.lineTo(x, y + r * 1.2); ctx.lineTo(x - r * 1.2, y); ctx.closePath(); }
    else if (shape === "triangle" || shape === "triangleDown") {
      var d = shape === "triangle" ? 1 : -1;
      ctx.moveTo(x, y - d * r * 1.15); ctx.lineTo(x + r * 1.1, y + d * r * 0.75); ctx.lineTo(x - r * 1.1, y + d * r * 0.75); ctx.closePath();
    } else if (shape === "hexagon") {
      for (var k = 0; k < 6; k++) { var a = Math.PI / 6 + k * Math.PI / 3; ctx[k ? "lineTo" : "moveTo"](x + r * Math.cos(a), y + r * Math.sin(a)); }
      ctx.closePath();
    } else if (shape === "star") {
      for (var s = 0; s < 10; s++) { var b = -Math.PI / 2 + s * Math.PI / 5, rr = s % 2 ? r * 0.45 : r * 1.15; ctx[s ? "lineTo" : "moveTo"](x + rr * Math.cos(b), y + rr * Math.sin(b)); }
      ctx.closePath();
    } else ctx.arc(x, y, r, 0, 2 * Math.PI);
    ctx.fillStyle = colour;
    ctx.fill();
    ctx.setLineDash(dashed ? [4, 3] : []);
    ctx.lineWidth = width || 1;
    ctx.strokeStyle = stroke || lg.marks.node_border;
    ctx.stroke();
    ctx.setLineDash([]);
  }
  function legendItems() {
    var items = [], counts = meta.counts;
    if (state.colourBy === "role") {
      Object.keys(lg.roles).forEach(function (r) { items.push({ shape: "dot", colour: lg.roles[r].colour, text: lg.roles[r].label }); });
    } else {
      lg.families.forEach(function (f) { items.push({ shape: f.shape, colour: f.colour, text: f.label }); });
    }
    ["Innovation", "Partnership"].forEach(function (t) {
      if (data.nodes.some(function (n) { return n.info.type === t && state.visible.has(n.id); }))
        items.push({ shape: lg.entities[t].shape, colour: lg.entities[t].colour, text: lg.entities[t].label });
    });
    items.push({ gap: true });
    if (data.nodes.some(function (n) { return n.info.broker; })) items.push({ shape: "dot", colour: "#dfe3e8", stroke: lg.marks.broker_border, width: 4, text: "Broker (thick black ring)" });
    if (data.nodes.some(function (n) { return n.info.gap; })) items.push({ shape: "dot", colour: "#dfe3e8", stroke: lg.marks.gap_border, width: 3, dashed: true, text: "Named by a gap (dashed magenta ring)" });
    if (data.edges.some(function (e) { return e.info.route; })) items.push({ line: lg.marks.edge_route, text: "Warm route" });
    if (state.path) items.push({ line: lg.marks.edge_route, text: "Route shown: " + pathResult.textContent });
    items.push({ text: "Bigger: others rely on it more to connect them" });
    if (hulls().length) items.push({ hull: true, text: state.areas === "community" ? "Shaded: a community of people who work together" : "Shaded: an integrated care system" });
    items.push({ gap: true });
    items.push({ text: num(counts.organisations) + " organisations" + (counts.people ? ", " + num(counts.people) + " people" : "") + " in the data" });
    if (meta.gapCount !== null && meta.gapCount !== undefined) items.push({ text: plural(meta.gapCount, "gap") });
    items.push({ text: visibleCount.textContent + " nodes" + (data.levels.both ? (state.level === "org" ? " (organisation level)" : " (with people)") : "") });
    return items;
  }
  function wrapCanvasText(ctx, text, maxWidth) {
    var words = String(text).split(/\s+/), lines = [""];
    words.forEach(function (w) {
      var cur = lines[lines.length - 1], next = cur ? cur + " " + w : w;
      if (ctx.measureText(next).width <= maxWidth || !cur) lines[lines.length - 1] = next; else lines.push(w);
    });
    return lines;
  }
  function compose() {
    var src = container.querySelector("canvas");
    var r = src.width / Math.max(1, src.clientWidth), mapW = src.clientWidth, mapH = src.clientHeight;
    var side = 280, head = 74, foot = 34, W = mapW + side;
    var probe = document.createElement("canvas").getContext("2d");
    probe.font = "12.5px " + FACE;
    var items = legendItems(), legendH = 40;
    items.forEach(function (it) { legendH += it.gap ? 8 : 19 * (it.text ? wrapCanvasText(probe, it.text, side - 56).length : 1); });
    var H = head + Math.max(mapH, legendH) + foot;
    var out = document.createElement("canvas");
    out.width = Math.round(W * r); out.height = Math.round(H * r);
    var ctx = out.getContext("2d");
    ctx.scale(r, r);
    ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, W, H);
    ctx.fillStyle = "#0b5cad"; ctx.fillRect(0, 0, W, 4);
    ctx.textBaseline = "alphabetic"; ctx.fillStyle = "#1f2933";
    ctx.font = "650 20px " + FACE;
    ctx.fillText(clip(meta.title, 110), 16, 32);
    ctx.font = "13.5px " + FACE; ctx.fillStyle = "#5f6b7a";
    ctx.fillText(clip(meta.subtitle || "", 160), 16, 54);
    ctx.drawImage(src, 0, head, mapW, mapH);
    ctx.strokeStyle = "#dde2e8"; ctx.lineWidth = 1;
    ctx.strokeRect(0.5, head + 0.5, mapW - 1, mapH - 1);
    var x = mapW + 16, y = head + 18;
    ctx.fillStyle = "#1f2933"; ctx.font = "700 12px " + FACE;
    ctx.fillText("KEY", x, y); y += 20;
    items.forEach(function (it) {
      if (it.gap) { y += 8; return; }
      if (it.shape) drawShape(ctx, it.shape, x + 8, y - 4, 6.5, it.colour, it.stroke, it.width, it.dashed);
      else if (it.line) { ctx.strokeStyle = it.line; ctx.lineWidth = 4; ctx.beginPath(); ctx.moveTo(x, y - 4); ctx.lineTo(x + 18, y - 4); ctx.stroke(); }
      else if (it.hull) { ctx.fillStyle = "rgba(0, 114, 178, 0.12)"; ctx.fillRect(x, y - 11, 18, 14); }
      ctx.fillStyle = "#1f2933"; ctx.font = "12.5px " + FACE;
      wrapCanvasText(ctx, it.text, side - 56).forEach(function (line, i) { ctx.fillText(line, x + (it.shape || it.line || it.hull ? 28 : 0), y + i * 19); });
      y += 19 * wrapCanvasText(ctx, it.text, side - 56).length;
    });
    ctx.fillStyle = "#5f6b7a"; ctx.font = "12px " + FACE;
    var saved = new Date().toISOString().slice(0, 10);
    ctx.fillText(clip("Data: " + (meta.source || "an ecograph store") + ", map made " + meta.generated +
                      "; view saved " + saved + ". Made with ecograph.", 190), 16, H - 12);
    return out;
  }
  state.compose = compose;
  function slug() { return (meta.title || "ecograph-map").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "ecograph-map"; }
  function download(blob, name) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  function pdfText(s) { return String(s).replace(/[^\x20-\x7e]/g, "?").replace(/([\\()])/g, "\\$1"); }
  function pdf(jpeg, width, height) {
    // One A4 landscape page holding the picture (a JPEG: PDF reads it as is, /DCTDecode).
    // Written here rather than vendoring jsPDF: its UMD build (4.2.1) is 420 kB minified, and
    // inlined into every map like vis-network it would add 8 MB to the demo atlas's 20 maps,
    // against the atlas's 20 MB target; a one-image page needs six objects and a cross-reference.
    var pageW = 842, pageH = 595, m = 20;
    var s = Math.min((pageW - 2 * m) / width, (pageH - 2 * m) / height), w = width * s, h = height * s;
    var content = "q " + w.toFixed(2) + " 0 0 " + h.toFixed(2) + " " + ((pageW - w) / 2).toFixed(2) + " " +
                  ((pageH - h) / 2).toFixed(2) + " cm /Im0 Do Q";
    var enc = new TextEncoder(), parts = [], offsets = [], size = 0;
    function put(x) { var b = typeof x === "string" ? enc.encode(x) : x; parts.push(b); size += b.length; }
    put("%PDF-1.4\n%\xE2\xE3\n");
    var objects = [
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + pageW + " " + pageH + "] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>",
      [ "<< /Type /XObject /Subtype /Image /Width " + width + " /Height " + height +
        " /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length " + jpeg.length + " >>\nstream\n", jpeg, "\nendstream" ],
      "<< /Length " + content.length + " >>\nstream\n" + content + "\nendstream",
      "<< /Title (" + pdfText(meta.title) + ") /Creator (ecograph) /Producer (ecograph map page) >>"
    ];
    objects.forEach(function (o, i) {
      offsets.push(size);
      put((i + 1) + " 0 obj\n");
      (Array.isArray(o) ? o : [o]).forEach(put);
      put("\nendobj\n");
    });
    var xref = size;
    put("xref\n0 " + (objects.length + 1) + "\n0000000000 65535 f \n" +
        offsets.map(function (o) { return String(o).padStart(10, "0") + " 00000 n \n"; }).join(""));
    put("trailer\n<< /Size " + (objects.length + 1) + " /Root 1 0 R /Info 6 0 R >>\nstartxref\n" + xref + "\n%%EOF\n");
    return new Blob(parts, { type: "application/pdf" });
  }
  document.getElementById("save-png").addEventListener("click", function () {
    compose().toBlob(function (blob) { download(blob, slug() + ".png"); }, "image/png");
  });
  document.getElementById("save-pdf").addEventListener("click", function () {
    var c = compose(), url = c.toDataURL("image/jpeg", 0.92), bin = atob(url.slice(url.indexOf(",") + 1));
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    download(pdf(bytes, c.width, c.height), slug() + ".pdf");
  });
  var printView = document.getElementById("print-view");
  window.addEventListener("beforeprint", function () {
    var c = compose();
    printView.width = c.width; printView.height = c.height;
    printView.getContext("2d").drawImage(c, 0, 0);
  });

  // --- the view in the link: filters, level, selection, route, zoom ----------------------------
  var restoring = false, saveTimer = null;
  function saveViewSoon() { clearTimeout(saveTimer); saveTimer = setTimeout(saveView, 250); }
  function saveView() {
    if (!state.settled || restoring) return;
    var p = new URLSearchParams();
    if (data.levels.both && state.level !== data.levels.start) p.set("level", state.level);
    var offK = [], offI = [];
    document.querySelectorAll("input.filter-kind").forEach(function (c) { if (!c.checked) offK.push(c.value); });
    document.querySelectorAll("input.filter-ics").forEach(function (c) { if (!c.checked) offI.push(c.value); });
    if (offK.length) p.set("hide-kinds", offK.join(","));
    if (offI.length) p.set("hide-ics", offI.join(","));
    if (state.hideUnconnected !== !!state.hideByDefault) p.set("unconnected", state.hideUnconnected ? "hide" : "show");
    if (state.onlyBrokers) p.set("brokers", "only");
    if (state.onlyGaps) p.set("gaps", "only");
    if (state.hops !== 1) p.set("hops", String(state.hops));
    if (state.areas !== "ics") p.set("areas", state.areas);
    if (state.selected !== null) p.set("node", String(state.selected));
    if (state.path) p.set("route", state.path[0] + "," + state.path[state.path.length - 1]);
    if (colourSelect && state.colourBy !== "role") p.set("colour", state.colourBy);
    var v = network.getViewPosition();
    p.set("zoom", network.getScale().toFixed(3));
    p.set("at", v.x.toFixed(0) + "," + v.y.toFixed(0));
    var hash = "#" + p.toString();
    if (location.hash !== hash) history.replaceState(null, "", hash);
  }
  state.saveView = saveView;
  function restoreView() {
    var p = new URLSearchParams(location.hash.slice(1));
    if (!location.hash) return;
    restoring = true;
    try {
      if (data.levels.both && (p.get("level") === "org" || p.get("level") === "people")) setLevel(p.get("level"), true);
      // "" is a value too (the nodes with no ICS): only split what is there
      var offK = new Set(p.has("hide-kinds") ? p.get("hide-kinds").split(",") : []);
      var offI = new Set(p.has("hide-ics") ? p.get("hide-ics").split(",") : []);
      document.querySelectorAll("input.filter-kind").forEach(function (c) { c.checked = !offK.has(c.value); });
      document.querySelectorAll("input.filter-ics").forEach(function (c) { c.checked = !offI.has(c.value); });
      if (p.has("unconnected")) state.hideUnconnected = hideUnconnected.checked = p.get("unconnected") === "hide";
      state.onlyBrokers = onlyBrokers.checked = p.get("brokers") === "only";
      state.onlyGaps = onlyGaps.checked = p.get("gaps") === "only";
      if (p.get("hops")) { state.hops = Number(p.get("hops")) || 0; hopsSelect.value = String(state.hops); }
      if (areas && p.get("areas") === "community") { state.areas = areas.value = "community"; }
      if (colourSelect && p.get("colour") === "kind") { colourSelect.value = "kind"; colourBy("kind"); }
      applyFilters(true);
      var node = p.get("node");
      if (node !== null && byId.has(Number(node))) selectNode(Number(node), true);
      else if (state.selected !== null) { network.unselectAll(); showInfo(null); }
      var route = (p.get("route") || "").split(",").map(Number);
      if (route.length === 2 && byId.has(route[0]) && byId.has(route[1])) {
        pathFrom.value = byId.get(route[0]).info.name; pathTo.value = byId.get(route[1]).info.name;
        state.path = shortestPath(route[0], route[1]);
        if (state.path) pathResult.textContent = (state.path.length - 1) + " steps: " + routeWords(state.path);
        applyEmphasis();
      }
      var zoom = Number(p.get("zoom")), at = (p.get("at") || "").split(",").map(Number);
      if (zoom > 0 && at.length === 2 && at.every(isFinite)) network.moveTo({ position: { x: at[0], y: at[1] }, scale: zoom, animation: false });
    } finally {
      restoring = false;
    }
  }

  // a link pasted into a tab that already shows this map changes only the fragment: the page is
  // not loaded again, so apply the view it holds (saveView's replaceState fires no hashchange)
  window.addEventListener("hashchange", function () { if (state.settled) { restoreView(); placeLabels(); network.redraw(); } });

  if (!data.nodes.length) { progressText.textContent = "Nothing to show"; settled(); progress.hidden = false; }
})();
