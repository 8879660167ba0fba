-- Shared by the scripts below (prepended to each when loaded).
--
-- Keys: every key a script can name before it runs is declared in KEYS by the caller (src/store/redis):
-- a case's records, a job's hash, a queue, an index. The keys a script only learns from what it reads (the
-- job a claim finds in a queue, the queue of a job found by id, the jobs a purge walks) are built from
-- the prefix in ARGV[1]. The prefix is a hash tag (`{name}:`), so every key of a deployment, declared or
-- not, lives in one slot: on Redis Cluster each script runs on the one node that holds them all.

-- The records a script may change with a job: KEYS[1..4] are the case, its version counter, its status
-- record and the case index; ARGV[2] is '1' when there are records to write, then ARGV[3..9] are the case
-- id, the version they were read at, the case json, the status json, the status expiry, the case's
-- created_at and the paid calls settled with them (json, or ''); ARGV[10..11] are a job's id and the
-- events to add to its history in the same step (one json per line; '' for none), written whether or not
-- there are records. Scripts put their own keys from KEYS[RK0] and their own arguments from ARGV[ARG0] on.
local RK0 = 5
local ARG0 = 12

-- A job's history (`history:{id}`, a list of json events) keeps its last HISTORY_LIMIT events
-- (domain::history::HISTORY_LIMIT); the job's hash counts those dropped (`history_dropped`).
local HISTORY_LIMIT = 5000

