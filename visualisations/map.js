/* ecograph map: search, filters, info panel and tooltips around vis-network.
 * Every piece of data text goes into the DOM through textContent, never innerHTML,
 * and nodes carry no vis `title` (vis would parse a string title as HTML). */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("ecograph-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("network");
  var byId = new Map(data.nodes.map(function (n) { return [n.id, n]; }));
  var edgeById = new Map(data.edges.map(function (e) { return [e.id, e]; }));

  var lg = data.legend;
  var orgLike = new Set(lg.orgLike);
  function filterKey(info) { return orgLike.has(info.type) ? info.kind : "label:" + info.type; }
  function kindLabel(info) { return orgLike.has(info.type) ? (lg.kindLabels[info.kind] || info.kind) : (info.kind || ""); }
  function fill(info, mode) {
    // the same rule as _fill() in ecograph/maps/render.py
    if (mode === "role") return (lg.roles[info.role || "none"] || lg.roles.none).colour;
    return orgLike.has(info.type) ? lg.kindColours[info.kind] : lg.entityColours[info.type];
  }
  function border(info) {
    return info.gap ? lg.marks.gap_border : info.broker ? lg.marks.broker_border : lg.marks.node_border;
  }
  data.nodes.forEach(function (n) { n.info.fk = filterKey(n.info); });

  var state = {
    nodes: nodes, edges: edges, network: null, settled: false, settleMs: null,
    selected: null, colourBy: data.rolesPresent ? "role" : "kind"
  };
  window.ecograph = state;

  // --- small DOM helpers (text only) --------------------------------------------------
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function fmt(x) {
    if (typeof x !== "number") return x;
    if (Number.isInteger(x)) return x.toLocaleString("en-GB");
    return Math.abs(x) < 0.001 && x !== 0 ? x.toExponential(2) : x.toFixed(3);
  }
  function describe(info) {
    // [label, value] rows shown in tooltips and the info panel
    var rows = [];
    var what = info.type, kl = kindLabel(info);
    if (kl) what += " · " + kl;
    rows.push(["What", what]);
    if (info.jobTitle && info.name.indexOf(info.jobTitle) === -1) rows.push(["Job title", info.jobTitle]);
    if (info.organisation && info.name.indexOf(info.organisation) === -1) rows.push(["Organisation", info.organisation]);
    if (info.ics) rows.push(["ICS", lg.icsNames[info.ics] ? lg.icsNames[info.ics] + " (" + info.ics + ")" : info.ics]);
    if (info.role) rows.push(["Role", (lg.roles[info.role] || {}).label || info.role]);
    if (info.stage) rows.push(["Stage", info.stage]);
    if (info.people) rows.push(["People", fmt(info.people) + " rolled up into this organisation"]);
    if (info.betweenness !== undefined) rows.push(["Betweenness", fmt(info.betweenness)]);
    if (info.score !== undefined) rows.push(["Score", fmt(info.score)]);
    if (info.broker) rows.push(["Broker", "Yes: connects groups that are otherwise apart"]);
    if (info.gap) rows.push(["Gap", info.gap]);
    if (info.why) rows.push(["Why", info.why]);
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
    return [el("div", n.info.name, "tt-name"), definitionList(describe(n.info).slice(0, 9))];
  }
  function edgeTooltip(id) {
    var e = edgeById.get(id);
    if (!e) return [];
    var a = byId.get(e.from), b = byId.get(e.to), info = e.info || {};
    var out = [el("div", (a ? a.info.name : "") + " — " + (b ? b.info.name : ""), "tt-name")];
    var rows = [];
    if (info.relationship) rows.push(["Link", info.relationship]);
    if (info.weight !== undefined) rows.push(["Weight", fmt(info.weight)]);
    if (info.route) rows.push(["Warm route", "Yes"]);
    if (info.dashed) rows.push(["Suggested", "Yes: a link that could be made"]);
    if (info.title) rows.push(["About", info.title]);
    out.push(definitionList(rows));
    return out;
  }

  // --- info panel ---------------------------------------------------------------------
  var infoBody = document.getElementById("info-body");
  var infoEmpty = document.getElementById("info-empty");
  function showInfo(id) {
    var n = byId.get(id);
    state.selected = n ? id : null;
    if (!n) { infoBody.hidden = true; infoEmpty.hidden = false; infoBody.replaceChildren(); return; }
    var parts = [el("h2", n.info.name, "info-name"), definitionList(describe(n.info))];
    var neighbours = state.network.getConnectedNodes(id);
    if (neighbours.length) {
      parts.push(el("p", "Connected to " + neighbours.length.toLocaleString("en-GB"), "info-sub"));
      var ul = el("ul", null, "neighbours");
      neighbours
        .map(function (nid) { return byId.get(nid); })
        .sort(function (a, b) { return b.size - a.size; })
        .slice(0, 12)
        .forEach(function (m) {
          var li = el("li");
          var btn = el("button", m.info.name, "link-button");
          btn.type = "button";
          btn.addEventListener("click", function () { selectNode(m.id); });
          li.appendChild(btn);
          ul.appendChild(li);
        });
      parts.push(ul);
    }
    infoBody.replaceChildren.apply(infoBody, parts);
    infoBody.hidden = false;
    infoEmpty.hidden = true;
  }

  // --- filters --------------------------------------------------------------------------
  var visibleCount = document.getElementById("visible-count");
  function checkedValues(cls) {
    var s = new Set();
    document.querySelectorAll("input." + cls).forEach(function (c) { if (c.checked) s.add(c.value); });
    return s;
  }
  function applyFilters() {
    var kinds = checkedValues("filter-kind"), ics = checkedValues("filter-ics");
    var hidden = new Set(), nodeUpdates = [], edgeUpdates = [];
    data.nodes.forEach(function (n) {
      var hide = !kinds.has(n.info.fk) || !ics.has(n.info.ics || "");
      if (hide) hidden.add(n.id);
      if (!!n.hidden !== hide) { n.hidden = hide; nodeUpdates.push({ id: n.id, hidden: hide }); }
    });
    data.edges.forEach(function (e) {
      var hide = hidden.has(e.from) || hidden.has(e.to);
      if (!!e.hidden !== hide) { e.hidden = hide; edgeUpdates.push({ id: e.id, hidden: hide }); }
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    var shown = data.nodes.length - hidden.size;
    visibleCount.textContent = "Showing " + shown.toLocaleString("en-GB") + " of " +
      data.nodes.length.toLocaleString("en-GB");
    if (state.selected !== null && hidden.has(state.selected)) { state.network.unselectAll(); showInfo(null); }
    if (state.settled) { computeClusters(); state.network.redraw(); }
  }
  function reveal(id) {
    // make sure a searched-for node is not filtered out
    var n = byId.get(id);
    if (!n || !n.hidden) return;
    document.querySelectorAll("input.filter-kind, input.filter-ics").forEach(function (c) {
      if ((c.classList.contains("filter-kind") && c.value === n.info.fk) ||
          (c.classList.contains("filter-ics") && c.value === (n.info.ics || ""))) c.checked = true;
    });
    applyFilters();
  }
  document.querySelectorAll("input.filter-kind, input.filter-ics").forEach(function (c) {
    c.addEventListener("change", applyFilters);
  });
  document.querySelectorAll("button[data-all], button[data-none]").forEach(function (b) {
    b.addEventListener("click", function () {
      var group = b.dataset.all || b.dataset.none;
      document.querySelectorAll("input.filter-" + group).forEach(function (c) { c.checked = !!b.dataset.all; });
      applyFilters();
    });
  });

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
    return starts.concat(contains).slice(0, 10);
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

  function selectNode(id) {
    if (!byId.has(id)) return;
    reveal(id);
    state.network.selectNodes([id]);
    document.body.dataset.focused = "";
    state.network.once("animationFinished", function () { document.body.dataset.focused = String(id); });
    state.network.focus(id, { scale: Math.max(state.network.getScale(), 1.1),
                              animation: { duration: 500, easingFunction: "easeInOutQuad" } });
    showInfo(id);
  }
  state.selectNode = selectNode;
  state.search = function (q) { matches = findMatches(q); active = 0; choose(0); return state.selected; };

  // --- the network ----------------------------------------------------------------------
  var progress = document.getElementById("progress");
  var progressText = document.getElementById("progress-text");
  var progressBar = document.getElementById("progress-bar");
  var t0 = performance.now();
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  state.network = network;

  function settled() {
    if (state.settled) return;
    network.setOptions({ physics: false });
    state.settled = true;
    state.settleMs = Math.round(performance.now() - t0);
    state.settledAt = Math.round(performance.now());
    progress.hidden = true;
    computeClusters();
    network.fit({ animation: false });
    document.body.dataset.settled = "true";
  }
  network.on("stabilizationProgress", function (p) {
    var pct = Math.round(100 * p.iterations / p.total);
    progressText.textContent = "Laying out the map… " + pct + "%";
    progressBar.style.width = pct + "%";
  });
  network.once("stabilizationIterationsDone", settled);
  if (!data.nodes.length) { progressText.textContent = "Nothing to show"; settled(); progress.hidden = false; }

  // ICS names drawn over their clusters when zoomed out (canvas text: never parsed as HTML)
  var clusters = [];
  function computeClusters() {
    var pos = network.getPositions(), sums = new Map();
    data.nodes.forEach(function (n) {
      if (n.hidden || !n.info.ics || !pos[n.id]) return;
      var s = sums.get(n.info.ics) || { x: 0, y: 0, c: 0 };
      s.x += pos[n.id].x; s.y += pos[n.id].y; s.c += 1;
      sums.set(n.info.ics, s);
    });
    clusters = [];
    sums.forEach(function (s, ics) {
      if (s.c >= 3) clusters.push({ name: lg.icsNames[ics] || ics, x: s.x / s.c, y: s.y / s.c });
    });
    if (clusters.length < 2) clusters = [];
  }
  state.clusters = function () { return clusters; };
  network.on("afterDrawing", function (ctx) {
    var scale = network.getScale();
    if (!state.settled || !clusters.length || scale > 0.6) return;
    ctx.save();
    ctx.globalAlpha = Math.min(1, (0.6 - scale) / 0.25);
    ctx.font = "600 " + (15 / scale) + "px system-ui, -apple-system, Segoe UI, Roboto, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.lineJoin = "round";
    ctx.lineWidth = 5 / scale;
    ctx.strokeStyle = "rgba(255, 255, 255, 0.92)";
    ctx.fillStyle = "rgba(31, 41, 51, 0.85)";
    clusters.forEach(function (c) { ctx.strokeText(c.name, c.x, c.y); ctx.fillText(c.name, c.x, c.y); });
    ctx.restore();
  });
  network.on("dragEnd", function (p) { if (p.nodes.length) computeClusters(); });

  network.on("hoverNode", function (p) { showTooltip(nodeTooltip(p.node), p.pointer.DOM); });
  network.on("blurNode", hideTooltip);
  network.on("hoverEdge", function (p) { showTooltip(edgeTooltip(p.edge), p.pointer.DOM); });
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);
  network.on("click", function (p) { showInfo(p.nodes.length ? p.nodes[0] : null); });
  document.getElementById("fit").addEventListener("click", function () { network.fit({ animation: { duration: 400 } }); });

  applyFilters();
})();
