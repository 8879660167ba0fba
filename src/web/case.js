// Armchair Sleuths: the player's case page.
// Loads today's case (or ?case=ID), renders it as a case file and follows the
// image job live: server-sent events first, polling every 3 s as the fallback.
'use strict';

(() => {
  const POLL_MS = 3000;
  const MAX_MISSING_POLLS = 40; // ~2 minutes of "no status record" before giving up

  // Slot kinds: the name used in data-slot / errors[].type, and the key of the
  // case's array and of the status record's `images` object.
  const KINDS = [
    { kind: 'location', key: 'locations', caseUrl: (x) => x.imageUrl },
    { kind: 'suspect', key: 'suspects', caseUrl: (x) => x.profileImageUrl },
    { kind: 'evidence', key: 'evidence', caseUrl: (x) => x.imageUrl },
  ];
  const KEY_OF = Object.fromEntries(KINDS.map((k) => [k.kind, k.key]));

  const $ = (id) => document.getElementById(id);
  const slots = new Map(); // "location-0" -> slot state

  let caseId = null;
  let source = null; // EventSource
  let pollTimer = null;
  let finished = false;
  let sawRecord = false;
  let missingPolls = 0;

  // ---------- small DOM helpers ----------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value == null) continue;
      if (name === 'class') node.className = value;
      else if (name === 'text') node.textContent = value;
      else node.setAttribute(name, String(value));
    }
    for (const child of children) if (child != null && child !== '') node.append(child);
    return node;
  }

  const str = (v) => (v == null ? '' : String(v));

  function formatDate(date) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(str(date));
    if (!m) return str(date);
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    try {
      return d.toLocaleDateString(undefined, {
        timeZone: 'UTC', weekday: 'long', year: 'numeric', month: 'long', day: 'numeric',
      });
    } catch {
      return str(date);
    }
  }

  // "/images/x/suspect-0.jpg?v=1" -> "/images/x/suspect-0.thumb.jpg?v=1"
  function thumbOf(url) {
    if (url.includes('.jpg?')) return url.replace('.jpg?', '.thumb.jpg?');
    if (url.endsWith('.jpg')) return url.slice(0, -4) + '.thumb.jpg';
    return url;
  }

  // ---------- picture slots ----------

  function makeFrame(kind, index, alt) {
    const name = `${kind}-${index}`;
    const fig = el('div', { class: `frame frame--${kind}`, 'data-slot': name, 'data-state': 'pending' });
    const open = el('button', { class: 'frame__open', type: 'button', 'aria-label': `Enlarge picture: ${alt}` });
    open.hidden = true;
    const note = el('span', { class: 'frame__note', text: 'Developing...' });
    fig.append(open, note);
    const slot = { name, kind, index, alt, fig, open, note, url: null };
    open.addEventListener('click', () => {
      if (slot.url) openLightbox(slot.url, alt);
    });
    slots.set(name, slot);
    return fig;
  }

  function setState(slot, state) {
    slot.fig.dataset.state = state;
  }

  function showPicture(slot, url) {
    if (slot.url === url) return;
    slot.url = url;
    slot.fig.removeAttribute('title');
    setState(slot, 'loaded');
    slot.note.textContent = '';
    const img = el('img', { alt: slot.alt, decoding: 'async' });
    let triedFull = false;
    img.addEventListener('load', () => img.classList.add('is-loaded'));
    img.addEventListener('error', () => {
      if (slot.url !== url) return; // superseded by a newer picture
      const full = url;
      if (!triedFull && img.getAttribute('src') !== full) {
        triedFull = true; // no thumbnail? try the full picture once
        img.src = full;
      } else {
        markFailed(slot, 'The picture could not be loaded.');
      }
    });
    img.src = thumbOf(url);
    slot.open.replaceChildren(img);
    slot.open.hidden = false;
  }

  function markFailed(slot, message) {
    slot.url = null;
    setState(slot, 'failed');
    slot.open.hidden = true;
    slot.open.replaceChildren();
    slot.note.textContent = 'Picture unavailable';
    slot.fig.title = message || 'Picture unavailable';
  }

  // ---------- lightbox ----------

  function openLightbox(url, alt) {
    const box = $('lightbox');
    const img = $('lightbox-img');
    img.src = url;
    img.alt = alt;
    $('lightbox-caption').textContent = alt;
    box.returnFocus = document.activeElement;
    if (typeof box.showModal === 'function') {
      if (!box.open) box.showModal();
    } else {
      box.setAttribute('open', '');
    }
  }

  function closeLightbox() {
    const box = $('lightbox');
    if (typeof box.close === 'function') box.close();
    else box.removeAttribute('open');
  }

  function setupLightbox() {
    const box = $('lightbox');
    box.addEventListener('click', closeLightbox);
    box.addEventListener('close', () => {
      $('lightbox-img').removeAttribute('src');
      if (box.returnFocus && typeof box.returnFocus.focus === 'function') box.returnFocus.focus();
    });
    document.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape' && box.hasAttribute('open')) closeLightbox();
    });
  }

  // ---------- rendering the case ----------

  function renderCase(c) {
    caseId = str(c.id);
    document.documentElement.dataset.caseId = caseId;
    $('case').dataset.caseId = caseId;
    document.title = `${str(c.title) || 'Case file'} | Armchair Sleuths`;

    $('case-number').textContent = `Case file \u00b7 ${caseId}`;
    $('case-title').textContent = str(c.title) || 'Untitled case';
    $('case-date').textContent = formatDate(c.date);

    const victim = c.victim || {};
    $('victim-name').textContent = str(victim.name) || 'Unknown';
    $('victim-meta').textContent = [victim.age != null ? `Age ${victim.age}` : '', str(victim.occupation)]
      .filter(Boolean).join(' \u00b7 ');
    $('victim-description').textContent = str(victim.description);

    const weapon = c.weapon || {};
    $('weapon-name').textContent = str(weapon.name) || 'Unknown';
    $('weapon-description').textContent = str(weapon.description);

    const locations = Array.isArray(c.locations) ? c.locations : [];
    const suspects = Array.isArray(c.suspects) ? c.suspects : [];
    const evidence = Array.isArray(c.evidence) ? c.evidence : [];
    const placeName = new Map(locations.map((l) => [str(l.id), str(l.name)]));

    $('locations').replaceChildren(...locations.map((loc, i) => el('article', { class: 'card card--location' },
      makeFrame('location', i, str(loc.name) || `Location ${i + 1}`),
      el('h3', { class: 'card__title', text: str(loc.name) }),
      el('p', { text: str(loc.description) }),
    )));

    $('suspects').replaceChildren(...suspects.map((s, i) => {
      const meta = [s.age != null ? `Age ${s.age}` : '', str(s.gender), str(s.occupation)].filter(Boolean);
      const facts = el('dl', { class: 'facts' });
      for (const [label, value] of [['Appearance', s.appearance], ['Background', s.background], ['Alibi', s.alibi]]) {
        if (str(value)) facts.append(el('dt', { text: label }), el('dd', { text: str(value) }));
      }
      return el('article', { class: 'card card--suspect' },
        el('div', { class: 'suspect__head' },
          makeFrame('suspect', i, str(s.name) ? `Portrait of ${s.name}` : `Suspect ${i + 1}`),
          el('div', { class: 'suspect__id' },
            el('p', { class: 'card__kicker', text: `Suspect ${i + 1}` }),
            el('h3', { class: 'card__title', text: str(s.name) }),
            el('p', { class: 'meta', text: meta.join(' \u00b7 ') }),
          ),
        ),
        facts,
      );
    }));

    $('evidence').replaceChildren(...evidence.map((ev, i) => el('article', { class: 'card card--evidence' },
      makeFrame('evidence', i, str(ev.name) || `Evidence ${i + 1}`),
      el('h3', { class: 'card__title', text: str(ev.name) }),
      el('p', { text: str(ev.description) }),
      el('p', { class: 'found-at' },
        el('span', { class: 'found-at__label', text: 'Found at: ' }),
        el('strong', { text: placeName.get(str(ev.foundAt)) || 'an unknown location' }),
      ),
    )));

    // Pictures already recorded on the case itself.
    for (const { kind, key, caseUrl } of KINDS) {
      const items = Array.isArray(c[key]) ? c[key] : [];
      items.forEach((item, i) => {
        const url = item && caseUrl(item);
        if (url) showPicture(slots.get(`${kind}-${i}`), str(url));
      });
    }

    $('case-body').hidden = false;
    $('progress').hidden = false;
    setProgress('loading', countLoaded(), slots.size, 'Checking the darkroom...');
  }

  function showNotice(heading, title, text, withRetry) {
    const notice = $('notice');
    const parts = [el('h2', { class: 'notice__title', text: title })];
    if (text) parts.push(el('p', { text }));
    if (withRetry) {
      const retry = el('button', { class: 'btn', type: 'button', text: 'Try again' });
      retry.addEventListener('click', () => window.location.reload());
      parts.push(retry);
    } else if (new URLSearchParams(window.location.search).has('case')) {
      parts.push(el('p', {}, el('a', { href: '/', text: "Go to today's case" })));
    }
    notice.replaceChildren(...parts);
    notice.hidden = false;
    $('case-title').textContent = heading;
    $('case-date').textContent = '';
  }

  // ---------- progress ----------

  function countLoaded() {
    let n = 0;
    for (const s of slots.values()) if (s.fig.dataset.state === 'loaded') n += 1;
    return n;
  }

  function setProgress(status, current, total, text) {
    const box = $('progress');
    box.dataset.status = status;
    box.dataset.current = String(current);
    box.dataset.total = String(total);
    $('progress-label').textContent = text;
    const track = box.querySelector('.progress__track');
    track.setAttribute('aria-valuemax', String(total));
    track.setAttribute('aria-valuenow', String(current));
    const ratio = total > 0 ? Math.min(1, Math.max(0, current / total)) : 0;
    $('progress-fill').style.transform = `scaleX(${ratio})`;
  }

  function applyStatus(rec) {
    if (!rec || typeof rec !== 'object' || finished) return;
    const first = !sawRecord;
    sawRecord = true;
    missingPolls = 0;

    const images = rec.images || {};
    const errors = new Map();
    for (const e of Array.isArray(rec.errors) ? rec.errors : []) {
      if (e) errors.set(`${e.type}-${e.index}`, str(e.message) || 'Picture unavailable');
    }

    let ready = 0;
    for (const slot of slots.values()) {
      const list = images[KEY_OF[slot.kind]];
      const url = Array.isArray(list) ? list[slot.index] : null;
      if (url) {
        ready += 1;
        showPicture(slot, str(url));
      } else if (errors.has(slot.name) && slot.fig.dataset.state !== 'loaded') {
        markFailed(slot, errors.get(slot.name));
      }
    }

    const progress = rec.progress || {};
    const total = Number.isFinite(progress.total) ? progress.total : slots.size;
    const current = Math.min(total, Number.isFinite(progress.current) ? progress.current : ready);
    const status = str(rec.status) || 'pending';

    if (status === 'completed' || status === 'failed') {
      finish();
      const fallback = status === 'failed' ? (str(rec.error) || 'Image generation stopped.') : 'No picture was made.';
      for (const slot of slots.values()) {
        if (slot.fig.dataset.state === 'pending') markFailed(slot, errors.get(slot.name) || fallback);
      }
      let text;
      if (status === 'failed') {
        text = `Image generation failed: ${str(rec.error) || 'unknown error'}`;
      } else {
        const failedCount = Math.max(0, total - ready);
        text = failedCount === 0
          ? `All ${total} pictures ready`
          : `${ready} of ${total} pictures ready, ${failedCount} failed`;
      }
      setProgress(status, current, total, text);
      if (first && status === 'completed') $('progress').classList.add('is-compact');
    } else if (typeof rec.pausedUntil === 'number' && rec.pausedUntil > Date.now()) {
      const at = new Date(rec.pausedUntil).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
      setProgress(status, current, total, `Generating images... ${current}/${total} (paused until ${at}: image quota reached)`);
    } else if (rec.throttled && typeof rec.throttled === 'object') {
      // The model is slowing us down (429s): say so, so a slow bar is not mistaken for a stuck one.
      setProgress(status, current, total, `Generating images... ${current}/${total} (the image model is busy; pictures are coming slowly)`);
    } else {
      setProgress(status, current, total, `Generating images... ${current}/${total}`);
    }
  }

  function noRecord() {
    missingPolls += 1;
    const loaded = countLoaded();
    if (slots.size > 0 && loaded === slots.size) {
      finish();
      setProgress('completed', loaded, slots.size, `All ${loaded} pictures ready`);
      $('progress').classList.add('is-compact');
    } else if (missingPolls >= MAX_MISSING_POLLS) {
      finish();
      setProgress('none', loaded, slots.size, 'The pictures for this case have not been ordered yet.');
    } else {
      setProgress('none', loaded, slots.size, 'Waiting for the darkroom...');
    }
  }

  // ---------- following the job ----------

  function statusUrl() {
    return `/api/image-status/${encodeURIComponent(caseId)}`;
  }

  function stopEvents() {
    if (source) {
      source.close();
      source = null;
    }
  }

  function finish() {
    finished = true;
    stopEvents();
    if (pollTimer) clearTimeout(pollTimer);
    pollTimer = null;
  }

  function watch() {
    if (typeof window.EventSource === 'function') {
      try {
        source = new EventSource(`${statusUrl()}/events`);
      } catch {
        source = null;
      }
    }
    if (!source) {
      poll();
      return;
    }
    const onMessage = (ev) => {
      let rec;
      try {
        rec = JSON.parse(ev.data);
      } catch {
        return;
      }
      applyStatus(rec);
    };
    source.addEventListener('status', onMessage);
    source.onmessage = onMessage; // unnamed events, just in case
    source.onerror = () => {
      if (finished) return;
      stopEvents(); // fall back to polling for good
      if (!pollTimer) poll();
    };
  }

  async function poll() {
    pollTimer = null;
    if (finished) return;
    try {
      const res = await fetch(statusUrl(), { cache: 'no-store', headers: { Accept: 'application/json' } });
      if (res.status === 404) noRecord();
      else if (res.ok) applyStatus(await res.json());
    } catch {
      // network trouble or bad JSON: try again on the next tick
    }
    if (!finished && !pollTimer) pollTimer = setTimeout(poll, POLL_MS);
  }

  // ---------- start ----------

  async function loadCase() {
    const wanted = (new URLSearchParams(window.location.search).get('case') || '').trim();
    const url = wanted ? `/api/case/${encodeURIComponent(wanted)}` : '/api/case/today';
    try {
      let res;
      try {
        res = await fetch(url, { cache: 'no-store', headers: { Accept: 'application/json' } });
      } catch {
        showNotice('Trouble at the office', 'The case file could not be retrieved.', 'Check your connection and try again.', true);
        return;
      }
      if (res.status === 404) {
        if (wanted) showNotice('Missing file', 'Case not found.', 'Check the case number and try again.');
        else showNotice('Nothing on the desk', 'No case has been opened today yet.', 'Check back soon: the next case lands on the desk at midnight (UTC).');
        return;
      }
      if (!res.ok) {
        showNotice('Trouble at the office', 'The case file could not be retrieved.', `The server answered ${res.status}. Try again in a moment.`, true);
        return;
      }
      let data;
      try {
        data = await res.json();
      } catch {
        showNotice('Trouble at the office', 'The case file could not be read.', 'The server sent something unexpected.', true);
        return;
      }
      renderCase(data || {});
      watch();
    } finally {
      $('case').setAttribute('aria-busy', 'false');
    }
  }

  function start() {
    setupLightbox();
    loadCase().catch((err) => {
      showNotice('Trouble at the office', 'Something went wrong while opening the case.', str(err && err.message), true);
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