-- Appends events (json strings) to a job's history and drops the oldest past the limit.
local function push_history(p, id, events)
  if id == '' or #events == 0 then
    return
  end
  local hkey = p .. 'history:' .. id
  local n = 0
  for i = 1, #events, 500 do
    n = redis.call('RPUSH', hkey, unpack(events, i, math.min(i + 499, #events)))
  end
  if n > HISTORY_LIMIT then
    redis.call('LTRIM', hkey, n - HISTORY_LIMIT, -1)
    redis.call('HINCRBY', p .. 'job:' .. id, 'history_dropped', n - HISTORY_LIMIT)
  end
end

-- Appends the events given one json per line.
local function add_history(p, id, lines)
  if lines == '' then
    return
  end
  local events = {}
  for line in string.gmatch(lines, '[^\n]+') do
    table.insert(events, line)
  end
  push_history(p, id, events)
end

-- Settles paid calls (src/store/redis `SettleArg`): gives back each reservation and adds each charge to
-- its day's totals (`spend:{day}`: spent, reserved, and calls|pictures|micros per provider|model) and to
-- the day's ledger (`ledger:{day}`). The day keys are built from the prefix.
local function write_settles(p, settles_json)
  if settles_json == '' then
    return
  end
  for _, s in ipairs(cjson.decode(settles_json)) do
    local dkey = p .. 'spend:' .. s.day
    local reserved = tonumber(redis.call('HGET', dkey, 'reserved') or '0') - s.reserved
    if reserved < 0 then reserved = 0 end
    redis.call('HSET', dkey, 'reserved', reserved)
    if s.charge ~= '' then
      local m = s.provider .. '|' .. s.model
      redis.call('HINCRBY', dkey, 'spent', s.micros)
      redis.call('HINCRBY', dkey, 'calls|' .. m, 1)
      redis.call('HINCRBY', dkey, 'pictures|' .. m, s.painted)
      redis.call('HINCRBY', dkey, 'micros|' .. m, s.micros)
      redis.call('RPUSH', p .. 'ledger:' .. s.day, s.charge)
    end
  end
end

-- Writes a case and/or its status record if the case's version is still `ver`, then bumps the version.
-- `case_json`/`status_json`: '' leaves the value, '-' deletes it. `status_pxat` > 0 sets the expiry.
-- `settles`: paid calls settled in the same step (see write_settles); `hist`: events for the history of
-- job `hist_id`, one json per line.
local function write_records(p, id, ver, case_json, status_json, status_pxat, created_at, settles, hist_id, hist)
  local cur = tonumber(redis.call('GET', KEYS[2]) or '0')
  if cur ~= tonumber(ver) then
    return false
  end
  write_settles(p, settles)
  add_history(p, hist_id, hist)
  if case_json == '-' then
    redis.call('DEL', KEYS[1])
    redis.call('ZREM', KEYS[4], id)
  elseif case_json ~= '' then
    redis.call('SET', KEYS[1], case_json)
    redis.call('ZADD', KEYS[4], created_at, id)
  end
  if status_json == '-' then
    redis.call('DEL', KEYS[3])
  elseif status_json ~= '' then
    if tonumber(status_pxat) > 0 then
      redis.call('SET', KEYS[3], status_json, 'PXAT', status_pxat)
    else
      redis.call('SET', KEYS[3], status_json)
    end
    redis.call('PUBLISH', p .. 'status', id .. '\n' .. status_json)
  end
  redis.call('INCR', KEYS[2])
  return true
end

-- Creates a queued job: its hash `jkey`, its place in `queue` and in the index `jobs`, and its
-- idempotency key `keykey` (when `key` is not ''). `fields` is the flat list of hash fields and values.
local function create_job(p, jkey, queue, jobs, keykey, id, name, key, run_at, created_at, fields)
  redis.call('HSET', jkey, unpack(fields))
  redis.call('ZADD', queue, run_at, id)
  redis.call('ZADD', jobs, created_at, id)
  if key ~= '' then
    redis.call('SET', keykey, id)
  end
  redis.call('PUBLISH', p .. 'wake', name)
end

-- Moves a job out of its queues into `finished` with `state`, and frees its idempotency key. The queues
-- and the key are named in the job's hash, so they are found under the prefix.
local function finish_job(p, jkey, finished, id, state, now, err)
  local name = redis.call('HGET', jkey, 'name')
  local key = redis.call('HGET', jkey, 'key')
  redis.call('ZREM', p .. 'queue:' .. name, id)
  redis.call('ZREM', p .. 'running:' .. name, id)
  redis.call('ZADD', finished, now, id)
  redis.call('HSET', jkey, 'state', state, 'updated_at', now, 'finished_at', now)
  redis.call('HDEL', jkey, 'lease_token', 'lease_expires_at')
  if err then
    redis.call('HSET', jkey, 'last_error', err)
  end
  if key and key ~= '' and redis.call('GET', p .. 'jobkey:' .. key) == id then
    redis.call('DEL', p .. 'jobkey:' .. key)
  end
end

-- True when the caller holds the job's current lease.
local function holds_lease(jkey, token)
  return redis.call('HGET', jkey, 'state') == 'running' and redis.call('HGET', jkey, 'lease_token') == token
end

-- Fails the script with CONFLICT (the caller reads the case again and retries) when the case changed
-- since the records were read. Call it before changing anything.
local function check_job_records()
  if ARGV[2] ~= '1' then
    return
  end
  local cur = tonumber(redis.call('GET', KEYS[2]) or '0')
  if cur ~= tonumber(ARGV[4]) then
    error({err = 'CONFLICT the case changed while the job was ending'})
  end
end

local function write_job_records()
  if ARGV[2] == '1' then
    write_records(ARGV[1], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9], ARGV[10], ARGV[11])
  else
    add_history(ARGV[1], ARGV[10], ARGV[11])
  end
end

-- Takes the most overdue job (queued and due, or running with an expired lease) under a new lease, for
-- `claim` and for `complete` with the worker's next claim. KEYS[first_key..] are, for each job name, its
-- queue and its running set; `finished` is the finished set. ARGV[a..a+5]: now, lease_ms, worker, token,
-- max_crashes, the crash-limit error with {crashes} and {worker} to fill in (domain::job::CRASH_LIMIT_ERROR).
-- The job found is read under the prefix `p`. Returns {claimed id or '', the claimed job's hash (flat),
-- {ids of jobs failed on the way because their workers kept dying}}.
local function claim_next(p, finished, first_key, a)
  local now, lease, worker, token = tonumber(ARGV[a]), tonumber(ARGV[a + 1]), ARGV[a + 2], ARGV[a + 3]
  local max_crashes, crash_limit_error = tonumber(ARGV[a + 4]), ARGV[a + 5]
  local dead = {}
  for _ = 1, 100 do
    local best, best_score, best_queue, best_running, best_kind = nil, nil, nil, nil, nil
    for i = first_key, #KEYS, 2 do
      for _, kind in ipairs({'queue', 'running'}) do
        local set = kind == 'queue' and KEYS[i] or KEYS[i + 1]
        local r = redis.call('ZRANGE', set, '-inf', now, 'BYSCORE', 'LIMIT', 0, 1, 'WITHSCORES')
        if r[1] and (best == nil or tonumber(r[2]) < best_score) then
          best, best_score, best_queue, best_running, best_kind = r[1], tonumber(r[2]), KEYS[i], KEYS[i + 1], kind
        end
      end
    end
    if best == nil then
      break
    end
    local jkey = p .. 'job:' .. best
    local crashes = tonumber(redis.call('HGET', jkey, 'crashes') or '0')
    local takeover = best_kind == 'running'
    if takeover and crashes + 1 >= max_crashes then
      local last = redis.call('HGET', jkey, 'worker') or 'unknown'
      redis.call('HSET', jkey, 'crashes', crashes + 1)
      -- Plain find and replace: the worker's name is not a pattern.
      local err = crash_limit_error
      for name, value in pairs({['{crashes}'] = tostring(crashes + 1), ['{worker}'] = last}) do
        local at = string.find(err, name, 1, true)
        if at then
          err = string.sub(err, 1, at - 1) .. value .. string.sub(err, at + #name)
        end
      end
      finish_job(p, jkey, finished, best, 'failed', now, err)
      push_history(p, best, {cjson.encode({at = now, type = 'ended', state = 'failed', error = err})})
      table.insert(dead, best)
    else
      redis.call('ZREM', best_queue, best)
      redis.call('ZADD', best_running, now + lease, best)
      -- A takeover gives the dead worker's attempt back (this claim counts one) and counts a crash instead.
      local claimed = {at = now, type = 'claimed', worker = worker}
      if takeover then
        redis.call('HSET', jkey, 'crashes', crashes + 1)
        claimed.takeoverFrom = redis.call('HGET', jkey, 'worker') or 'unknown'
      else
        redis.call('HINCRBY', jkey, 'attempts', 1)
      end
      claimed.attempt = tonumber(redis.call('HGET', jkey, 'attempts') or '0')
      push_history(p, best, {cjson.encode(claimed)})
      redis.call('HSET', jkey, 'state', 'running', 'lease_token', token, 'lease_expires_at', now + lease,
        'worker', worker, 'updated_at', now)
      redis.call('HDEL', jkey, 'paused_for')
      return {best, redis.call('HGETALL', jkey), dead}
    end
  end
  return {'', {}, dead}
end
