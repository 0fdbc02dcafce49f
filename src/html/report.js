// quotebench report: the error browser and the diff. Reads the JSON in
// #qb-data and builds the DOM with createElement/textContent only; no
// string ever becomes markup. The view lives in the URL fragment
// (#task=…&strategy=…&outcome=…&kind=…&doc=…&a=…&b=…).
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('qb-data').textContent);
  // The scorer's outcomes, in its order; any other name found in the data
  // (a newer scorer's) is appended.
  var OUTCOMES = ['correct', 'incorrect', 'unresolved', 'abstained', 'missed', 'spurious'];
  D.runs.forEach(function (r) { r.o.forEach(function (o) { if (OUTCOMES.indexOf(o.v) < 0) { OUTCOMES.push(o.v); } }); });
  var KINDS = ['direct', 'partial', 'indirect'];
  var KEYS = ['task', 'strategy', 'outcome', 'kind', 'doc', 'a', 'b', 'only'];
  var state = {};

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function tasks() {
    var t = [];
    D.runs.forEach(function (r) { if (t.indexOf(r.task) < 0) { t.push(r.task); } });
    return t;
  }
  function runsOf(task) { return D.runs.filter(function (r) { return r.task === task; }); }
  function findRun(task, key) {
    var rs = runsOf(task);
    for (var i = 0; i < rs.length; i++) { if (rs[i].key === key || rs[i].label === key) { return rs[i]; } }
    return null;
  }
  function fill(select, values, current, all) {
    while (select.firstChild) { select.removeChild(select.firstChild); }
    if (all) { var o = el('option', null, all); o.value = ''; select.appendChild(o); }
    values.forEach(function (v) {
      var o = el('option', null, v[1]); o.value = v[0];
      if (v[0] === current) { o.selected = true; }
      select.appendChild(o);
    });
    if (!current && all) { select.value = ''; }
  }

  function readHash() {
    var p = new URLSearchParams(location.hash.replace(/^#/, ''));
    var s = {};
    KEYS.forEach(function (k) { s[k] = p.get(k) || ''; });
    return normalize(s);
  }
  // Fills in what the view leaves open: the task, the strategy (the
  // leaderboard's first) and the diff's two runs (the baseline of the
  // strategy and the strategy, else the second run and the first).
  function normalize(s) {
    var ts = tasks();
    if (ts.indexOf(s.task) < 0) { s.task = ts.indexOf('attribution') >= 0 ? 'attribution' : (ts[0] || ''); }
    var rs = runsOf(s.task);
    var run = findRun(s.task, s.strategy) || rs[0] || null;
    s.strategy = run ? run.key : '';
    if (!findRun(s.task, s.a) || !findRun(s.task, s.b)) {
      var base = run && findRun(s.task, 'baseline:' + run.key);
      if (base) { s.a = base.key; s.b = run.key; }
      else if (rs.length > 1) { s.a = rs[1].key; s.b = rs[0].key; }
      else { s.a = s.b = run ? run.key : ''; }
    }
    return s;
  }
  function writeHash() {
    var p = new URLSearchParams();
    KEYS.forEach(function (k) { if (state[k]) { p.set(k, state[k]); } });
    var h = '#' + p.toString();
    if (location.hash !== h) { history.replaceState(null, '', h); }
    $('permalink').setAttribute('href', h);
  }

  // Items of one run: a gold quote with its outcome, or a spurious prediction.
  function items(run) {
    var byGold = {};
    var out = [];
    run.o.forEach(function (o) {
      if (o.g !== undefined) { byGold[o.g] = o; }
      else if (o.s !== undefined && o.e !== undefined) {
        out.push({ d: o.d, s: o.s, e: o.e, o: o, spurious: true, kind: o.k || '' });
      }
    });
    D.gold.forEach(function (g, i) {
      var o = byGold[i] || { v: run.task === 'end-to-end' ? 'missed' : 'abstained' };
      out.push({ d: g.d, s: g.s, e: g.e, o: o, g: i, gold: g, kind: g.k });
    });
    out.sort(function (x, y) { return x.d - y.d || x.s - y.s || y.e - x.e; });
    return out;
  }
  function matches(it) {
    if (state.outcome && it.o.v !== state.outcome) { return false; }
    if (state.kind && it.kind !== state.kind) { return false; }
    return true;
  }
  function describe(it) {
    var lines = [];
    var doc = D.docs[it.d];
    lines.push(['document', doc.id]);
    if (it.gold) {
      lines.push(['kind', it.gold.k]);
      lines.push(['gold speaker', it.gold.sp + ' (' + it.gold.id + ')']);
      lines.push(['mention', it.gold.m ? it.gold.m + ' (' + it.gold.mt + ')' : '(none)']);
    } else {
      lines.push(['kind', it.kind || 'unknown']);
      lines.push(['gold speaker', '(no gold quote here)']);
    }
    lines.push(['outcome', it.o.v]);
    lines.push(['predicted', it.o.p === undefined || it.o.p === null ? '(none)' : it.o.p]);
    lines.push(['matching rule', it.o.r || '-']);
    if (it.gold && it.o.s !== undefined && (it.o.s !== it.s || it.o.e !== it.e)) {
      lines.push(['predicted span', doc.text.slice(it.o.s, it.o.e)]);
    }
    return lines;
  }
  function showDetails(it) {
    var box = $('details');
    while (box.firstChild) { box.removeChild(box.firstChild); }
    var dl = el('dl');
    describe(it).forEach(function (l) { dl.appendChild(el('dt', null, l[0])); dl.appendChild(el('dd', null, l[1])); });
    box.appendChild(dl);
  }

  // Marks intervals in a text, nesting them; an interval that crosses the
  // end of the one it starts in is split, its later pieces marked `cont`.
  function markText(container, text, ivs, make) {
    ivs = ivs.slice().sort(function (x, y) { return x.s - y.s || y.e - x.e; });
    var stack = [{ e: Infinity, node: container }];
    var pos = 0;
    var i = 0;
    function put(node, upto) { if (upto > pos) { node.appendChild(document.createTextNode(text.slice(pos, upto))); pos = upto; } }
    while (i < ivs.length || stack.length > 1) {
      var top = stack[stack.length - 1];
      var next = i < ivs.length ? ivs[i].s : Infinity;
      if (top.e <= next) { put(top.node, top.e); stack.pop(); continue; }
      put(top.node, next);
      var iv = ivs[i++];
      if (iv.e <= iv.s) { continue; }
      if (iv.e > top.e) {
        var rest = { s: top.e, e: iv.e, it: iv.it, cont: true };
        var j = i;
        while (j < ivs.length && (ivs[j].s < rest.s || (ivs[j].s === rest.s && ivs[j].e >= rest.e))) { j++; }
        ivs.splice(j, 0, rest);
        iv = { s: iv.s, e: top.e, it: iv.it, cont: iv.cont };
      }
      var node = make(iv.it, iv.cont);
      top.node.appendChild(node);
      stack.push({ e: iv.e, node: node });
    }
    put(container, text.length);
  }

  var shown = [];
  function render() {
    var run = findRun(state.task, state.strategy);
    fill($('f-task'), tasks().map(function (t) { return [t, t]; }), state.task);
    fill($('f-strategy'), runsOf(state.task).map(function (r) { return [r.key, r.label]; }), state.strategy);
    fill($('f-outcome'), OUTCOMES.map(function (o) { return [o, o]; }), state.outcome, 'every outcome');
    fill($('f-kind'), KINDS.map(function (k) { return [k, k]; }), state.kind, 'every kind');
    fill($('f-doc'), D.docs.map(function (d) { return [d.id, d.id]; }), state.doc, 'every document');
    var docs = $('docs');
    while (docs.firstChild) { docs.removeChild(docs.firstChild); }
    var tbody = $('quotes').tBodies[0];
    while (tbody.firstChild) { tbody.removeChild(tbody.firstChild); }
    shown = [];
    if (!run) { $('summary').textContent = 'No run to show.'; renderDiff(); writeHash(); return; }
    var all = items(run);
    var counts = {};
    D.docs.forEach(function (doc, d) {
      if (state.doc && doc.id !== state.doc) { return; }
      var mine = all.filter(function (it) { return it.d === d; });
      var art = el('article', 'doc');
      art.id = 'doc-' + d;
      art.setAttribute('data-doc', doc.id);
      art.appendChild(el('h3', null, doc.id));
      var box = el('div', 'text');
      markText(box, doc.text, mine.map(function (it) { return { s: it.s, e: it.e, it: it }; }), function (it, cont) {
        var m = el('mark', (it.spurious ? 'sp' : 'g k-' + it.kind) + ' o-' + it.o.v + (cont ? ' cont' : ''));
        if (!it.spurious) { m.setAttribute('data-g', String(it.g)); m.setAttribute('data-kind', cont ? '' : it.kind.charAt(0).toUpperCase()); }
        m.setAttribute('data-outcome', it.o.v);
        if (!matches(it)) { m.classList.add('dim'); }
        if (!cont) {
          m.tabIndex = 0;
          m.title = describe(it).map(function (l) { return l[0] + ': ' + l[1]; }).join('\n');
        }
        m.addEventListener('mouseover', function (ev) { ev.stopPropagation(); showDetails(it); });
        m.addEventListener('focus', function () { showDetails(it); });
        if (!cont) { it.mark = m; }
        return m;
      });
      art.appendChild(box);
      docs.appendChild(art);
      mine.forEach(function (it) {
        if (!matches(it)) { return; }
        shown.push(it);
        counts[it.o.v] = (counts[it.o.v] || 0) + 1;
        var tr = el('tr', 'qrow');
        tr.setAttribute('data-outcome', it.o.v);
        tr.appendChild(el('td', null, doc.id));
        tr.appendChild(el('td', null, it.kind || '-'));
        tr.appendChild(el('td', 'o-' + it.o.v, it.o.v));
        tr.appendChild(el('td', null, it.gold ? it.gold.sp : '-'));
        tr.appendChild(el('td', null, it.o.p === undefined || it.o.p === null ? '-' : it.o.p));
        tr.appendChild(el('td', null, it.o.r || '-'));
        var t = doc.text.slice(it.s, it.e).replace(/\s+/g, ' ');
        tr.appendChild(el('td', 'snip', t.length > 110 ? t.slice(0, 109) + '…' : t));
        tr.addEventListener('click', function () { if (it.mark) { it.mark.focus(); it.mark.scrollIntoView({ block: 'center' }); } });
        tbody.appendChild(tr);
      });
    });
    var parts = Object.keys(counts).sort().map(function (k) { return counts[k] + ' ' + k; });
    $('summary').textContent = run.label + ' on ' + run.task + ': ' + shown.length + ' shown' + (parts.length ? ' (' + parts.join(', ') + ')' : '');
    renderDiff();
    writeHash();
  }

  function isError(it) { return it.o.v !== 'correct' && it.mark && !it.mark.classList.contains('dim'); }
  function step(dir) {
    var errs = shown.filter(isError);
    if (!errs.length) { return; }
    var cur = document.activeElement;
    var at = -1;
    for (var i = 0; i < errs.length; i++) { if (errs[i].mark === cur) { at = i; } }
    var next;
    if (at >= 0) { next = errs[(at + dir + errs.length) % errs.length]; }
    else {
      // From the focused element (or the top), the first error after it.
      next = dir > 0 ? errs[0] : errs[errs.length - 1];
      if (cur && cur !== document.body && cur.compareDocumentPosition) {
        var after = errs.filter(function (e) { return cur.compareDocumentPosition(e.mark) & Node.DOCUMENT_POSITION_FOLLOWING; });
        var before = errs.filter(function (e) { return cur.compareDocumentPosition(e.mark) & Node.DOCUMENT_POSITION_PRECEDING; });
        if (dir > 0 && after.length) { next = after[0]; }
        if (dir < 0 && before.length) { next = before[before.length - 1]; }
      }
    }
    next.mark.focus();
    next.mark.scrollIntoView({ block: 'center' });
  }

  function key(it) { return it.d + ':' + (it.spurious ? 's' : 'g') + ':' + it.s + ':' + it.e; }
  function renderDiff() {
    var rs = runsOf(state.task).map(function (r) { return [r.key, r.label]; });
    fill($('d-a'), rs, state.a);
    fill($('d-b'), rs, state.b);
    var tbody = $('diff-table').tBodies[0];
    while (tbody.firstChild) { tbody.removeChild(tbody.firstChild); }
    var A = findRun(state.task, state.a);
    var B = findRun(state.task, state.b);
    if (!A || !B) { $('diff-summary').textContent = ''; return; }
    var a = {};
    items(A).forEach(function (it) { a[key(it)] = it; });
    var b = {};
    items(B).forEach(function (it) { b[key(it)] = it; });
    var keys = Object.keys(a).concat(Object.keys(b).filter(function (k) { return !(k in a); }));
    var rows = [];
    keys.forEach(function (k) {
      var x = a[k], y = b[k];
      var it = x || y;
      var okA = !!x && x.o.v === 'correct', okB = !!y && y.o.v === 'correct';
      var change;
      if (it.spurious) { if (x && !y) { change = 'fixed by B'; } else if (y && !x) { change = 'broken by B'; } }
      else if (!okA && okB) { change = 'fixed by B'; } else if (okA && !okB) { change = 'broken by B'; }
      if (change) { rows.push([it, change, x, y]); }
    });
    rows.sort(function (p, q) { return p[0].d - q[0].d || p[0].s - q[0].s; });
    var fixed = rows.filter(function (r) { return r[1] === 'fixed by B'; }).length;
    $('diff-summary').textContent = 'A = ' + A.label + ', B = ' + B.label + ': B fixed ' + fixed + ' and broke ' + (rows.length - fixed) + '.';
    function said(z) { return z ? z.o.v + (z.o.p ? ' (' + z.o.p + ')' : '') : '-'; }
    rows.forEach(function (r) {
      var it = r[0];
      var doc = D.docs[it.d];
      var tr = el('tr', 'drow ' + (r[1] === 'fixed by B' ? 'q-fixed' : 'q-broke'));
      tr.appendChild(el('td', null, doc.id));
      tr.appendChild(el('td', null, r[1]));
      tr.appendChild(el('td', null, it.gold ? it.gold.sp : '(spurious)'));
      tr.appendChild(el('td', null, said(r[2])));
      tr.appendChild(el('td', null, said(r[3])));
      var t = doc.text.slice(it.s, it.e).replace(/\s+/g, ' ');
      tr.appendChild(el('td', 'snip', t.length > 110 ? t.slice(0, 109) + '…' : t));
      tbody.appendChild(tr);
    });
  }

  function legend() {
    var box = $('legend');
    OUTCOMES.forEach(function (o) {
      var s = el('span', 'sw ' + (o === 'spurious' ? '' : 'o-' + o), o);
      if (o === 'spurious') { s.className = 'sw sp'; }
      box.appendChild(s);
    });
    KINDS.forEach(function (k) {
      var m = el('span', 'sw g k-' + k, k);
      m.setAttribute('data-kind', k.charAt(0).toUpperCase());
      box.appendChild(m);
    });
  }

  function bind(id, k) {
    $(id).addEventListener('change', function (ev) {
      state[k] = ev.target.value;
      if (k === 'task') { state.strategy = ''; state.a = ''; state.b = ''; }
      state = normalize(state);
      render();
    });
  }
  ['task', 'strategy', 'outcome', 'kind', 'doc'].forEach(function (k) { bind('f-' + k, k); });
  bind('d-a', 'a');
  bind('d-b', 'b');
  $('next-error').addEventListener('click', function () { step(1); });
  $('prev-error').addEventListener('click', function () { step(-1); });
  document.addEventListener('keydown', function (ev) {
    var t = ev.target && ev.target.tagName;
    if (t === 'INPUT' || t === 'SELECT' || t === 'TEXTAREA' || ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    if (ev.key === 'n' || ev.key === 'j') { step(1); ev.preventDefault(); }
    if (ev.key === 'p' || ev.key === 'k') { step(-1); ev.preventDefault(); }
  });
  // A fragment without `=` is a plain anchor (the page's nav): keep the view.
  window.addEventListener('hashchange', function () {
    if (location.hash.indexOf('=') < 0) { return; }
    state = readHash();
    render();
  });
  legend();
  // A plain `#ID` scrolls to that section once rendered; `only=ID` shows
  // that section alone (a link to the error browser by itself).
  var anchor = location.hash.indexOf('=') < 0 ? location.hash.replace(/^#/, '') : '';
  var only = new URLSearchParams(location.hash.replace(/^#/, '')).get('only');
  if (only && document.getElementById(only) && document.getElementById(only).tagName === 'SECTION') {
    document.body.classList.add('only');
    document.getElementById(only).classList.add('shown');
  }
  state = readHash();
  render();
  if (anchor && document.getElementById(anchor)) { document.getElementById(anchor).scrollIntoView(); }
  document.body.setAttribute('data-rendered', 'yes');
})();
