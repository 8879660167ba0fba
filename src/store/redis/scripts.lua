--! modify
-- KEYS: the records (common.lua). ARGV: p, id, version, case_json, status_json, status_pxat, created_at,
-- settles, history job id, history events
if write_records(ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9], ARGV[10]) then
  return 1
end
return 0

--! enqueue
-- KEYS: the records, then the job's idempotency key, its hash, its queue, the job index.
-- ARGV: p, the records block, then id, name, key, run_at, created_at, and the job's hash fields and values.
-- Returns {1, id} when created, {0, existing id} when the key is taken.
local p = ARGV[1]
local keykey, jkey, queue, jobs = KEYS[RK0], KEYS[RK0 + 1], KEYS[RK0 + 2], KEYS[RK0 + 3]
local id, name, key, run_at, created_at = ARGV[ARG0], ARGV[ARG0 + 1], ARGV[ARG0 + 2], ARGV[ARG0 + 3], ARGV[ARG0 + 4]
if key ~= '' then
  local existing = redis.call('GET', keykey)
  if existing then
    return {0, existing}
  end
end
check_job_records()
write_job_records()
create_job(p, jkey, queue, jobs, keykey, id, name, key, run_at, created_at, {select(ARG0 + 5, unpack(ARGV))})
return {1, id}

--! claim
-- KEYS: the finished set, then for each job name its queue and its running set.
-- ARGV: p, then the claim's arguments (see claim_next in common.lua).
-- Returns {claimed id or '', the claimed job's hash (flat), {dead ids}}
return claim_next(ARGV[1], KEYS[1], 2, 2)

--! heartbeat
-- KEYS: the job's hash. ARGV: p, id, token, now, lease_ms. The job's running set is named in its hash.
local p, id, token, now = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local jkey = KEYS[1]
if not holds_lease(jkey, token) then
  return 0
end
local expires = now + tonumber(ARGV[5])
local name = redis.call('HGET', jkey, 'name')
redis.call('HSET', jkey, 'lease_expires_at', expires, 'updated_at', now)
redis.call('ZADD', p .. 'running:' .. name, expires, id)
return 1

--! complete
-- KEYS: the records, the job's hash, the finished set, then (to claim the worker's next job in the same
-- step) for each job name its queue and its running set. ARGV: p, the records block, id, token, then the
-- claim's arguments (see claim_next; none to claim nothing).
-- Returns {1, then what claim returns}, or {0, '', {}, {}} when the lease is lost.
local p = ARGV[1]
local jkey, finished = KEYS[RK0], KEYS[RK0 + 1]
local id, token, now = ARGV[ARG0], ARGV[ARG0 + 1], tonumber(ARGV[ARG0 + 2])
if not holds_lease(jkey, token) then
  return {0, '', {}, {}}
end
check_job_records()
finish_job(p, jkey, finished, id, 'completed', now, nil)
redis.call('HDEL', jkey, 'last_error')
write_job_records()
if #ARGV < ARG0 + 3 then
  return {1, '', {}, {}}
end
local claimed = claim_next(p, finished, RK0 + 2, ARG0 + 2)
return {1, claimed[1], claimed[2], claimed[3]}

