/* Fleetlake dashboard: last-known positions, TOP-K, alerts and dead letters from the JSON API (same origin); a
   vehicle's or device's history (track with playback, charts at the granularity of the range), per-day distance and
   speeding, geofences. No library but Leaflet (vendored); charts are plain SVG. */
(function () {
  'use strict';

  var state = { config: null, map: null, tiles: null, offline: false, grid: null, markers: {}, fitted: false,
    selected: null, track: null, tilesLoaded: 0, tileErrors: 0, paused: false, history: null, player: null,
    playTimer: null, timer: null, fences: null };

  function esc(s) {
    return String(s === null || s === undefined ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function getJson(url) {
    return fetch(url, { cache: 'no-store' }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) { throw new Error(url + ': ' + (body && body.error ? body.error : r.status)); }
        return body;
      });
    });
  }

  function speedColor(speed) {
    if (speed === null || speed === undefined || speed < 1) { return '#7f8c8d'; }
    if (speed < 50) { return '#27ae60'; }
    if (speed <= 90) { return '#f39c12'; }
    return '#e74c3c';
  }

  function markerStyle(p) {
    var ring = { ok: '#1f78d1', warm: '#c0139b', unknown: '#1f78d1' }[p.reefer];
    return {
      radius: ring ? 8 : 7, color: ring || '#ffffff', weight: ring ? 4 : 1.5, opacity: 1,
      fillColor: speedColor(p.speed), fillOpacity: 0.95, dashArray: p.reefer === 'warm' ? '4 3' : null
    };
  }

  // Every time shown carries its date (UTC).
  function time(iso) { return iso ? iso.substring(0, 10) + ' ' + iso.substring(11, 19) + 'Z' : ''; }

  function tooltip(p) {
    var s = '<span class="fl-tip">' + esc(p.thing_name) + '</span><br>' + esc(Math.round(p.speed)) + ' km/h '
      + esc(p.heading || '') + '<br>' + esc(time(p.event_time));
    if (p.cargo_temp_c !== null && p.cargo_temp_c !== undefined) {
      s += '<br>cargo ' + esc(p.cargo_temp_c.toFixed(1)) + ' °C (max ' + esc(p.cargo_max_c) + ')';
    }
    return s;
  }

  // ---------- map ----------
  function initMap() {
    var map = L.map('map', { preferCanvas: false, zoomSnap: 0.25, zoomControl: false }).setView([45.52, -122.68], 11);
    L.control.zoom({ position: 'topright' }).addTo(map);
    state.map = map;
    if (state.config.tiles === 'none') {
      goOffline('tiles off (--tiles none)');
    } else {
      state.tiles = L.tileLayer(state.config.tiles, {
        maxZoom: 19, attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
      });
      state.tiles.on('tileload', function () { state.tilesLoaded++; });
      state.tiles.on('tileerror', function () {
        state.tileErrors++;
        if (!state.offline && state.tilesLoaded === 0 && state.tileErrors >= 2) { goOffline('map tiles unreachable'); }
      });
      state.tiles.addTo(map);
    }
    map.on('moveend resize', drawGrid);
  }

  function goOffline(why) {
    state.offline = true;
    if (state.tiles) { state.map.removeLayer(state.tiles); state.tiles = null; }
    document.getElementById('map').classList.add('offline');
    document.getElementById('map-note').textContent = 'offline: coordinate grid (' + why + ')';
    drawGrid();
  }

  function niceStep(span) {
    var raw = span / 6, pow = Math.pow(10, Math.floor(Math.log10(raw))), f = raw / pow;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * pow;
  }

  function drawGrid() {
    if (!state.offline) { return; }
    var map = state.map, view = map.getBounds(), b = view.pad(1);
    if (state.grid) { map.removeLayer(state.grid); }
    var g = L.layerGroup(), style = { color: '#b8c4ce', weight: 1, interactive: false };
    var latStep = niceStep(Math.max(view.getNorth() - view.getSouth(), 1e-6));
    var lonStep = niceStep(Math.max(view.getEast() - view.getWest(), 1e-6));
    var latDigits = Math.max(0, -Math.floor(Math.log10(latStep)));
    var lonDigits = Math.max(0, -Math.floor(Math.log10(lonStep)));
    function label(at, text, anchor) {
      g.addLayer(L.marker(at, { interactive: false, keyboard: false, icon: L.divIcon({ className: 'grid-label',
        html: text, iconSize: null, iconAnchor: anchor }) }));
    }
    // Lines reach past the view so panning does not show their ends; labels sit on the view's left and bottom edges.
    for (var lat = Math.ceil(b.getSouth() / latStep) * latStep; lat <= b.getNorth(); lat += latStep) {
      g.addLayer(L.polyline([[lat, b.getWest()], [lat, b.getEast()]], style));
      if (lat > view.getSouth() && lat < view.getNorth()) { label([lat, view.getWest()], lat.toFixed(latDigits) + '°', [-4, 13]); }
    }
    for (var lon = Math.ceil(b.getWest() / lonStep) * lonStep; lon <= b.getEast(); lon += lonStep) {
      g.addLayer(L.polyline([[b.getSouth(), lon], [b.getNorth(), lon]], style));
      if (lon > view.getWest() && lon < view.getEast()) { label([view.getSouth(), lon], lon.toFixed(lonDigits) + '°', [-4, 16]); }
    }
    state.grid = g.addTo(map);
    state.grid.eachLayer(function (l) { if (l.bringToBack) { l.bringToBack(); } });
  }

  function showPositions(positions) {
    var seen = {};
    positions.forEach(function (p) {
      seen[p.thing_name] = true;
      var m = state.markers[p.thing_name];
      if (!m) {
        m = L.circleMarker([p.lat, p.lon], Object.assign({ className: 'fl-vehicle' }, markerStyle(p)));
        m.on('click', function () { select(p.thing_name); });
        m.addTo(state.map);
        m.getElement().setAttribute('data-thing', p.thing_name);
        state.markers[p.thing_name] = m;
      } else {
        m.setLatLng([p.lat, p.lon]).setStyle(markerStyle(p));
      }
      m.getElement().setAttribute('data-reefer', p.reefer);
      m.bindTooltip(tooltip(p), { direction: 'top', offset: [0, -6] });
    });
    Object.keys(state.markers).forEach(function (name) {
      if (!seen[name]) { state.map.removeLayer(state.markers[name]); delete state.markers[name]; }
    });
    if (!state.fitted && positions.length > 0) {
      state.map.invalidateSize();
      state.map.fitBounds(L.latLngBounds(positions.map(function (p) { return [p.lat, p.lon]; })).pad(0.08));
      state.fitted = true;
    }
    var status = document.getElementById('status');
    status.setAttribute('data-positions', String(positions.length));
    status.setAttribute('data-markers', String(document.querySelectorAll('path.fl-vehicle').length));
  }

  function select(name) {
    state.selected = name;
    var list = document.getElementById('vehicles');
    if (name && !Array.prototype.some.call(list.options, function (o) { return o.value === name; })) {
      var o = document.createElement('option'); o.value = name; o.textContent = name; list.appendChild(o);
    }
    list.value = name || '';
    writeHash();
    return refreshTrack();
  }

  // ---------- time range ----------
  var RANGES = { '10m': 600e3, '1h': 3600e3, '6h': 6 * 3600e3, '24h': 24 * 3600e3, '7d': 7 * 86400e3, '30d': 30 * 86400e3 };

  function newestTime() {
    var n = state.config && state.config.newest;
    var t = n && (n.breadcrumbs || n.readings);
    return t ? Date.parse(t) : Date.now();
  }

  function isoSec(ms) { return new Date(ms).toISOString().substring(0, 19) + 'Z'; }

  // The chosen range as [from, to] in ms; "last ..." counts back from the lake's newest event time, as the map does.
  function currentRange() {
    var r = document.getElementById('range').value;
    if (RANGES[r]) { var end = newestTime() + 1000; return [end - RANGES[r], end]; }
    if (r === 'day') {
      var d = document.getElementById('day').value;
      var start = d ? Date.parse(d + 'T00:00:00Z') : Math.floor(newestTime() / 86400e3) * 86400e3;
      return [start, start + 86400e3];
    }
    var f = Date.parse(document.getElementById('from').value + 'Z'), t = Date.parse(document.getElementById('to').value + 'Z');
    return isNaN(f) || isNaN(t) ? [newestTime() - 3600e3, newestTime() + 1000] : [f, t];
  }

  function setRange(from, to) {
    document.getElementById('range').value = 'custom';
    document.getElementById('from').value = isoSec(from).substring(0, 19);
    document.getElementById('to').value = isoSec(to).substring(0, 19);
    showRangeInputs();
  }

  function showRangeInputs() {
    var r = document.getElementById('range').value;
    document.getElementById('day').hidden = r !== 'day';
    document.getElementById('custom').hidden = r !== 'custom';
    if (r === 'day' && !document.getElementById('day').value) {
      document.getElementById('day').value = new Date(newestTime()).toISOString().substring(0, 10);
    }
  }

  function writeHash() {
    var rg = currentRange(), h = '#thing=' + encodeURIComponent(state.selected || '');
    var r = document.getElementById('range').value;
    h += r === 'day' ? '&day=' + document.getElementById('day').value
      : r === 'custom' ? '&from=' + isoSec(rg[0]) + '&to=' + isoSec(rg[1]) : '&range=' + r;
    history.replaceState(null, '', h);
  }

  function readHash() {
    var p = {};
    location.hash.replace(/^#/, '').split('&').forEach(function (kv) {
      var i = kv.indexOf('='); if (i > 0) { p[kv.substring(0, i)] = decodeURIComponent(kv.substring(i + 1)); }
    });
    if (p.range && RANGES[p.range]) { document.getElementById('range').value = p.range; }
    if (p.day) { document.getElementById('range').value = 'day'; document.getElementById('day').value = p.day; }
    if (p.from && p.to) { setRange(Date.parse(p.from), Date.parse(p.to)); }
    showRangeInputs();
    return p.thing || null;
  }

  // ---------- history: track with playback, charts ----------
  function refreshTrack() {
    var name = state.selected, el = document.getElementById('history');
    if (!name) { return Promise.resolve(); }
    var rg = currentRange();
    document.getElementById('range-note').textContent = time(isoSec(rg[0])) + ' – ' + time(isoSec(rg[1]));
    el.setAttribute('data-state', 'loading');
    return getJson('/api/history?name=' + encodeURIComponent(name) + '&from=' + isoSec(rg[0]) + '&to=' + isoSec(rg[1]))
      .then(function (h) {
        if (state.selected !== name) { return; }
        state.history = h;
        drawTrack(h);
        drawCharts(h);
        el.setAttribute('data-state', 'ready');
        el.setAttribute('data-granularity', h.granularity);
      });
  }

  function drawTrack(h) {
    if (state.track) { state.map.removeLayer(state.track); }
    var pts = h.track.map(function (p) { return [p.lat, p.lon]; });
    var line = L.polyline(pts, { color: '#2c3e50', weight: 3, opacity: 0.8, className: 'fl-track' });
    state.player = L.circleMarker(pts.length ? pts[pts.length - 1] : [0, 0],
      { radius: 7, color: '#c0392b', weight: 3, fillColor: '#fff', fillOpacity: 1, className: 'fl-player' });
    state.track = L.layerGroup(pts.length ? [line, state.player] : [line]).addTo(state.map);
    // Fit the map to the track when the vehicle or range changes, not on every auto-refresh.
    var key = h.name + '|' + document.getElementById('range').value + '|' + document.getElementById('day').value;
    if (pts.length > 1 && state.fittedKey !== key) { state.map.fitBounds(line.getBounds().pad(0.15)); state.fittedKey = key; }
    var scrub = document.getElementById('scrub'), play = document.getElementById('play');
    scrub.max = String(Math.max(0, pts.length - 1)); scrub.value = scrub.max;
    scrub.disabled = play.disabled = pts.length < 2;
    showPlayback(pts.length - 1);
    document.getElementById('history').setAttribute('data-track-points', String(pts.length));
    document.getElementById('map-note').textContent = (state.offline ? 'offline grid · ' : '') + h.name + ': '
      + pts.length + ' positions, ' + time(h.from) + ' – ' + time(h.to) + (h.truncated ? ' (row limit reached)' : '');
  }

  function showPlayback(i) {
    var h = state.history;
    if (!h || !h.track.length || i < 0) { document.getElementById('play-time').textContent = ''; return; }
    var p = h.track[i];
    state.player.setLatLng([p.lat, p.lon]);
    document.getElementById('play-time').textContent = time(p.t) + (p.speed === null || p.speed === undefined ? ''
      : ' · ' + Math.round(p.speed) + ' km/h');
    var t = Date.parse(p.t);
    document.querySelectorAll('svg.fl-chart').forEach(function (svg) {
      var x = svg.xOf ? svg.xOf(t) : null, c = svg.querySelector('.cursor');
      if (c && x !== null) { c.setAttribute('x1', x); c.setAttribute('x2', x); }
    });
  }

  function togglePlay() {
    var play = document.getElementById('play'), scrub = document.getElementById('scrub');
    if (state.playTimer) { clearInterval(state.playTimer); state.playTimer = null; play.textContent = '▶ play'; return; }
    if (+scrub.value >= +scrub.max) { scrub.value = '0'; }
    play.textContent = '❚❚ stop';
    var step = Math.max(1, Math.round(+scrub.max / 300));
    state.playTimer = setInterval(function () {
      var v = Math.min(+scrub.max, +scrub.value + step); scrub.value = String(v); showPlayback(v);
      if (v >= +scrub.max) { togglePlay(); }
    }, 50);
  }

  var SVGNS = 'http://www.w3.org/2000/svg';
  function svgEl(name, attrs) {
    var e = document.createElementNS(SVGNS, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }

  // One chart: the line of v over time, with the min–max band when the rows are rollups.
  function chart(title, rows, from, to, unit) {
    var div = document.createElement('div'); div.className = 'chart';
    div.innerHTML = '<h3>' + esc(title) + ' <small>' + rows.length + ' points' + (unit ? ', ' + esc(unit) : '') + '</small></h3>';
    var W = 1000, H = 92, L0 = 46, R0 = 8, T0 = 6, B0 = 16;
    var svg = svgEl('svg', { 'class': 'fl-chart', viewBox: '0 0 ' + W + ' ' + H, preserveAspectRatio: 'none',
      'data-measure': title });
    var vals = [];
    rows.forEach(function (r) { [r.v, r.min, r.max].forEach(function (x) { if (typeof x === 'number') { vals.push(x); } }); });
    var lo = Math.min.apply(null, vals.length ? vals : [0]), hi = Math.max.apply(null, vals.length ? vals : [1]);
    if (hi === lo) { hi += 1; lo -= 1; }
    function x(t) { return L0 + (W - L0 - R0) * (t - from) / (to - from); }
    function y(v) { return T0 + (H - T0 - B0) * (1 - (v - lo) / (hi - lo)); }
    svg.xOf = x;
    svg.appendChild(svgEl('line', { 'class': 'axis', x1: L0, y1: H - B0, x2: W - R0, y2: H - B0 }));
    svg.appendChild(svgEl('line', { 'class': 'axis', x1: L0, y1: T0, x2: L0, y2: H - B0 }));
    var label = function (tx, ty, text, anchor) {
      var t = svgEl('text', { x: tx, y: ty, 'text-anchor': anchor || 'start' }); t.textContent = text; svg.appendChild(t);
    };
    label(L0 - 4, T0 + 8, hi.toFixed(1), 'end'); label(L0 - 4, H - B0, lo.toFixed(1), 'end');
    label(L0, H - 3, time(isoSec(from))); label(W - R0, H - 3, time(isoSec(to)), 'end');
    var band = rows.filter(function (r) { return typeof r.min === 'number' && typeof r.max === 'number'; });
    if (band.length > 1) {
      var up = band.map(function (r) { return x(Date.parse(r.t)).toFixed(1) + ',' + y(r.max).toFixed(1); });
      var down = band.slice().reverse().map(function (r) { return x(Date.parse(r.t)).toFixed(1) + ',' + y(r.min).toFixed(1); });
      svg.appendChild(svgEl('polygon', { 'class': 'band', points: up.concat(down).join(' ') }));
    }
    var line = rows.filter(function (r) { return typeof r.v === 'number'; })
      .map(function (r) { return x(Date.parse(r.t)).toFixed(1) + ',' + y(r.v).toFixed(1); });
    svg.appendChild(svgEl('polyline', { 'class': 'line', points: line.join(' ') }));
    svg.appendChild(svgEl('line', { 'class': 'cursor', x1: -10, y1: T0, x2: -10, y2: H - B0 }));
    div.appendChild(svg);
    return div;
  }

  var UNITS = { speed: 'km/h', temperature: '°C', temperature_fahrenheit: '°F', humidity: '%' };
  function drawCharts(h) {
    var el = document.getElementById('charts'), from = Date.parse(h.from), to = Date.parse(h.to);
    el.innerHTML = '';
    var gran = { raw: 'raw rows', '1m': 'readings_1m / breadcrumbs_1m', '1h': 'readings_1h / breadcrumbs_1m by hour' }[h.granularity];
    var note = document.createElement('div'); note.className = 'empty';
    note.textContent = h.name + ' · ' + time(h.from) + ' – ' + time(h.to) + ' · ' + gran;
    el.appendChild(note);
    var n = 0;
    if (h.speed.length) {
      el.appendChild(chart('speed', h.speed.map(function (p) { return { t: p.t, v: p.speed, max: p.max }; }), from, to, UNITS.speed));
      n++;
    }
    var names = Object.keys(h.measures).sort(function (a, b) {
      var order = ['temperature', 'temperature_fahrenheit'];
      return (order.indexOf(a) < 0 ? 9 : order.indexOf(a)) - (order.indexOf(b) < 0 ? 9 : order.indexOf(b)) || (a < b ? -1 : 1);
    });
    names.forEach(function (m) { el.appendChild(chart(m, h.measures[m], from, to, UNITS[m])); n++; });
    if (n === 0) { el.insertAdjacentHTML('beforeend', '<div class="empty">no data in this range</div>'); }
    document.getElementById('history').setAttribute('data-charts', String(n));
  }

  // ---------- vehicle list, per-day table, geofences ----------
  function refreshVehicles() {
    var q = document.getElementById('search').value.trim();
    return getJson('/api/vehicles?limit=500' + (q ? '&search=' + encodeURIComponent(q) : '')).then(function (vs) {
      var list = document.getElementById('vehicles'), keep = state.selected;
      list.innerHTML = '<option value="">(' + vs.length + ' found)</option>' + vs.map(function (v) {
        return '<option value="' + esc(v.name) + '">' + esc(v.name) + ' · ' + esc(v.kind) + ' · last ' + esc(time(v.last_seen)) + '</option>';
      }).join('');
      if (keep) { list.value = keep; }
    });
  }

  function refreshDays() {
    var rg = currentRange(), day = 86400e3;
    var from = Math.floor(rg[0] / day) * day, to = Math.max(from + day, Math.ceil(rg[1] / day) * day);
    if (to - from > 31 * day) { from = to - 31 * day; }
    document.getElementById('days-window').textContent = isoSec(from).substring(0, 10) + ' – ' + isoSec(to - 1).substring(0, 10);
    return getJson('/api/vehicle-days?from=' + isoSec(from) + '&to=' + isoSec(to) + '&limit=200').then(function (rows) {
      var el = document.getElementById('vehicle-days');
      el.innerHTML = rows.length === 0 ? '<div class="empty">no breadcrumbs_1m rows</div>'
        : '<table><tr><th>day</th><th>vehicle</th><th>km</th><th>speeding min</th><th>alerts</th><th>max km/h</th></tr>'
        + rows.slice(0, 60).map(function (r) {
          return '<tr><td>' + esc(r.day) + '</td><td>' + esc(r.thing_name) + '</td><td class="num">' + esc(r.distance_km.toFixed(1))
            + '</td><td class="num">' + esc(r.speeding_minutes) + '</td><td class="num">' + esc(r.speeding_alerts)
            + '</td><td class="num">' + esc(r.max_speed === null ? '' : Math.round(r.max_speed)) + '</td></tr>';
        }).join('') + '</table>';
    });
  }

  function drawFences() {
    return getJson('/api/geofences').then(function (g) {
      if (state.fences) { state.map.removeLayer(state.fences); }
      state.fences = L.geoJSON(g, {
        style: { color: '#8e44ad', weight: 2, fillOpacity: 0.06, dashArray: '5 4', className: 'fl-fence' },
        onEachFeature: function (f, layer) {
          var n = f.properties && f.properties.name ? f.properties.name : f.id;
          if (n) { layer.bindTooltip(String(n)); }
        }
      }).addTo(state.map);
    });
  }

  // An alert: centre the map on it and show the minutes around it (5 before, 5 after it closed or opened).
  function showAlert(a) {
    var opened = Date.parse(a.opened_at), closed = a.closed_at ? Date.parse(a.closed_at) : opened;
    setRange(opened - 5 * 60e3, closed + 5 * 60e3);
    if (a.lat !== null && a.lat !== undefined) { state.map.setView([a.lat, a.lon], Math.max(state.map.getZoom(), 14)); }
    return select(a.thing_name || a.device_id);
  }

  // ---------- panels ----------
  function bars(rows, label, value, cls) {
    if (rows.length === 0) { return '<div class="empty">none</div>'; }
    var max = Math.max.apply(null, rows.map(value).concat([1]));
    return '<div class="bars">' + rows.map(function (r) {
      return '<span class="label" title="' + esc(label(r)) + '">' + esc(label(r)) + '</span><div class="bar '
        + (cls || '') + '" style="width:' + (100 * value(r) / max).toFixed(1) + '%"></div><span class="num">'
        + esc(value(r).toLocaleString('en')) + '</span>';
    }).join('') + '</div>';
  }

  function showTopk(specs) {
    document.getElementById('topk').innerHTML = specs.length === 0 ? '<div class="empty">no closed window yet</div>'
      : specs.map(function (s) {
        return '<h3>' + esc(s.spec) + ' <small>' + esc(time(s.window_start)) + '–' + esc(time(s.window_end))
          + '</small></h3>' + bars(s.items.slice(0, 10), function (i) { return i.item; },
            function (i) { return i.count; });
      }).join('');
  }

  function showAlerts(alerts) {
    var el = document.getElementById('alerts');
    if (alerts.length === 0) { el.innerHTML = '<div class="empty">no alerts</div>'; return; }
    el.innerHTML = '<table><tr><th>state</th><th>rule</th><th>vehicle / device</th><th>value</th><th>opened</th>'
      + '<th>for</th></tr>' + alerts.map(function (a) {
        return '<tr class="alert-row" data-alert="' + esc(a.alert_id) + '"><td class="' + (a.state === 'closed' ? '' : 'open') + '">' + esc(a.state) + '</td><td>'
          + esc(a.rule || a.type) + '</td><td>' + esc(a.thing_name || a.device_id) + '</td><td>'
          + esc(a.value === null || a.value === undefined ? '' : (+a.value).toFixed(1))
          + (a.threshold === null || a.threshold === undefined ? '' : ' / ' + esc(a.threshold)) + '</td><td>'
          + esc(time(a.opened_at)) + '</td><td>' + esc(a.duration_s === null || a.duration_s === undefined ? ''
            : Math.round(a.duration_s) + ' s') + '</td></tr>';
      }).join('') + '</table>';
    el.querySelectorAll('tr.alert-row').forEach(function (tr, i) {
      tr.addEventListener('click', function () { showAlert(alerts[i]); });
    });
  }

  function showDeadLetters(d) {
    document.getElementById('dl-window').textContent = 'last ' + d.minutes + ' min';
    document.getElementById('dead-letters').innerHTML = bars(d.by_reason, function (r) { return r.reason_code; },
      function (r) { return r.count; }, 'dead');
    var byTable = {};
    d.rows_per_hour.forEach(function (r) { (byTable[r.table] = byTable[r.table] || []).push(r); });
    var names = Object.keys(byTable);
    document.getElementById('rows').innerHTML = names.length === 0 ? '<div class="empty">no committed files</div>'
      : names.map(function (t) {
        return '<h3>' + esc(t) + '</h3>' + bars(byTable[t].slice(0, 6), function (r) {
          return r.hour.substring(0, 10) + ' ' + r.hour.substring(11, 16);
        }, function (r) { return r.rows; });
      }).join('');
  }

  // ---------- refresh loop ----------
  function refresh() {
    var status = document.getElementById('status');
    state.timer = null;
    if (state.paused) { return Promise.resolve(); }
    var relative = RANGES[document.getElementById('range').value] !== undefined;
    return Promise.all([
      getJson('/api/positions?minutes=10').then(showPositions),
      getJson('/api/topk').then(showTopk),
      getJson('/api/alerts').then(showAlerts),
      getJson('/api/dead-letters?minutes=60').then(showDeadLetters),
      getJson('/api/config').then(function (c) {
        state.config.newest = c.newest;
        document.getElementById('newest').textContent = c.newest.breadcrumbs
          ? 'newest breadcrumb ' + c.newest.breadcrumbs.replace('T', ' ').substring(0, 19) + 'Z' : 'no breadcrumbs yet';
      }),
      relative || !state.history ? refreshTrack() : null,
      refreshDays()
    ]).then(function () {
      status.classList.remove('error');
      status.textContent = Object.keys(state.markers).length + ' vehicles in the last 10 min · updated '
        + new Date().toISOString().substring(11, 19) + 'Z';
      status.setAttribute('data-ready', 'true');
    }, function (e) {
      status.classList.add('error');
      status.textContent = String(e.message || e);
    }).then(function () {
      if (!state.paused) { state.timer = setTimeout(refresh, state.config.refresh_ms); }
    });
  }

  function wireControls() {
    var pause = document.getElementById('pause');
    pause.addEventListener('click', function () {
      state.paused = !state.paused;
      pause.textContent = state.paused ? 'resume' : 'pause';
      pause.setAttribute('aria-pressed', String(state.paused));
      if (state.paused) {
        if (state.timer) { clearTimeout(state.timer); state.timer = null; }
        document.getElementById('status').textContent = 'auto-refresh paused';
      } else { refresh(); }
    });
    var typing = null;
    document.getElementById('search').addEventListener('input', function () {
      clearTimeout(typing); typing = setTimeout(refreshVehicles, 250);
    });
    document.getElementById('vehicles').addEventListener('change', function (e) { if (e.target.value) { select(e.target.value); } });
    document.getElementById('range').addEventListener('change', function () {
      showRangeInputs(); if (document.getElementById('range').value !== 'custom') { writeHash(); refreshTrack(); refreshDays(); }
    });
    document.getElementById('day').addEventListener('change', function () { writeHash(); refreshTrack(); refreshDays(); });
    document.getElementById('apply').addEventListener('click', function () { writeHash(); refreshTrack(); refreshDays(); });
    document.getElementById('scrub').addEventListener('input', function (e) { showPlayback(+e.target.value); });
    document.getElementById('play').addEventListener('click', togglePlay);
  }

  getJson('/api/config').then(function (c) {
    state.config = c;
    document.getElementById('lake').textContent = 'lake ' + c.lake;
    initMap();
    wireControls();
    state.selected = readHash();
    if (state.selected) { select(state.selected); }
    drawFences().catch(function (e) { document.getElementById('map-note').textContent = String(e.message || e); });
    refreshVehicles();
    refresh();
  }, function (e) {
    document.getElementById('status').textContent = String(e.message || e);
  });
})();
