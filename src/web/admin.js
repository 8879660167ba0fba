// Armchair Sleuths: the moderator desk.
// Keeps the moderator token in localStorage, creates cases, queues image jobs
// and shows cases and jobs, refreshed every 2 seconds.
'use strict';

(() => {
  const TOKEN_KEY = 'armchair-sleuths.moderator-token';
  const REFRESH_MS = 2000;

  const $ = (id) => document.getElementById(id);
  const refs = new WeakMap(); // table row -> its cells and buttons
  const companions = new WeakMap(); // table row -> the full-width row shown under it (a case's timeline)
  const inFlight = new Set(); // "cancel:ID", "retry:ID", "generate:ID", "pause:ID", "resume:ID"

  let memoryToken = ''; // used when localStorage is unavailable
  let timer = null;
  let busy = false;
  let flashTimer = null;
  let latestJobs = null; // the jobs of the last refresh, where a case's timeline finds its image job

  // ---------- helpers ----------

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
  const pad = (n) => String(n).padStart(2, '0');

  function clock(d) {
    return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  }

  function formatTime(ms) {
    if (ms == null || ms === '') return '\u2014';
    const d = new Date(Number(ms));
    if (Number.isNaN(d.getTime())) return '\u2014';
    const now = new Date();
    if (d.toDateString() === now.toDateString()) return clock(d);
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clock(d)}`;
  }

  // Always with the date: a schedule's last firing is usually today at midnight, and "00:00" alone
  // reads as a time of day, not as a date.
  function formatDateTime(ms) {
    if (ms == null || ms === '') return '\u2014';
    const d = new Date(Number(ms));
    if (Number.isNaN(d.getTime())) return '\u2014';
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clock(d)}`;
  }

  function caseLink(id) {
    return el('a', { href: `/?case=${encodeURIComponent(str(id))}`, text: str(id) });
  }

  function setBadge(badge, value) {
    const v = str(value) || 'none';
    badge.dataset.value = v;
    badge.textContent = v;
  }

  function flash(text, isError) {
    const box = $('flash');
    box.textContent = text;
    box.classList.toggle('is-error', Boolean(isError));
    box.hidden = false;
    if (flashTimer) clearTimeout(flashTimer);
    flashTimer = setTimeout(() => { box.hidden = true; }, 8000);
  }

  // ---------- token ----------

  function getToken() {
    try {
      return localStorage.getItem(TOKEN_KEY) || '';
    } catch {
      return memoryToken;
    }
  }

  function setToken(token) {
    memoryToken = token;
    try {
      if (token) localStorage.setItem(TOKEN_KEY, token);
      else localStorage.removeItem(TOKEN_KEY);
    } catch {
      // storage disabled: the in-memory copy lasts until the page closes
    }
  }

  function lock(message) {
    setToken('');
    if (timer) clearInterval(timer);
    timer = null;
    for (const id of ['cases', 'jobs', 'recurring']) $(id).replaceChildren();
    latestJobs = null;
    $('create-result').textContent = '';
    $('flash').hidden = true;
    $('updated').textContent = 'not updated yet';
    $('desk').hidden = true;
    $('login').hidden = false;
    $('login-message').textContent = message || '';
    $('token').value = '';
    $('token').focus();
  }

  function unlock() {
    $('login').hidden = true;
    $('login-message').textContent = '';
    $('desk').hidden = false;
    tick();
    if (!timer) {
      timer = setInterval(() => {
        if (!document.hidden) tick();
      }, REFRESH_MS);
    }
  }

  // ---------- API ----------

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  async function api(method, path, body) {
    const token = getToken();
    if (!token) throw new ApiError(401, 'unauthorized', 'No moderator token.');
    const options = {
      method,
      cache: 'no-store',
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    };
    if (body !== undefined) {
      options.headers['Content-Type'] = 'application/json';
      options.body = JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch(path, options);
    } catch {
      throw new ApiError(0, 'network', 'The server could not be reached.');
    }
    let data = null;
    try {
      data = await res.json();
    } catch {
      // not JSON
    }
    if (res.status === 401) {
      // Only lock out if the refused token is still the current one.
      if (getToken() === token) lock('The server refused that token. Please enter it again.');
      throw new ApiError(401, 'unauthorized', (data && data.error) || 'Unauthorized');
    }
    if (!res.ok) {
      throw new ApiError(res.status, (data && data.code) || 'http_error',
        (data && data.error) || `Request failed (${res.status})`);
    }
    return data || {};
  }

  // ---------- tables ----------

  // Keyed update: rows are created once per key and updated in place, so
  // buttons keep their focus and state across refreshes. A row may have a companion (a case's open
  // timeline, a full-width row): it is kept right under its row and never counted as a row itself.
  function syncRows(tbody, items, keyOf, build, update) {
    const old = new Map();
    for (const row of Array.from(tbody.rows)) if (!row.dataset.companion) old.set(row.dataset.key, row);
    let at = tbody.firstElementChild; // where the next row belongs
    for (const item of items) {
      const key = str(keyOf(item));
      let row = old.get(key);
      if (row) old.delete(key);
      else {
        row = build(key);
        row.dataset.key = key;
      }
      update(row, item);
      if (at !== row) tbody.insertBefore(row, at);
      at = row.nextElementSibling;
      const extra = companions.get(row);
      if (extra) {
        if (at !== extra) tbody.insertBefore(extra, at);
        at = extra.nextElementSibling;
      }
    }
    for (const row of old.values()) {
      row.remove();
      const extra = companions.get(row);
      if (extra) extra.remove();
    }
  }

  function td(label, ...children) {
    return el('td', { 'data-label': label }, ...children);
  }

  function button(text, className, onClick) {
    const b = el('button', { class: `btn btn--small ${className || ''}`.trim(), type: 'button', text });
    b.addEventListener('click', onClick);
    return b;
  }

  // Cases

  function buildCaseRow(id) {
    const r = {
      link: caseLink(id),
      title: el('span', { class: 'wrap-any' }),
      date: el('span', { class: 'mono' }),
      badge: el('span', { class: 'badge' }),
      progress: el('span', { class: 'mono' }),
      bar: el('span'),
      note: el('span', { class: 'case-note' }),
      errors: el('span'),
    };
    r.generate = button('Generate images', '', () => generateImages(id, r.generate));
    r.slots = el('input', {
      class: 'input input--small', type: 'text', size: '11', placeholder: 'suspect-1',
      'aria-label': `Slots of ${id} to repaint`, spellcheck: 'false', autocomplete: 'off',
    });
    r.repaint = button('Repaint', '', () => repaintSlots(id, r.slots, r.repaint));
    // The timeline of the case's image job: a full-width row under this one, while open.
    r.timeline = buildTimelinePanel(id);
    r.timelineToggle = button('Timeline', 'btn--ghost timeline-toggle', () => toggleTimeline(id, row));
    r.timelineToggle.setAttribute('aria-expanded', 'false');
    const row = el('tr', {},
      td('Case', r.link),
      td('Title', r.title),
      td('Date', r.date),
      td('Images', r.badge),
      td('Progress', el('span', {}, r.progress, el('span', { class: 'minibar', 'aria-hidden': 'true' }, r.bar), r.note)),
      td('Errors', r.errors),
      td('Actions', el('span', { class: 'actions' }, r.generate, r.slots, r.repaint, r.timelineToggle)),
    );
    refs.set(row, r);
    return row;
  }

  // Slot names as the case page counts them: loc-1, suspect-2, ev-8.
  const SLOT_PREFIX = { location: 'loc', suspect: 'suspect', evidence: 'ev' };

  function updateCaseRow(row, c) {
    const r = refs.get(row);
    const st = c.status && typeof c.status === 'object' ? c.status : null;
    row.dataset.caseId = str(c.id);
    row.dataset.status = st ? str(st.status) || 'pending' : 'none';
    r.title.textContent = str(c.title);
    r.date.textContent = str(c.date);
    setBadge(r.badge, st ? st.status : 'none');
    const current = st && st.progress ? Number(st.progress.current) || 0 : 0;
    const total = st && st.progress ? Number(st.progress.total) || 0 : 0;
    r.progress.textContent = st ? `${current}/${total}` : '\u2014';
    r.bar.style.width = total > 0 ? `${Math.min(100, (current / total) * 100)}%` : '0';
    // A pause ahead (a quota, the daily budget, a batch's next poll) and the case's cost so far.
    const notes = [];
    const pausedUntil = st && Number(st.pausedUntil);
    if (pausedUntil && pausedUntil > Date.now() && st.status !== 'completed' && st.status !== 'failed') {
      notes.push(`paused until ${formatDateTime(pausedUntil)}`);
    } else if (st && st.throttled && typeof st.throttled === 'object' && st.status !== 'completed' && st.status !== 'failed') {
      notes.push(`throttled since ${formatDateTime(Number(st.throttled.since))}, ${Number(st.throttled.waits) || 0} call(s) waited`);
    }
    if (st && typeof st.costUsd === 'number' && st.costUsd > 0) notes.push(`cost ${usd(st.costUsd)}`);
    // Pictures the fallback painted: marked, and offered to the repaint box, so the model paints them.
    const fallbacks = st && Array.isArray(st.fallbacks) ? st.fallbacks : [];
    const fallbackNames = fallbacks.map((f) => `${SLOT_PREFIX[str(f && f.type)] || str(f && f.type)}-${Number(f && f.index) + 1}`);
    if (fallbacks.length) notes.push(`${fallbacks.length} by fallback`);
    r.note.textContent = notes.join(' \u00b7 ');
    const why = fallbacks.map((f, i) => `${fallbackNames[i]} (${str(f.cause)}): ${str(f.reason)}`);
    const reason = st && st.pausedReason ? [str(st.pausedReason)] : [];
    r.note.title = notes.length ? reason.concat(why).join('\n') : '';
    // Filled while the box is empty or still holds what was filled in before (the fallback may paint more
    // slots after a refresh); a moderator's own words stay.
    const offered = fallbackNames.join(', ');
    const untouched = !r.slots.value || r.slots.value === r.prefilled;
    if (untouched && r.slots.value !== offered && document.activeElement !== r.slots) {
      r.slots.value = offered;
      r.prefilled = offered;
      r.slots.title = offered ? 'Painted by the fallback: repaint them with the image model' : '';
    }
    const errs = st && Array.isArray(st.errors) ? st.errors : [];
    // Slots as the case page counts them (from 1), not the record's array index.
    const lines = errs.map((e) => `${str(e && e.type)} ${Number(e && e.index) + 1}: ${str(e && e.message)}`);
    if (st && st.error) lines.unshift(`Job: ${str(st.error)}`);
    r.errors.textContent = String(errs.length);
    r.errors.className = errs.length || (st && st.error) ? 'error-text' : '';
    if (lines.length) r.errors.title = lines.join('\n');
    else r.errors.removeAttribute('title');
    // A case whose every slot is finished has nothing to paint: offer the repaint box instead.
    const finished = !!st && total > 0 && current >= total && !['pending', 'generating'].includes(str(st.status));
    r.generate.hidden = finished;
    r.slots.placeholder = finished ? 'repaint: suspect-1' : 'suspect-1';
    r.generate.disabled = inFlight.has(`generate:${c.id}`);
    r.repaint.disabled = inFlight.has(`repaint:${c.id}`);
  }

  function renderCases(cases) {
    syncRows($('cases'), cases, (c) => c.id, buildCaseRow, updateCaseRow);
    $('cases-empty').hidden = cases.length > 0;
    $('cases-count').textContent = `(${cases.length})`;
  }

  // One-off jobs

  function buildJobRow(id) {
    const r = {
      id: el('code', { text: id }),
      name: el('span'),
      detail: el('span', { class: 'sub' }),
      badge: el('span', { class: 'badge' }),
      attempts: el('span', { class: 'mono' }),
      runAt: el('span', { class: 'mono' }),
      error: el('span', { class: 'error-text' }),
    };
    r.cancel = button('Cancel', 'btn--danger', () => jobAction(id, 'cancel', r.cancel));
    r.retry = button('Retry', '', () => jobAction(id, 'retry', r.retry));
    const row = el('tr', {},
      td('Job', r.id),
      td('Name', el('span', {}, r.name, r.detail)),
      td('State', r.badge),
      td('Attempts', r.attempts),
      td('Run at', r.runAt),
      td('Last error', r.error),
      td('Actions', el('span', { class: 'actions' }, r.cancel, r.retry)),
    );
    refs.set(row, r);
    return row;
  }

  function describeData(data) {
    if (data == null) return '';
    if (typeof data === 'object' && data.caseId) return `case ${str(data.caseId)}`;
    const text = typeof data === 'string' ? data : JSON.stringify(data);
    if (text === '{}' || text === 'null') return '';
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  }

  function updateJobRow(row, job) {
    const r = refs.get(row);
    const state = str(job.state);
    row.dataset.jobId = str(job.id);
    row.dataset.state = state;
    r.name.textContent = str(job.name);
    r.detail.textContent = describeData(job.data);
    setBadge(r.badge, state);
    r.attempts.textContent = `${Number(job.attempts) || 0}/${job.maxAttempts == null ? '?' : job.maxAttempts}`;
    r.runAt.textContent = formatTime(job.runAt);
    const when = [
      ['created', job.createdAt], ['updated', job.updatedAt], ['finished', job.finishedAt],
      ['lease expires', job.leaseExpiresAt],
    ].filter(([, t]) => t != null).map(([label, t]) => `${label}: ${formatTime(t)}`);
    if (job.worker) when.push(`worker: ${str(job.worker)}`);
    r.runAt.title = when.join('\n');
    const err = str(job.lastError);
    r.error.textContent = err.length > 140 ? `${err.slice(0, 137)}...` : err || '\u2014';
    r.error.className = err ? 'error-text' : '';
    if (err) r.error.title = err;
    else r.error.removeAttribute('title');
    r.cancel.hidden = !(state === 'queued' || state === 'running');
    r.retry.hidden = !(state === 'failed' || state === 'cancelled');
    r.cancel.disabled = inFlight.has(`cancel:${job.id}`);
    r.retry.disabled = inFlight.has(`retry:${job.id}`);
  }

  // Recurring jobs

  function buildRecurringRow(id) {
    const r = {
      id: el('code', { text: id }),
      name: el('span'),
      detail: el('span', { class: 'sub' }),
      cron: el('code'),
      badge: el('span', { class: 'badge' }),
      next: el('span', { class: 'mono' }),
      last: el('span', { class: 'mono' }),
    };
    // One button that pauses an active schedule and resumes a paused one; its action is read when clicked.
    r.toggle = button('Pause', '', () => scheduleAction(id, r.toggle.dataset.action, r.toggle));
    const row = el('tr', {},
      td('Job', r.id),
      td('Name', el('span', {}, r.name, r.detail)),
      td('Cron', r.cron),
      td('State', r.badge),
      td('Next run', r.next),
      td('Last fired', r.last),
      td('Actions', el('span', { class: 'actions' }, r.toggle)),
    );
    refs.set(row, r);
    return row;
  }

  function updateRecurringRow(row, job) {
    const r = refs.get(row);
    row.dataset.jobId = str(job.id);
    row.dataset.kind = 'recurring';
    r.name.textContent = str(job.name);
    r.detail.textContent = describeData(job.data);
    r.cron.textContent = str(job.cron);
    const paused = job.paused === true;
    row.dataset.state = paused ? 'paused' : 'active';
    setBadge(r.badge, paused ? 'paused' : 'active');
    // A paused schedule's next occurrence will be skipped, not run.
    r.next.textContent = paused ? '\u2014' : formatDateTime(job.nextRunAt);
    r.next.title = paused ? 'paused: occurrences are skipped until resumed' : '';
    r.last.textContent = job.lastFired == null ? 'never' : formatDateTime(job.lastFired);
    r.toggle.dataset.action = paused ? 'resume' : 'pause';
    r.toggle.textContent = paused ? 'Resume' : 'Pause';
    r.toggle.setAttribute('aria-label', `${paused ? 'Resume' : 'Pause'} schedule ${str(job.id)}`);
    r.toggle.disabled = inFlight.has(`pause:${job.id}`) || inFlight.has(`resume:${job.id}`);
  }

  function renderJobs(jobs) {
    const recurring = jobs.filter((j) => j && j.kind === 'recurring');
    const once = jobs.filter((j) => j && j.kind !== 'recurring');
    syncRows($('jobs'), once, (j) => j.id, buildJobRow, updateJobRow);
    syncRows($('recurring'), recurring, (j) => j.id, buildRecurringRow, updateRecurringRow);
    $('jobs-empty').hidden = once.length > 0;
    $('recurring-empty').hidden = recurring.length > 0;
    $('jobs-count').textContent = `(${once.length})`;
  }

  // ---------- refresh ----------

  async function refresh() {
    if (busy || !getToken()) return;
    busy = true;
    try {
      const [cases, jobs, spend] = await Promise.allSettled([
        api('GET', '/internal/cases'), api('GET', '/internal/jobs'), api('GET', '/internal/spend?days=14'),
      ]);
      if (!getToken()) return; // locked out meanwhile
      if (cases.status === 'fulfilled') renderCases(Array.isArray(cases.value.cases) ? cases.value.cases : []);
      if (jobs.status === 'fulfilled') {
        latestJobs = Array.isArray(jobs.value.jobs) ? jobs.value.jobs : [];
        renderJobs(latestJobs);
      }
      if (spend.status === 'fulfilled') renderSpend(spend.value);
      refreshTimelines();
      const failure = [cases, jobs, spend].find((x) => x.status === 'rejected');
      const stamp = $('updated');
      if (failure) {
        stamp.textContent = `update failed ${clock(new Date())}: ${str(failure.reason && failure.reason.message)}`;
        stamp.classList.add('is-stale');
      } else {
        stamp.textContent = `updated ${clock(new Date())}`;
        stamp.classList.remove('is-stale');
      }
    } finally {
      busy = false;
    }
  }

  function tick() {
    refresh().catch((err) => {
      const stamp = $('updated');
      stamp.textContent = `update failed: ${str(err && err.message)}`;
      stamp.classList.add('is-stale');
    });
  }

  // ---------- actions ----------

  async function runAction(key, btn, work) {
    if (inFlight.has(key)) return;
    inFlight.add(key);
    btn.disabled = true;
    try {
      await work();
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401)) flash(str(err && err.message) || 'Something went wrong.', true);
    } finally {
      inFlight.delete(key);
      btn.disabled = false;
      tick();
    }
  }

  function generateImages(caseId, btn) {
    return runAction(`generate:${caseId}`, btn, async () => {
      try {
        const res = await api('POST', `/api/case/${encodeURIComponent(caseId)}/generate-images`, {});
        flash(`Image job ${str(res.jobId)} queued for ${caseId}.`);
      } catch (err) {
        if (err instanceof ApiError && err.status !== 401) err.message = `Could not queue images for ${caseId}: ${err.message}`;
        throw err;
      }
    });
  }

  // A moderator's repaint: the named slots are painted again even though finished.
  function repaintSlots(caseId, input, btn) {
    const slots = input.value.split(/[\s,]+/).filter(Boolean);
    if (!slots.length) {
      flash('Name the slots to repaint as the case page counts them, e.g. loc-1, suspect-2, ev-8.', true);
      return Promise.resolve();
    }
    return runAction(`repaint:${caseId}`, btn, async () => {
      try {
        const res = await api('POST', `/api/case/${encodeURIComponent(caseId)}/generate-images`, { repaint: slots });
        input.value = '';
        flash(`Repaint of ${slots.join(', ')} queued for ${caseId} (job ${str(res.jobId)}).`);
      } catch (err) {
        if (err instanceof ApiError && err.status !== 401) err.message = `Could not repaint ${slots.join(', ')} of ${caseId}: ${err.message}`;
        throw err;
      }
    });
  }

  function jobAction(id, action, btn) {
    return runAction(`${action}:${id}`, btn, async () => {
      try {
        if (action === 'cancel') {
          await api('DELETE', `/internal/jobs/${encodeURIComponent(id)}`);
          flash(`Job ${id} cancelled.`);
        } else {
          await api('POST', `/internal/jobs/${encodeURIComponent(id)}/retry`, {});
          flash(`Job ${id} queued again.`);
        }
      } catch (err) {
        if (err instanceof ApiError && err.status !== 401) err.message = `Could not ${action} job ${id}: ${err.message}`;
        throw err;
      }
    });
  }

  // A schedule is paused and resumed, never cancelled; the pause holds across restarts.
  function scheduleAction(id, action, btn) {
    return runAction(`${action}:${id}`, btn, async () => {
      try {
        await api('POST', `/internal/schedules/${encodeURIComponent(id)}/${action}`, {});
        flash(action === 'pause' ? `Schedule ${id} paused.` : `Schedule ${id} resumed.`);
      } catch (err) {
        if (err instanceof ApiError && err.status !== 401) err.message = `Could not ${action} schedule ${id}: ${err.message}`;
        throw err;
      }
    });
  }

  // ---------- spend ----------

  const usd = (n) => `$${Number(n || 0).toFixed(2)}`;
  const SVG = 'http://www.w3.org/2000/svg';

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
    return node;
  }

  // Today against the budget, and one bar a day for the last 14 days (the budget as a line).
  function renderSpend(report) {
    const days = Array.isArray(report.days) ? report.days : [];
    const today = days[days.length - 1] || { spentUsd: 0, reservedUsd: 0 };
    const budget = typeof report.budgetUsd === 'number' ? report.budgetUsd : null;
    $('spend-today-usd').textContent = usd(today.spentUsd);
    $('spend-budget').textContent = budget == null ? 'no budget' : `${usd(budget)} (${str(report.budgetSource)})`;
    $('spend-held').textContent = today.reservedUsd > 0 ? `+ ${usd(today.reservedUsd)} held by calls in flight` : '';
    const share = budget ? Math.min(100, Math.round((100 * today.spentUsd) / budget)) : 0;
    const meter = $('spend-meter');
    meter.setAttribute('aria-valuenow', String(share));
    meter.dataset.state = budget != null && today.spentUsd >= budget ? 'spent' : 'ok';
    $('spend-meter-bar').setAttribute('data-share', String(share));
    $('spend-meter-bar').style.width = `${share}%`;

    const chart = $('spend-chart');
    const top = Math.max(budget || 0, ...days.map((d) => d.spentUsd || 0), 0.01);
    const width = 280 / Math.max(days.length, 1);
    const nodes = days.map((d, i) => {
      const h = (90 * (d.spentUsd || 0)) / top;
      const bar = svg('rect', {
        x: (i * width + 2).toFixed(2), y: (100 - h).toFixed(2),
        width: Math.max(width - 4, 1).toFixed(2), height: h.toFixed(2), class: 'spend-chart__bar',
      });
      const title = svg('title', {});
      title.textContent = `${str(d.day)}: ${usd(d.spentUsd)}, ${Number(d.pictures || 0)} pictures`;
      bar.append(title);
      return bar;
    });
    if (budget != null) {
      const y = (100 - (90 * budget) / top).toFixed(2);
      nodes.push(svg('line', { x1: 0, x2: 280, y1: y, y2: y, class: 'spend-chart__budget' }));
    }
    const total = days.reduce((sum, d) => sum + (d.spentUsd || 0), 0);
    // With nothing spent, a blank chart would look broken: say so instead.
    const nothing = total <= 0 && budget == null;
    chart.replaceChildren(...(nothing ? [] : nodes));
    chart.style.display = nothing ? 'none' : '';
    $('spend-empty').hidden = !nothing;
    $('spend-caption').textContent = `Last ${days.length} days (UTC): ${usd(total)}`;
  }

  async function setBudget(event) {
    event.preventDefault();
    const out = $('budget-result');
    const raw = $('budget-usd').value.trim();
    const value = raw === '' ? null : Number(raw);
    out.classList.remove('is-error');
    try {
      const res = await api('PUT', '/internal/budget', { dailyUsd: value });
      out.textContent = `Budget: ${res.budgetUsd == null ? 'none' : usd(res.budgetUsd)}`
        + ` (${str(res.budgetSource)}); ${Number(res.jobsResumed || 0)} paused job(s) resumed.`;
      tick();
    } catch (err) {
      out.classList.add('is-error');
      out.textContent = `Could not set the budget: ${str(err && err.message)}`;
    }
  }

  async function createCase(event) {
    event.preventDefault();
    const btn = $('create-case');
    const out = $('create-result');
    if (btn.disabled) return;
    const date = $('create-date').value.trim();
    btn.disabled = true;
    out.classList.remove('is-error');
    out.textContent = 'Opening a new case...';
    try {
      const res = await api('POST', '/api/case/create', date ? { date } : {});
      const c = res.case || {};
      out.replaceChildren('Opened case ', caseLink(c.id),
        c.title ? ` \u201c${str(c.title)}\u201d` : '',
        res.jobId ? ` (image job ${str(res.jobId)})` : '', '.');
      tick();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        out.textContent = '';
      } else {
        out.classList.add('is-error');
        out.textContent = `Could not create the case: ${str(err && err.message)}`;
      }
    } finally {
      btn.disabled = false;
    }
  }

  // ---------- timeline ----------

  // A case's image job as its history tells it (GET /internal/jobs/{id}/history): one row per slot,
  // a bar per call coloured by its outcome, the waits under the calls and a mark per stored picture;
  // the run's claims, pauses, takeovers and end on a "run" row and across all rows; all on one time
  // axis. The drawing is laid out in user units equal to CSS pixels at the width it is drawn at, so
  // its text stays legible on a phone as on a desk.
  const IMAGE_JOB = 'generate-case-images';
  const TL = { label: 72, axis: 20, run: 24, row: 18, right: 14, bottom: 4, minWidth: 300, char: 6.6 };
  const SLOT_KINDS = ['loc', 'suspect', 'ev'];
  const TICK_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400]
    .map((s) => s * 1000);
  const TL_LEGEND = [
    ['call', 'painted', 'painted'], ['call', 'refused', 'refused / rejected'], ['call', 'throttled', 'throttled'],
    ['call', 'transient', 'transient error'], ['call', 'abandoned', 'abandoned'], ['wait', null, 'wait'],
    ['slot', null, 'picture stored'], ['fallback', null, 'by the fallback'], ['pause', null, 'paused'],
    ['takeover', null, 'takeover'], ['end', null, 'end'],
  ];
  let resizeTimer = null;

  const numOrNull = (v) => (v == null || v === '' || !Number.isFinite(Number(v)) ? null : Number(v));
  const plural = (n, one, many) => `${n} ${n === 1 ? one : many || `${one}s`}`;
  const costText = (n) => `$${n < 0.1 ? n.toFixed(3) : n.toFixed(2)}`;

  // A span of time, short: "850 ms", "6.0 s", "42 s", "4 min 05 s", "1 h 02 min".
  function formatSpan(ms) {
    const v = Math.max(0, Math.round(Number(ms) || 0));
    if (v < 1000) return `${v} ms`;
    if (v < 10000) return `${(v / 1000).toFixed(1)} s`;
    const s = Math.round(v / 1000);
    if (s < 60) return `${s} s`;
    if (s < 3600) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
    return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`;
  }

  // An axis label, relative to the run's start: "0 s", "30 s", "1:30", "2 min", "1:30 h", "2 h".
  function tickLabel(ms) {
    const s = Math.round(ms / 1000);
    if (s < 60) return `${s} s`;
    if (s < 3600) return s % 60 ? `${Math.floor(s / 60)}:${pad(s % 60)}` : `${s / 60} min`;
    const min = Math.floor(s / 60);
    return min % 60 ? `${Math.floor(min / 60)}:${pad(min % 60)} h` : `${min / 60} h`;
  }

  // Slots in the case page's order: loc-*, suspect-*, ev-*, each by number; anything else after.
  function compareSlots(a, b) {
    const key = (name) => {
      const m = /^([a-z]+)-(\d+)$/.exec(name);
      const kind = m ? SLOT_KINDS.indexOf(m[1]) : -1;
      return [kind < 0 ? SLOT_KINDS.length : kind, m ? Number(m[2]) : 0];
    };
    const [ka, na] = key(a);
    const [kb, nb] = key(b);
    return ka - kb || na - nb || (a < b ? -1 : a > b ? 1 : 0);
  }

  function buildTimelinePanel(caseId) {
    const t = {
      open: false, loading: 0, seq: 0, jobId: null, stamp: null, job: null, history: null, width: 0,
      note: el('p', { class: 'tl-note' }),
      body: el('div', { class: 'tl-body' }),
    };
    t.panel = el('div', {
      class: 'timeline-panel', id: `timeline-${caseId.replace(/[^A-Za-z0-9_-]/g, '_')}`,
      'data-timeline-for': caseId, role: 'region', 'aria-label': `Timeline of case ${caseId}`,
    }, t.note, t.body);
    t.row = el('tr', { class: 'timeline-row', 'data-companion': 'timeline' },
      el('td', { class: 'timeline-cell', colspan: '7' }, t.panel));
    return t;
  }

  function setTimelineNote(t, text, isError) {
    t.note.textContent = text;
    t.note.classList.toggle('is-error', Boolean(isError));
  }

  function toggleTimeline(caseId, row) {
    const r = refs.get(row);
    const t = r.timeline;
    t.open = !t.open;
    t.seq += 1; // an answer still on its way was asked for the timeline as it was
    t.loading = 0;
    r.timelineToggle.setAttribute('aria-expanded', String(t.open));
    row.classList.toggle('has-timeline', t.open);
    if (!t.open) {
      r.timelineToggle.removeAttribute('aria-controls');
      companions.delete(row);
      t.row.remove();
      return;
    }
    r.timelineToggle.setAttribute('aria-controls', t.panel.id);
    companions.set(row, t.row);
    row.after(t.row);
    Object.assign(t, { jobId: null, stamp: null, job: null, history: null });
    t.body.replaceChildren();
    setTimelineNote(t, 'Loading the timeline...');
    updateTimeline(caseId, row, true).catch(() => {});
  }

  // The case's most recent image job in the jobs list of the last refresh.
  function latestImageJob(caseId) {
    let best = null;
    for (const j of latestJobs || []) {
      if (!j || j.kind === 'recurring' || j.name !== IMAGE_JOB) continue;
      if (!j.data || typeof j.data !== 'object' || str(j.data.caseId) !== caseId) continue;
      if (!best || (Number(j.createdAt) || 0) > (Number(best.createdAt) || 0)) best = j;
    }
    return best;
  }

  // Called once per refresh: each open timeline asks for its history again only if its job changed
  // (another job, a new updatedAt) or is running, and never while its last request is unanswered.
  function refreshTimelines() {
    for (const row of Array.from($('cases').rows)) {
      const r = refs.get(row);
      if (r && r.timeline && r.timeline.open) updateTimeline(row.dataset.key, row, false).catch(() => {});
    }
  }

  async function updateTimeline(caseId, row, force) {
    const r = refs.get(row);
    const t = r && r.timeline;
    if (!t || !t.open || t.loading || latestJobs == null) return; // the next refresh calls again
    const job = latestImageJob(caseId);
    if (!job) {
      Object.assign(t, { jobId: null, stamp: null, job: null, history: null });
      t.body.replaceChildren();
      setTimelineNote(t, `No ${IMAGE_JOB} job for this case in the jobs list: no timeline to show.`);
      return;
    }
    if (!force && job.id === t.jobId && job.updatedAt === t.stamp && job.state !== 'running') return;
    t.seq += 1;
    const seq = t.seq;
    t.loading = seq;
    try {
      const history = await api('GET', `/internal/jobs/${encodeURIComponent(str(job.id))}/history`);
      if (seq !== t.seq || !t.open) return;
      Object.assign(t, { jobId: job.id, stamp: job.updatedAt, job, history });
      renderTimeline(t);
    } catch (err) {
      if (seq !== t.seq || !t.open || (err instanceof ApiError && err.status === 401)) return;
      if (t.jobId !== job.id) t.body.replaceChildren();
      t.stamp = null; // asked again at the next refresh
      setTimelineNote(t, `Could not load the history of job ${str(job.id)}: ${str(err && err.message)}`, true);
    } finally {
      if (t.loading === seq) t.loading = 0;
    }
  }

  // The history read into what is drawn: the time span, the slots in order, calls, waits, stored
  // pictures and the run's own events (a pause or a retry ends at its `until`, or at the next claim).
  function timelineModel(history, job, now) {
    const events = (Array.isArray(history.events) ? history.events : [])
      .filter((e) => e && typeof e === 'object' && Number.isFinite(Number(e.at)));
    const last = events[events.length - 1];
    const live = ['running', 'queued'].includes(str(job.state)) && !!last && last.type !== 'ended';
    let t0 = events.length ? Infinity : now;
    let t1 = events.length ? -Infinity : now;
    for (const e of events) {
      const at = Number(e.at);
      t0 = Math.min(t0, at, numOrNull(e.startedAt) ?? at);
      t1 = Math.max(t1, at);
    }
    if (live) t1 = Math.max(t1, now);
    const claims = events.filter((e) => e.type === 'claimed').map((e) => Number(e.at));
    const slots = new Set();
    const m = {
      events, t0, t1, span: Math.max(t1 - t0, 1000), live, now, calls: [], waits: [], stored: [], run: [],
      dropped: Math.max(0, Number(history.dropped) || 0), jobId: str(history.jobId || job.id), state: str(job.state),
    };
    for (const e of events) {
      const at = Number(e.at);
      const slot = typeof e.slot === 'string' && e.slot ? e.slot : null;
      if (slot && (e.type === 'call' || e.type === 'wait' || e.type === 'slot')) slots.add(slot);
      if (e.type === 'call' && slot) {
        const latency = numOrNull(e.latencyMs);
        const start = numOrNull(e.startedAt) ?? (latency != null ? at - latency : at);
        m.calls.push({ e, slot, start: Math.min(start, at), end: at });
      } else if (e.type === 'wait' && slot) {
        const start = numOrNull(e.startedAt) ?? at;
        const ms = numOrNull(e.ms);
        m.waits.push({ e, slot, start, end: ms != null ? start + ms : Math.max(at, start) });
      } else if (e.type === 'slot' && slot) {
        m.stored.push({ e, slot, at });
      } else if (e.type === 'paused' || e.type === 'retrying') {
        const next = claims.find((c) => c > at);
        const end = Math.min(numOrNull(e.until) ?? Infinity, next ?? Infinity);
        m.run.push({ e, at, end: Math.max(at, Math.min(Number.isFinite(end) ? end : t1, t1)) });
      } else if (!slot) {
        m.run.push({ e, at });
      }
    }
    m.slots = Array.from(slots).sort(compareSlots);
    m.takeovers = events.filter((e) => e.type === 'claimed' && e.takeoverFrom).length;
    m.pauses = events.filter((e) => e.type === 'paused').length;
    m.cost = m.calls.reduce((sum, c) => sum + (numOrNull(c.e.costUsd) || 0), 0);
    return m;
  }

  function timeAt(m, ms) {
    return `+${formatSpan(ms - m.t0)} (${clock(new Date(ms))})`;
  }

  function callTitle(m, c) {
    const e = c.e;
    const extra = [];
    if (numOrNull(e.tokens) != null) extra.push(`${numOrNull(e.tokens)} tokens`);
    if (numOrNull(e.costUsd) != null) extra.push(`cost ${costText(numOrNull(e.costUsd))}`);
    if (numOrNull(e.retryAfterMs) != null) extra.push(`retry after ${formatSpan(e.retryAfterMs)}`);
    const message = str(e.message);
    return [
      `${c.slot}: ${str(e.outcome) || 'call'}`,
      [str(e.provider), str(e.model)].filter(Boolean).join(' / '),
      `${timeAt(m, c.start)} to ${timeAt(m, c.end)}, latency ${formatSpan(numOrNull(e.latencyMs) ?? c.end - c.start)}`,
      extra.join(', '),
      message.length > 300 ? `${message.slice(0, 297)}...` : message,
    ].filter(Boolean).join('\n');
  }

  function runTitle(m, item) {
    const e = item.e;
    const when = timeAt(m, item.at);
    switch (e.type) {
      case 'queued': return `queued by ${str(e.by) || '?'} at ${when}`;
      case 'claimed': return e.takeoverFrom
        ? `takeover at ${when}: ${str(e.worker)} took the job over from ${str(e.takeoverFrom)} (attempt ${str(e.attempt)})`
        : `claimed by ${str(e.worker)} at ${when} (attempt ${str(e.attempt)})`;
      case 'paused': return [`paused (${str(e.kind) || '?'}) at ${when}`
        + `${numOrNull(e.until) != null ? ` until ${formatDateTime(e.until)}` : ''}`, str(e.reason)].filter(Boolean).join('\n');
      case 'retrying': return [`retrying at ${when}`
        + `${numOrNull(e.until) != null ? `, next try ${formatDateTime(e.until)}` : ''}`, str(e.error)].filter(Boolean).join('\n');
      case 'leaseLost': return `lease lost by ${str(e.worker)} at ${when}`;
      case 'batchSubmitted': return `batch ${str(e.batch)} submitted at ${when}: ${str(e.requests)} requests`;
      case 'batchPolled': return `batch ${str(e.batch)} polled at ${when}: ${str(e.state)}`;
      case 'cancelled': return `cancelled by ${str(e.by) || '?'} at ${when}`;
      case 'ended': return [`ended ${str(e.state)} at ${when}`, str(e.error)].filter(Boolean).join('\n');
      default: return `${str(e.type)} at ${when}`;
    }
  }

  function describeRun(m) {
    const painted = m.calls.filter((c) => c.e.outcome === 'painted').length;
    const parts = [
      `Job ${m.jobId}${m.state ? ` (${m.state})` : ''}`,
      m.events.length ? `started ${formatDateTime(m.t0)}, ${formatSpan(m.t1 - m.t0)}${m.live ? ' so far' : ''}` : '',
      `${plural(m.calls.length, 'call')}, ${painted} painted${m.cost > 0 ? `, ${costText(m.cost)}` : ''}`,
    ];
    return `${parts.filter(Boolean).join(' \u00b7 ')}.`;
  }

  function tlTitle(node, text) {
    const title = svg('title', {});
    title.textContent = text;
    node.append(title);
    return node;
  }

  function tlText(x, y, text, attrs) {
    const node = svg('text', Object.assign({ x: x.toFixed(1), y: y.toFixed(1) }, attrs || {}));
    node.textContent = text;
    return node;
  }

  // The drawing itself. Every hook a test or a style needs is a class or a data attribute.
  function buildTimelineSvg(m, width) {
    const top = TL.axis + TL.run; // the first slot row
    const bottom = top + m.slots.length * TL.row;
    const height = bottom + TL.bottom;
    const plot = width - TL.label - TL.right;
    const x = (t) => TL.label + ((Math.min(Math.max(t, m.t0), m.t1) - m.t0) / m.span) * plot;
    const f = (n) => n.toFixed(1);
    const rowY = new Map(m.slots.map((slot, i) => [slot, top + i * TL.row]));
    const summary = [`Timeline of job ${m.jobId}: ${plural(m.calls.length, 'call')} over ${plural(m.slots.length, 'slot')}`];
    if (m.takeovers) summary.push(plural(m.takeovers, 'takeover'));
    if (m.pauses) summary.push(plural(m.pauses, 'pause'));
    if (m.state) summary.push(m.state);
    const root = svg('svg', {
      class: 'timeline', viewBox: `0 0 ${width} ${height}`, width: '100%', preserveAspectRatio: 'xMinYMin meet',
      role: 'img', 'aria-label': summary.join(', '), 'data-job-id': m.jobId,
    });
    const back = svg('g', { class: 'tl-back' });
    const bands = svg('g', { class: 'tl-bands' });
    const rows = svg('g', { class: 'tl-rows' });
    const marks = svg('g', { class: 'tl-marks' });
    const axis = svg('g', { class: 'tl-axis' });

    // The axis: ticks a readable distance apart, grid lines down through every row.
    const most = Math.max(1, Math.floor(plot / 64));
    const step = TICK_STEPS.find((s) => m.span / s <= most) || Math.ceil(m.span / most / 86400000) * 86400000;
    axis.append(svg('line', { class: 'tl-axis-line', x1: TL.label, x2: f(width - TL.right), y1: TL.axis, y2: TL.axis }));
    for (let k = 0; k * step <= m.span; k += 1) {
      const tx = x(m.t0 + k * step);
      const label = tickLabel(k * step);
      const half = (label.length * TL.char) / 2;
      let anchor = 'middle';
      if (k === 0) anchor = 'start';
      else if (tx + half > width - 1) anchor = 'end';
      back.append(svg('line', { class: 'tl-grid', x1: f(tx), x2: f(tx), y1: TL.axis - 3, y2: bottom }));
      axis.append(tlText(tx, TL.axis - 6, label, { class: 'tl-tick', 'text-anchor': anchor }));
    }

    // The run row and the slot rows, striped, with their labels in the left column.
    back.append(svg('rect', { class: 'tl-run-bg', x: 0, y: TL.axis, width, height: TL.run }));
    axis.append(tlText(4, TL.axis + TL.run / 2 + 4, 'run', { class: 'tl-label tl-label--run' }));
    m.slots.forEach((slot, i) => {
      const y = rowY.get(slot);
      if (i % 2 === 0) back.append(svg('rect', { class: 'tl-stripe', x: 0, y, width, height: TL.row }));
      const g = svg('g', { class: 'tl-slot-row', 'data-slot-row': slot });
      const calls = m.calls.filter((c) => c.slot === slot);
      const byOutcome = {};
      for (const c of calls) byOutcome[str(c.e.outcome)] = (byOutcome[str(c.e.outcome)] || 0) + 1;
      const waits = m.waits.filter((w) => w.slot === slot).length;
      const counts = Object.entries(byOutcome).map(([k, n]) => `${n} ${k}`).join(', ');
      g.append(tlTitle(tlText(4, y + 12.5, slot, { class: 'tl-label' }),
        `${slot}: ${plural(calls.length, 'call')}${counts ? ` (${counts})` : ''}${waits ? `, ${plural(waits, 'wait')}` : ''}`));
      rows.append(g);
    });

    // Pauses and retries: shaded bands across every row, behind the calls.
    const taken = []; // the run row's labels, as [left, right]: they never overlap
    const runLabel = (lx, text, cls, room) => {
      const w = text.length * TL.char;
      const left = lx + 3 + w > width - 2 ? lx - 3 - w : lx + 3;
      if (left < TL.label || (room != null && w + 6 > room)) return null;
      if (taken.some(([a, b]) => left < b + 4 && left + w > a - 4)) return null;
      taken.push([left, left + w]);
      return tlText(left, TL.axis + TL.run / 2 + 4, text, { class: `tl-run-label ${cls || ''}`.trim() });
    };
    // Takeovers' labels first: they matter most.
    for (const item of m.run) {
      if (item.e.type === 'claimed' && item.e.takeoverFrom) item.label = runLabel(x(item.at), 'takeover', 'tl-run-label--takeover');
    }
    for (const item of m.run.filter((it) => it.e.type === 'paused' || it.e.type === 'retrying')) {
      const x0 = x(item.at);
      const w = Math.max(x(item.end) - x0, 2);
      const paused = item.e.type === 'paused';
      const band = svg('rect', {
        class: paused ? 'tl-pause' : 'tl-retrying', x: f(x0), y: TL.axis, width: f(w), height: bottom - TL.axis,
      });
      if (paused) band.setAttribute('data-kind', str(item.e.kind));
      bands.append(tlTitle(band, runTitle(m, item)));
      const text = runLabel(x0, paused ? 'paused' : 'retrying', 'tl-run-label--pause', w);
      if (text) bands.append(text);
    }

    // Calls (a bar each, coloured by outcome), waits (a thin dashed bar under the calls) and the
    // stored pictures (a diamond; hollow when the fallback painted it).
    for (const c of m.calls) {
      const y = rowY.get(c.slot);
      const x0 = x(c.start);
      const bar = svg('rect', {
        class: 'tl-call', 'data-outcome': str(c.e.outcome) || 'unknown', 'data-slot': c.slot,
        x: f(x0), y: y + 2, width: f(Math.max(x(c.end) - x0, 2)), height: 9,
      });
      rows.children[m.slots.indexOf(c.slot)].append(tlTitle(bar, callTitle(m, c)));
    }
    for (const w of m.waits) {
      const y = rowY.get(w.slot);
      const x0 = x(w.start);
      const bar = svg('rect', {
        class: 'tl-wait', 'data-reason': str(w.e.reason) || 'unknown', 'data-slot': w.slot,
        x: f(x0), y: y + 13, width: f(Math.max(x(w.end) - x0, 2)), height: 3.5,
      });
      const text = `${w.slot}: waited ${formatSpan(numOrNull(w.e.ms) ?? w.end - w.start)} (${str(w.e.reason) || '?'})`
        + ` from ${timeAt(m, w.start)}`;
      rows.children[m.slots.indexOf(w.slot)].append(tlTitle(bar, text));
    }
    for (const s of m.stored) {
      const cx = x(s.at);
      const cy = rowY.get(s.slot) + 6.5;
      const r = 4.5;
      const mark = svg('path', {
        class: 'tl-slot', 'data-slot': s.slot, 'data-source': str(s.e.source),
        d: `M${f(cx)} ${f(cy - r)}L${f(cx + r)} ${f(cy)}L${f(cx)} ${f(cy + r)}L${f(cx - r)} ${f(cy)}Z`,
      });
      if (s.e.fallback) mark.setAttribute('data-fallback', str(s.e.fallback));
      const text = `${s.slot}: picture stored at ${timeAt(m, s.at)}, painted by ${str(s.e.source) || '?'}`
        + `${s.e.fallback ? ` (the fallback: the model ${s.e.fallback === 'refused' ? 'refused it' : 'was unavailable'})` : ''}`;
      rows.children[m.slots.indexOf(s.slot)].append(tlTitle(mark, text));
    }

    // The run's own events: marks on the run row; takeovers and the end as lines across every row.
    const cy = TL.axis + TL.run / 2;
    const hit = (hx, full) => svg('rect', {
      class: 'tl-hit', x: f(hx - 4), y: TL.axis, width: 8, height: full ? bottom - TL.axis : TL.run,
    });
    for (const item of m.run) {
      const e = item.e;
      const mx = x(item.at);
      let g = null;
      if (e.type === 'claimed' && e.takeoverFrom) {
        g = svg('g', { class: 'tl-claimed tl-takeover', 'data-worker': str(e.worker), 'data-from': str(e.takeoverFrom) });
        g.append(hit(mx, true), svg('line', { class: 'tl-takeover-line', x1: f(mx), x2: f(mx), y1: TL.axis, y2: bottom }));
        if (item.label) g.append(item.label);
      } else if (e.type === 'claimed') {
        g = svg('g', { class: 'tl-claimed', 'data-worker': str(e.worker) });
        g.append(hit(mx, false), svg('rect', { class: 'tl-claimed-mark', x: f(mx - 1), y: cy - 7, width: 2, height: 14 }));
      } else if (e.type === 'ended') {
        const dir = mx + 9 > width ? -1 : 1; // the flag points left at the right edge
        g = svg('g', { class: 'tl-end', 'data-state': str(e.state) });
        g.append(hit(mx, true), svg('line', { class: 'tl-end-line', x1: f(mx), x2: f(mx), y1: TL.axis, y2: bottom }),
          svg('path', { class: 'tl-end-flag', d: `M${f(mx)} ${TL.axis + 3}h${8 * dir}l${-3 * dir} 4l${3 * dir} 4h${-8 * dir}Z` }));
      } else if (e.type === 'queued') {
        g = svg('g', { class: 'tl-queued' });
        g.append(hit(mx, false), svg('circle', { class: 'tl-queued-mark', cx: f(mx), cy, r: 3.5 }));
      } else if (e.type === 'leaseLost') {
        g = svg('g', { class: 'tl-lease-lost', 'data-worker': str(e.worker) });
        g.append(hit(mx, false), svg('path', { class: 'tl-lease-lost-mark', d: `M${f(mx - 5)} ${cy - 5}h10l-5 10Z` }));
      } else if (e.type === 'cancelled') {
        g = svg('g', { class: 'tl-cancelled' });
        g.append(hit(mx, false), svg('path', { class: 'tl-cancelled-mark', d: `M${f(mx - 4)} ${cy - 4}l8 8M${f(mx + 4)} ${cy - 4}l-8 8` }));
      } else if (e.type === 'batchSubmitted' || e.type === 'batchPolled') {
        g = svg('g', { class: 'tl-batch', 'data-type': str(e.type) });
        g.append(hit(mx, false), svg('rect', { class: 'tl-batch-mark', x: f(mx - 2.5), y: cy - 2.5, width: 5, height: 5 }));
      } else if (e.type !== 'paused' && e.type !== 'retrying') {
        g = svg('g', { class: 'tl-other', 'data-type': str(e.type) });
        g.append(hit(mx, false), svg('circle', { class: 'tl-other-mark', cx: f(mx), cy, r: 2 }));
      }
      if (g) marks.append(tlTitle(g, runTitle(m, item)));
    }
    if (m.live) {
      const nx = x(m.now);
      const g = svg('g', { class: 'tl-now' });
      g.append(svg('line', { class: 'tl-now-line', x1: f(nx), x2: f(nx), y1: TL.axis, y2: bottom }));
      const text = runLabel(nx, 'now', 'tl-run-label--now');
      if (text) g.append(text);
      marks.append(tlTitle(g, `now (${clock(new Date(m.now))}): the job is ${m.state}`));
    }
    root.append(back, bands, rows, marks, axis);
    return root;
  }

  function timelineLegend() {
    return el('ul', { class: 'tl-legend', 'aria-label': 'Legend of the timeline' },
      ...TL_LEGEND.map(([kind, outcome, text]) => el('li', {},
        el('span', { class: `tl-key tl-key--${kind}`, 'data-outcome': outcome, 'aria-hidden': 'true' }), text)));
  }

  // Drawn at the panel's width of the moment: one user unit is one CSS pixel, so a phone reads it
  // as a desk does; narrower than TL.minWidth, it scrolls sideways inside its own box.
  function renderTimeline(t) {
    const m = timelineModel(t.history || {}, t.job || {}, Date.now());
    t.width = Math.max(TL.minWidth, Math.floor(t.body.clientWidth) || 640);
    setTimelineNote(t, describeRun(m));
    const nodes = [];
    if (m.dropped > 0) {
      nodes.push(el('p', {
        class: 'tl-dropped',
        text: `${m.dropped} older ${m.dropped === 1 ? 'event was' : 'events were'} dropped: the timeline starts at the oldest one kept.`,
      }));
    }
    if (m.events.length) nodes.push(el('div', { class: 'tl-scroll' }, buildTimelineSvg(m, t.width)), timelineLegend());
    else nodes.push(el('p', { class: 'empty', text: 'Nothing recorded for this job yet.' }));
    t.body.replaceChildren(...nodes);
  }

  // After a resize, the open timelines are drawn again at their new width (from the history they have).
  function redrawTimelines() {
    for (const row of Array.from($('cases').rows)) {
      const r = refs.get(row);
      const t = r && r.timeline;
      if (!t || !t.open || !t.history) continue;
      if (Math.max(TL.minWidth, Math.floor(t.body.clientWidth) || 640) !== t.width) renderTimeline(t);
    }
  }

  // ---------- start ----------

  function start() {
    $('token-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const token = $('token').value.trim();
      if (!token) {
        $('login-message').textContent = 'Enter the moderator token.';
        return;
      }
      setToken(token);
      $('token').value = '';
      unlock();
    });
    $('forget-token').addEventListener('click', () => lock('Token forgotten. Enter it again to use the desk.'));
    $('create-form').addEventListener('submit', (event) => {
      createCase(event).catch(() => {});
    });
    $('budget-form').addEventListener('submit', (event) => {
      setBudget(event).catch(() => {});
    });
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden && timer) tick();
    });
    window.addEventListener('resize', () => {
      if (resizeTimer) clearTimeout(resizeTimer);
      resizeTimer = setTimeout(redrawTimelines, 200);
    });
    if (getToken()) unlock();
    else lock('');
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