--! fail
-- KEYS: the records, the job's hash, the finished set, then (to claim the worker's next job in the same
-- step) for each job name its queue and its running set.
-- ARGV: p, the records block, id, token, now, error, retry_at ('' for failed for good), refund (0/1),
-- paused_for ('' for none), then the claim's arguments (see claim_next; none to claim nothing).
-- Returns {1, the job's hash (flat), then what claim returns}, or {0, {}, '', {}, {}} when the lease is lost.
local p = ARGV[1]
local jkey, finished = KEYS[RK0], KEYS[RK0 + 1]
local id, token, now, err, retry_at = ARGV[ARG0], ARGV[ARG0 + 1], tonumber(ARGV[ARG0 + 2]), ARGV[ARG0 + 3],
  ARGV[ARG0 + 4]
if not holds_lease(jkey, token) then
  return {0, {}, '', {}, {}}
end
check_job_records()
write_job_records()
if retry_at == '' then
  finish_job(p, jkey, finished, id, 'failed', now, err)
else
  local name = redis.call('HGET', jkey, 'name')
  local attempts = tonumber(redis.call('HGET', jkey, 'attempts') or '0') - tonumber(ARGV[ARG0 + 5])
  if attempts < 0 then attempts = 0 end
  redis.call('ZREM', p .. 'running:' .. name, id)
  redis.call('ZADD', p .. 'queue:' .. name, retry_at, id)
  redis.call('HSET', jkey, 'state', 'queued', 'run_at', retry_at, 'last_error', err, 'attempts', attempts,
    'updated_at', now)
  redis.call('HDEL', jkey, 'lease_token', 'lease_expires_at')
  if ARGV[ARG0 + 6] ~= '' then
    redis.call('HSET', jkey, 'paused_for', ARGV[ARG0 + 6])
  end
  redis.call('PUBLISH', p .. 'wake', name)
end
local job = redis.call('HGETALL', jkey)
if #ARGV < ARG0 + 8 then
  return {1, job, '', {}, {}}
end
local claimed = claim_next(p, finished, RK0 + 2, ARG0 + 7)
return {1, job, claimed[1], claimed[2], claimed[3]}

--! cancel
-- KEYS: the records, the job's hash, the finished set. ARGV: p, the records block, id, now.
-- Returns 'ok', 'notfound' or 'conflict:<state>'. Schedules are not jobs: they are paused, never cancelled.
local p = ARGV[1]
local jkey, finished = KEYS[RK0], KEYS[RK0 + 1]
local id, now = ARGV[ARG0], tonumber(ARGV[ARG0 + 1])
local state = redis.call('HGET', jkey, 'state')
if not state then
  return 'notfound'
end
if state ~= 'queued' and state ~= 'running' then
  return 'conflict:' .. state
end
check_job_records()
finish_job(p, jkey, finished, id, 'cancelled', now, nil)
write_job_records()
-- The running job's worker stops at once, not at its next lease renewal.
redis.call('PUBLISH', p .. 'cancel', id)
return 'ok'

--! retry
-- KEYS: the job's hash, the finished set. ARGV: p, id, now. The job's queue and idempotency key are named
-- in its hash. Returns 'ok', 'notfound', 'conflict:<state>' or 'active:<other id>'.
local p, id, now = ARGV[1], ARGV[2], tonumber(ARGV[3])
local jkey, finished = KEYS[1], KEYS[2]
local state = redis.call('HGET', jkey, 'state')
if not state then
  return 'notfound'
end
if state ~= 'failed' and state ~= 'cancelled' then
  return 'conflict:' .. state
end
local key = redis.call('HGET', jkey, 'key')
if key and key ~= '' then
  local other = redis.call('GET', p .. 'jobkey:' .. key)
  if other and other ~= id then
    return 'active:' .. other
  end
  redis.call('SET', p .. 'jobkey:' .. key, id)
end
local name = redis.call('HGET', jkey, 'name')
redis.call('ZREM', finished, id)
redis.call('ZADD', p .. 'queue:' .. name, now, id)
redis.call('HSET', jkey, 'state', 'queued', 'attempts', 0, 'run_at', now, 'updated_at', now)
redis.call('HDEL', jkey, 'finished_at', 'paused_for')
redis.call('PUBLISH', p .. 'wake', name)
return 'ok'

--! fire_schedule
-- KEYS: the schedule's hash, then the new job's idempotency key, hash, queue and the job index.
-- ARGV: p, occurrence, with_job, job_id, name, key, run_at, created_at, the job's first history events
-- (one json per line), fields...
local p, occ = ARGV[1], tonumber(ARGV[2])
local skey = KEYS[1]
if redis.call('EXISTS', skey) == 0 then
  return ''
end
local last = redis.call('HGET', skey, 'last_fired')
if last and last ~= '' and tonumber(last) >= occ then
  return ''
end
redis.call('HSET', skey, 'last_fired', occ)
-- A paused schedule lets the occurrence pass: checked here so a pause after the caller's read still wins.
if ARGV[3] ~= '1' or redis.call('HGET', skey, 'paused') == '1' then
  return '-'
end
create_job(p, KEYS[3], KEYS[4], KEYS[5], KEYS[2], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8],
  {select(10, unpack(ARGV))})
add_history(p, ARGV[4], ARGV[9])
return ARGV[4]

--! upsert_schedule
-- KEYS: the schedule's hash, the schedule index.
-- ARGV: p, id, name, data, cron, max_attempts, created_at, last_fired ('' for none), paused (0/1).
-- last_fired and paused are set only for a new schedule: a re-registration keeps them.
local skey, id = KEYS[1], ARGV[2]
if redis.call('EXISTS', skey) == 0 then
  redis.call('HSET', skey, 'id', id, 'created_at', ARGV[7], 'paused', ARGV[9])
  if ARGV[8] ~= '' then
    redis.call('HSET', skey, 'last_fired', ARGV[8])
  end
