/* Fleetlake dashboard: last-known positions, TOP-K, alerts and dead letters from the JSON API (same origin). */
(function () {
  'use strict';

  var state = { config: null, map: null, tiles: null, offline: false, grid: null, markers: {}, fitted: false,
    selected: null, track: null, tilesLoaded: 0, tileErrors: 0 };

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

  function time(iso) { return iso ? iso.substring(11, 19) + 'Z' : ''; }

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
    // The selection is in the address (#thing=NAME), so a link or a reload shows the same track.
    history.replaceState(null, '', '#thing=' + encodeURIComponent(name));
    refreshTrack();
  }

  function refreshTrack() {
    var name = state.selected;
    if (!name) { return Promise.resolve(); }
    return getJson('/api/track?thing_name=' + encodeURIComponent(name) + '&minutes=60').then(function (pts) {
      if (state.track) { state.map.removeLayer(state.track); }
      var line = L.polyline(pts.map(function (p) { return [p.lat, p.lon]; }),
        { color: '#2c3e50', weight: 3, opacity: 0.8, className: 'fl-track' });
      state.track = L.layerGroup([line]).addTo(state.map);
      var m = state.markers[name];
      if (m) { m.bringToFront(); m.openTooltip(); }
      document.getElementById('map-note').textContent = (state.offline ? 'offline grid · ' : '') + name
        + ': track of the last hour, ' + pts.length + ' points';
    });
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
        return '<tr><td class="' + (a.state === 'closed' ? '' : 'open') + '">' + esc(a.state) + '</td><td>'
          + esc(a.rule || a.type) + '</td><td>' + esc(a.thing_name || a.device_id) + '</td><td>'
          + esc(a.value === null || a.value === undefined ? '' : (+a.value).toFixed(1))
          + (a.threshold === null || a.threshold === undefined ? '' : ' / ' + esc(a.threshold)) + '</td><td>'
          + esc(time(a.opened_at)) + '</td><td>' + esc(a.duration_s === null || a.duration_s === undefined ? ''
            : Math.round(a.duration_s) + ' s') + '</td></tr>';
      }).join('') + '</table>';
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
    return Promise.all([
      getJson('/api/positions?minutes=10').then(showPositions),
      getJson('/api/topk').then(showTopk),
      getJson('/api/alerts').then(showAlerts),
      getJson('/api/dead-letters?minutes=60').then(showDeadLetters),
      getJson('/api/config').then(function (c) {
        document.getElementById('newest').textContent = c.newest.breadcrumbs
          ? 'newest breadcrumb ' + c.newest.breadcrumbs.replace('T', ' ').substring(0, 19) + 'Z' : 'no breadcrumbs yet';
      }),
      refreshTrack()
    ]).then(function () {
      status.classList.remove('error');
      status.textContent = Object.keys(state.markers).length + ' vehicles in the last 10 min · updated '
        + new Date().toISOString().substring(11, 19) + 'Z';
      status.setAttribute('data-ready', 'true');
    }, function (e) {
      status.classList.add('error');
      status.textContent = String(e.message || e);
    }).then(function () {
      setTimeout(refresh, state.config.refresh_ms);
    });
  }

  getJson('/api/config').then(function (c) {
    state.config = c;
    document.getElementById('lake').textContent = 'lake ' + c.lake;
    initMap();
    var m = /^#thing=(.+)$/.exec(location.hash);
    state.selected = m ? decodeURIComponent(m[1]) : null;
    refresh();
  }, function (e) {
    document.getElementById('status').textContent = String(e.message || e);
  });
})();
