// Armchair Sleuths: the moderator desk.
// Keeps the moderator token in localStorage, creates cases, queues image jobs
// and shows cases and jobs, refreshed every 2 seconds.
'use strict';

(() => {
  const TOKEN_KEY = 'armchair-sleuths.moderator-token';
  const REFRESH_MS = 2000;

  const $ = (id) => document.getElementById(id);
  const refs = new WeakMap(); // table row -> its cells and buttons
  const inFlight = new Set(); // "cancel:ID", "retry:ID", "generate:ID", "pause:ID", "resume:ID"

  let memoryToken = ''; // used when localStorage is unavailable
  let timer = null;
  let busy = false;
  let flashTimer = null;

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
  // buttons keep their focus and state across refreshes.
  function syncRows(tbody, items, keyOf, build, update) {
    const old = new Map(Array.from(tbody.rows, (row) => [row.dataset.key, row]));
    let i = 0;
    for (const item of items) {
      const key = str(keyOf(item));
      let row = old.get(key);
      if (row) old.delete(key);
      else {
        row = build(key);
        row.dataset.key = key;
      }
      update(row, item);
      if (tbody.rows[i] !== row) tbody.insertBefore(row, tbody.rows[i] || null);
      i += 1;
    }
    for (const row of old.values()) row.remove();
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
    const row = el('tr', {},
      td('Case', r.link),
      td('Title', r.title),
      td('Date', r.date),
      td('Images', r.badge),
      td('Progress', el('span', {}, r.progress, el('span', { class: 'minibar', 'aria-hidden': 'true' }, r.bar), r.note)),
      td('Errors', r.errors),
      td('Actions', el('span', { class: 'actions' }, r.generate, r.slots, r.repaint)),
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
    if (fallbackNames.length && !r.slots.value && document.activeElement !== r.slots) {
      r.slots.value = fallbackNames.join(', ');
      r.slots.title = 'Painted by the fallback: repaint them with the image model';
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
      if (jobs.status === 'fulfilled') renderJobs(Array.isArray(jobs.value.jobs) ? jobs.value.jobs : []);
      if (spend.status === 'fulfilled') renderSpend(spend.value);
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
    if (getToken()) unlock();
    else lock('');
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