end
redis.call('HSET', skey, 'name', ARGV[3], 'data', ARGV[4], 'cron', ARGV[5], 'max_attempts', ARGV[6])
redis.call('SADD', KEYS[2], id)
return 1

--! set_schedule_paused
-- KEYS: the schedule's hash. ARGV: p, paused (0/1), now. Returns 0 when there is no such schedule.
-- Resuming moves last_fired up to now: what passed while paused is not a catch-up to run.
local skey, paused, now = KEYS[1], ARGV[2], tonumber(ARGV[3])
if redis.call('EXISTS', skey) == 0 then
  return 0
end
redis.call('HSET', skey, 'paused', paused)
if paused == '0' then
  local last = tonumber(redis.call('HGET', skey, 'last_fired') or '')
  if last == nil or last < now then
    redis.call('HSET', skey, 'last_fired', ARGV[3])
  end
end
return 1

--! purge
-- KEYS: the finished set, the job index. ARGV: p, older_than. Drops finished jobs older than the cutoff
-- (their hashes and histories, found by id, under the prefix).
local p, cutoff = ARGV[1], ARGV[2]
local finished, jobs = KEYS[1], KEYS[2]
local ids = redis.call('ZRANGE', finished, '-inf', '(' .. cutoff, 'BYSCORE', 'LIMIT', 0, 1000)
for _, id in ipairs(ids) do
  redis.call('DEL', p .. 'job:' .. id, p .. 'history:' .. id)
  redis.call('ZREM', jobs, id)
  redis.call('ZREM', finished, id)
end
return #ids

--! job_counts
-- KEYS: the job index. ARGV: p. Returns {state, count, state, count, ...}
local p = ARGV[1]
local counts = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local s = redis.call('HGET', p .. 'job:' .. id, 'state')
  if s then counts[s] = (counts[s] or 0) + 1 end
end
local out = {}
for s, n in pairs(counts) do
  table.insert(out, s)
  table.insert(out, n)
end
return out

--! rate_limit
-- GCRA (src/store/rate.rs). KEYS: the bucket. ARGV: p, now, interval_ms, burst. Returns the wait in ms as
-- text.
local key, now, interval, burst = KEYS[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local tat = tonumber(redis.call('GET', key) or now)
if tat < now then tat = now end
local allow_at = tat - interval * (burst - 1)
if now < allow_at then
  return string.format('%.3f', allow_at - now)
end
local new_tat = tat + interval
redis.call('SET', key, string.format('%.3f', new_tat), 'PX', math.ceil(new_tat - now + interval))
return '0'

--! reserve
-- KEYS: the day's spend hash, the stored budget. ARGV: p, micros, the configured budget ('' for none).
-- Returns {1 granted or 0 refused, spent, reserved, budget}.
local budget = redis.call('GET', KEYS[2]) or ARGV[3]
local spent = tonumber(redis.call('HGET', KEYS[1], 'spent') or '0')
local reserved = tonumber(redis.call('HGET', KEYS[1], 'reserved') or '0')
local micros = tonumber(ARGV[2])
if budget ~= '' and spent + reserved + micros > tonumber(budget) then
  return {0, spent, reserved, tonumber(budget)}
end
redis.call('HINCRBY', KEYS[1], 'reserved', micros)
return {1, spent, reserved, 0}

--! wake
-- KEYS: the queue of jobs named ARGV[3]. ARGV: p, now, name, kind. Makes the queued jobs paused for
-- `kind` (their paused_for field) due now. Returns how many.
local p, now, name, kind = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local woken = 0
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], '(' .. now, '+inf', 'BYSCORE')) do
  local jkey = p .. 'job:' .. id
  if redis.call('HGET', jkey, 'paused_for') == kind then
    redis.call('ZADD', KEYS[1], now, id)
    redis.call('HSET', jkey, 'run_at', now, 'updated_at', now)
    woken = woken + 1
  end
end
if woken > 0 then
  redis.call('PUBLISH', p .. 'wake', name)
end
return woken

--! append_history
-- KEYS: the job's hash. ARGV: p, id, events (one json per line). Adds them to a job that exists.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
add_history(ARGV[1], ARGV[2], ARGV[3])
return 1
