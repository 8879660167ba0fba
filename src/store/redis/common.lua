-- Shared by the scripts below (prepended to each when loaded). Keys are built from the prefix in
-- ARGV, so this targets a standalone Redis (or one shard), not Redis Cluster.

-- Writes a case and/or its status record if the case's version is still `ver`, then bumps the version.
-- `case_json`/`status_json`: '' leaves the value, '-' deletes it. `status_pxat` > 0 sets the expiry.
local function write_records(p, id, ver, case_json, status_json, status_pxat, created_at)
  local vkey = p .. 'case-version:' .. id
  local cur = tonumber(redis.call('GET', vkey) or '0')
  if cur ~= tonumber(ver) then
    return false
  end
  if case_json == '-' then
    redis.call('DEL', p .. 'case:' .. id)
    redis.call('ZREM', p .. 'cases', id)
  elseif case_json ~= '' then
    redis.call('SET', p .. 'case:' .. id, case_json)
    redis.call('ZADD', p .. 'cases', created_at, id)
  end
  local skey = p .. 'image-generation-status:' .. id
  if status_json == '-' then
    redis.call('DEL', skey)
  elseif status_json ~= '' then
    if tonumber(status_pxat) > 0 then
      redis.call('SET', skey, status_json, 'PXAT', status_pxat)
    else
      redis.call('SET', skey, status_json)
    end
    redis.call('PUBLISH', p .. 'status', id .. '\n' .. status_json)
  end
  redis.call('INCR', vkey)
  return true
end

-- Creates a queued job. `fields` is the flat list of hash fields and values from Rust.
local function create_job(p, id, name, key, run_at, created_at, fields)
  redis.call('HSET', p .. 'job:' .. id, unpack(fields))
  redis.call('ZADD', p .. 'queue:' .. name, run_at, id)
  redis.call('ZADD', p .. 'jobs', created_at, id)
  if key ~= '' then
    redis.call('SET', p .. 'jobkey:' .. key, id)
  end
  redis.call('PUBLISH', p .. 'wake', name)
end

-- Moves a job out of the active sets into the finished set with `state`, and frees its key.
local function finish_job(p, id, state, now, err)
  local jkey = p .. 'job:' .. id
  local name = redis.call('HGET', jkey, 'name')
  local key = redis.call('HGET', jkey, 'key')
  redis.call('ZREM', p .. 'queue:' .. name, id)
  redis.call('ZREM', p .. 'running:' .. name, id)
  redis.call('ZADD', p .. 'finished', now, id)
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
local function holds_lease(p, id, token)
  local jkey = p .. 'job:' .. id
  return redis.call('HGET', jkey, 'state') == 'running' and redis.call('HGET', jkey, 'lease_token') == token
end

-- The records a job keeps, changed in the same step as the job: ARGV[2] is '1' when there are any, then
-- ARGV[3..8] are the case id, the version they were read at, case json, status json, status pxat and the
-- case's created_at (as `write_records` takes them). Scripts that take them put their own arguments from
-- ARGV[9] on.
local ARG0 = 9

-- Fails the script with CONFLICT (the caller reads the case again and retries) when the case changed
-- since the records were read. Call it before changing anything.
local function check_job_records()
  if ARGV[2] ~= '1' then
    return
  end
  local cur = tonumber(redis.call('GET', ARGV[1] .. 'case-version:' .. ARGV[3]) or '0')
  if cur ~= tonumber(ARGV[4]) then
    error({err = 'CONFLICT the case changed while the job was ending'})
  end
end

local function write_job_records()
  if ARGV[2] == '1' then
    write_records(ARGV[1], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8])
  end
end
