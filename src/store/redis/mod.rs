//! The Redis store: cases, status records, the job queue and schedules in one Redis, shared by any number
//! of processes. Every multi-key change is one Lua script; status changes and new work are published.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use redis::{AsyncCommands, PushKind, Script, Value};
use tokio::sync::{Notify, broadcast};

use super::rate::Rate;
use super::{
    CaseRecords, CaseStore, Claim, ClaimOutcome, Enqueued, Failure, JobFilter, JobRecords, JobStore, Next,
    RecordChange, SpendStore, StatusChange, StoreError, StoreResult, Write, history_json, parse_history,
};
use crate::clock::SharedClock;
use crate::domain::history::{Event, History, HistoryEvent, Origin};
use crate::domain::{
    Case, Charge, DaySpend, ImageStatus, JobRecord, JobState, NewJob, PauseKind, Reservation, Schedule, Settle,
    SpendRow,
};
use crate::ids;

mod conn;

pub use conn::Target;
pub use conn::{Access, certificate_refused, credentials_refused};
use conn::{Conn, Subscriber};

const COMMON: &str = include_str!("common.lua");
const SCRIPTS: &str = include_str!("scripts.lua");

/// The Lua scripts, loaded once and run by hash (`Script` falls back to loading on `NOSCRIPT`).
struct Scripts {
    by_name: HashMap<&'static str, Script>,
}

impl Scripts {
    fn load() -> Self {
        let mut by_name = HashMap::new();
        for section in SCRIPTS.split("--! ").skip(1) {
            let (name, body) = section.split_once('\n').unwrap_or((section, ""));
            by_name.insert(name.trim(), Script::new(&format!("{COMMON}\n{body}")));
        }
        Scripts {
            by_name: by_name.into_iter().map(|(k, v)| (leak(k), v)).collect(),
        }
    }

    fn get(&self, name: &str) -> &Script {
        // Every name used below is a section of scripts.lua; a missing one is a build-time mistake.
        self.by_name
            .get(name)
            .unwrap_or_else(|| panic!("no Lua script named {name}"))
    }
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

/// Redis-backed store. Cheap to clone.
#[derive(Clone)]
pub struct RedisStore {
    conn: Conn,
    /// The deployment's hash tag and separator, e.g. `{sleuths}:`: every key starts with it, so all of them
    /// live in one slot of a cluster.
    prefix: Arc<str>,
    clock: SharedClock,
    status_ttl: Duration,
    scripts: Arc<Scripts>,
    notify: Arc<Notify>,
    changes: broadcast::Sender<StatusChange>,
    /// Cancelled job ids, published by the `cancel` script in any process.
    cancels: broadcast::Sender<String>,
    /// The replicas a write that answers someone waits for (`redis.replicas_ack`), if any.
    acks: Option<Arc<Acks>>,
}

/// `WAIT` after the writes that answer a user or a worker: a write the primary acknowledged and then lost
/// in a failover is one a replica had not received.
struct Acks {
    replicas: u32,
    timeout: Duration,
    /// Replicas have been confirming fewer writes than asked: said once, and again when they catch up.
    short: std::sync::atomic::AtomicBool,
    /// Writes answered with fewer confirmations than asked.
    unconfirmed: std::sync::atomic::AtomicU64,
    /// While replicas are short, when a write last waited for them: `WAIT` blocks the connection every
    /// command of the process shares (heartbeats too), so a write waits again only every `ACK_PROBE`.
    probed: std::sync::Mutex<Option<std::time::Instant>>,
}

/// While replicas do not confirm, how often a write still waits for them (to see them back).
const ACK_PROBE: Duration = Duration::from_secs(2);

fn corrupt(key: impl Into<String>, e: impl ToString) -> StoreError {
    StoreError::Corrupt {
        key: key.into(),
        reason: e.to_string(),
    }
}

/// The key layout this binary reads and writes, kept under `{prefix}layout`:
/// 1. the first release's (no version key): keys under the configured prefix as written (`sleuths:case:…`);
/// 2. every key under the deployment's hash tag (`{sleuths}:case:…`), so a cluster keeps them in one slot;
/// 3. a paused job says why in its `paused_for` field (before, a budget pause said so only in its message).
const LAYOUT: u64 = 3;

/// The key families of layout 1, below its prefix: what the move to layout 2 renames.
const LAYOUT_1_FAMILIES: [&str; 13] = [
    "case:*",
    "case-version:*",
    "image-generation-status:*",
    "job:*",
    "jobkey:*",
    "queue:*",
    "running:*",
    "schedule:*",
    "ratelimit:*",
    "cases",
    "jobs",
    "finished",
    "schedules",
];

/// The hash-tagged prefix of a deployment named by the `redis_prefix` setting: `sleuths` or `sleuths:`
/// gives `{sleuths}:`; empty gives `{sleuths}:`; a prefix that already holds a hash tag is kept.
pub fn tagged_prefix(setting: &str) -> String {
    if setting.contains('{') && setting.contains('}') {
        return setting.to_owned();
    }
    let name = setting.trim_end_matches(':');
    format!("{{{}}}:", if name.is_empty() { "sleuths" } else { name })
}

/// Brings the keys of a deployment to this binary's layout, or refuses a newer one untouched. A new
/// deployment is stamped with the current layout. `old_prefix` is the setting as layout 1 used it.
async fn upgrade_layout(conn: &mut Conn, cluster: bool, prefix: &str, old_prefix: &str) -> StoreResult<()> {
    let version_key = format!("{prefix}layout");
    let stamped: Option<u64> = conn.get(&version_key).await?;
    if stamped == Some(LAYOUT) {
        // Every start after the first: nothing to move, nothing to write.
        return Ok(());
    }
    let found = match stamped {
        Some(v) => v,
        // Layout 1 never ran on a cluster (its scripts declared no keys), so a cluster holds none of it.
        None if cluster => LAYOUT,
        None => {
            // Any of the indexes every deployment writes says the keys predate the version key.
            let indexes = ["cases", "jobs", "schedules"].map(|k| format!("{old_prefix}{k}"));
            let existing: u64 = redis::cmd("EXISTS").arg(&indexes).query_async(conn).await?;
            if existing > 0 { 1 } else { LAYOUT }
        }
    };
    if found > LAYOUT {
        return Err(StoreError::TooNew {
            what: "Redis key layout",
            found,
            known: LAYOUT,
        });
    }
    if found == 1 {
        move_to_hash_tag(conn, old_prefix, prefix).await?;
    }
    if found <= 2 {
        mark_budget_pauses(conn, prefix).await?;
    }
    let _: () = conn.set(&version_key, LAYOUT).await?;
    Ok(())
}

/// Layout 2 to 3: the queued jobs an older release paused for the budget (which said so only in the words
/// of their last error, its one-time reading here) get `paused_for = budget`, so a raised budget wakes them.
async fn mark_budget_pauses(conn: &mut Conn, prefix: &str) -> StoreResult<()> {
    let script = redis::Script::new(
        r"
local marked = 0
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local jkey = ARGV[1] .. 'job:' .. id
  local state, err = unpack(redis.call('HMGET', jkey, 'state', 'last_error'))
  if state == 'queued' and err and string.sub(err, 1, 16) == 'the daily budget' then
    redis.call('HSET', jkey, 'paused_for', 'budget')
    marked = marked + 1
  end
end
return marked",
    );
    let marked: u64 = script
        .key(format!("{prefix}jobs"))
        .arg(prefix)
        .invoke_async(conn)
        .await?;
    if marked > 0 {
        tracing::info!(
            jobs = marked,
            "marked the jobs paused for the budget (Redis key layout 3)"
        );
    }
    Ok(())
}

/// Layout 1 to 2: renames every key of the old layout under the hash-tagged prefix (expiries go with
/// them). Run by the first process that opens the store; stop the old release's processes first.
async fn move_to_hash_tag(conn: &mut Conn, old_prefix: &str, prefix: &str) -> StoreResult<()> {
    let mut moved = 0u64;
    for family in LAYOUT_1_FAMILIES {
        let pattern = format!("{old_prefix}{family}");
        let mut keys: Vec<String> = Vec::new();
        if family.ends_with('*') {
            let mut cursor = 0u64;
            loop {
                let (next, batch): (u64, Vec<String>) = redis::cmd("SCAN")
                    .arg(cursor)
                    .arg("MATCH")
                    .arg(&pattern)
                    .arg("COUNT")
                    .arg(1000)
                    .query_async(conn)
                    .await?;
                keys.extend(batch);
                if next == 0 {
                    break;
                }
                cursor = next;
            }
        } else {
            keys.push(pattern);
        }
        for key in keys {
            let rest = &key[old_prefix.len()..];
            // RENAMENX leaves a key alone if another process moved it first (and then the source is gone).
            let renamed: Result<i64, _> = redis::cmd("RENAMENX")
                .arg(&key)
                .arg(format!("{prefix}{rest}"))
                .query_async(conn)
                .await;
            match renamed {
                Ok(n) => moved += n as u64,
                Err(e) if e.to_string().contains("no such key") => {}
                Err(e) => return Err(e.into()),
            }
        }
    }
    tracing::info!(keys = moved, from = %old_prefix, to = %prefix, "moved the Redis keys under the deployment's hash tag (layout 2)");
    Ok(())
}

impl RedisStore {
    /// Connects (reconnecting on its own after any loss) and subscribes to the store's channels.
    /// `url` is `redis://HOST:PORT[/DB]` for one server or `redis+cluster://HOST:PORT[,HOST:PORT...]` for a
    /// cluster; keys start with the hash tag of `prefix` (see `tagged_prefix`).
    pub async fn connect(url: &str, prefix: &str, clock: SharedClock, status_ttl: Duration) -> StoreResult<Self> {
        Self::connect_with(url, &Access::default(), prefix, clock, status_ttl).await
    }

    /// `connect`, with TLS trust and credentials beyond the URL.
    pub async fn connect_with(
        url: &str,
        access: &Access,
        prefix: &str,
        clock: SharedClock,
        status_ttl: Duration,
    ) -> StoreResult<Self> {
        let target = Target::parse(url);
        if access.replicas_ack > 0 && matches!(target, Target::Cluster(_)) {
            return Err(StoreError::Internal(
                "redis.replicas_ack is for one primary with replicas (or Sentinel); on a cluster set it to 0".into(),
            ));
        }
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let (mut conn, mut subscriber) = conn::connect(&target, access, tx).await?;
        let tagged = tagged_prefix(prefix);
        upgrade_layout(&mut conn, matches!(target, Target::Cluster(_)), &tagged, prefix).await?;

        let notify = Arc::new(Notify::new());
        let changes = broadcast::channel(1024).0;
        let cancels = broadcast::channel(256).0;
        for channel in ["wake", "status", "cancel"] {
            subscriber.subscribe(&format!("{tagged}{channel}")).await?;
        }
        let channels = Channels {
            notify: notify.clone(),
            changes: changes.clone(),
            cancels: cancels.clone(),
        };
        tokio::spawn(listen(rx, subscriber, tagged.clone(), channels));

        Ok(RedisStore {
            conn,
            prefix: Arc::from(tagged),
            clock,
            status_ttl,
            scripts: Arc::new(Scripts::load()),
            notify,
            changes,
            cancels,
            acks: (access.replicas_ack > 0).then(|| {
                Arc::new(Acks {
                    replicas: access.replicas_ack,
                    timeout: access.ack_timeout,
                    short: Default::default(),
                    unconfirmed: Default::default(),
                    probed: Default::default(),
                })
            }),
        })
    }

    /// Waits for `redis.replicas_ack` replicas to have this connection's writes (at most `ack_timeout`).
    /// Fewer in time: a WARN (once, until they catch up) and a count, and the caller answers anyway; while
    /// they stay short, writes answer at once (counted), one every `ACK_PROBE` waiting to see them back.
    async fn confirmed(&self) {
        use std::sync::atomic::Ordering;
        let Some(acks) = &self.acks else { return };
        if acks.short.load(Ordering::Relaxed) {
            let mut probed = acks.probed.lock().unwrap_or_else(|p| p.into_inner());
            if probed.is_some_and(|at| at.elapsed() < ACK_PROBE) {
                acks.unconfirmed.fetch_add(1, Ordering::Relaxed);
                return;
            }
            *probed = Some(std::time::Instant::now());
        }
        let got: Result<i64, _> = redis::cmd("WAIT")
            .arg(acks.replicas)
            .arg(acks.timeout.as_millis() as u64)
            .query_async(&mut self.conn.clone())
            .await;
        let confirmed = got.as_ref().map_or(0, |n| *n);
        if confirmed >= i64::from(acks.replicas) {
            if acks.short.swap(false, Ordering::Relaxed) {
                tracing::info!(replicas = confirmed, "Redis replicas confirm writes again");
            }
            return;
        }
        acks.unconfirmed.fetch_add(1, Ordering::Relaxed);
        if !acks.short.swap(true, Ordering::Relaxed) {
            tracing::warn!(
                asked = acks.replicas,
                confirmed,
                timeout_ms = acks.timeout.as_millis() as u64,
                error = got.err().map(|e| e.to_string()),
                "fewer Redis replicas confirmed a write than redis.replicas_ack asks; answering anyway (a failover now could lose it)"
            );
        }
    }

    fn key(&self, rest: &str) -> String {
        format!("{}{rest}", self.prefix)
    }

    /// A script invocation with the keys it declares and the prefix as its first argument (for the keys
    /// it finds by reading).
    fn script(&self, name: &str, keys: &[String]) -> redis::ScriptInvocation<'_> {
        let mut inv = self.scripts.get(name).prepare_invoke();
        for k in keys {
            inv.key(k);
        }
        inv.arg(&*self.prefix);
        inv
    }

    /// The keys of a case's records, in the order the scripts declare them (common.lua).
    fn record_keys(&self, case_id: &str) -> Vec<String> {
        vec![
            self.key(&format!("case:{case_id}")),
            self.key(&format!("case-version:{case_id}")),
            self.key(&format!("image-generation-status:{case_id}")),
            self.key("cases"),
        ]
    }

    /// The keys a new job is written under, in the order `enqueue` and `fire_schedule` declare them.
    fn job_keys(&self, job: &NewJob) -> Vec<String> {
        let keykey = self.key(&format!("jobkey:{}", job.key.as_deref().unwrap_or("")));
        let (jkey, queue, jobs) = (
            self.key(&format!("job:{}", job.id)),
            self.key(&format!("queue:{}", job.name)),
            self.key("jobs"),
        );
        vec![keykey, jkey, queue, jobs]
    }

    /// The keys of a job that ends (or comes back): its hash and the finished set.
    fn ending_keys(&self, id: &str) -> Vec<String> {
        vec![self.key(&format!("job:{id}")), self.key("finished")]
    }

    async fn read_records(&self, case_id: &str) -> StoreResult<(CaseRecords, i64)> {
        let keys = [
            self.key(&format!("case:{case_id}")),
            self.key(&format!("image-generation-status:{case_id}")),
            self.key(&format!("case-version:{case_id}")),
        ];
        let (case, status, version): (Option<String>, Option<String>, Option<i64>) = redis::cmd("MGET")
            .arg(&keys)
            .query_async(&mut self.conn.clone())
            .await?;
        let case = case
            .map(|b| serde_json::from_str::<Case>(&b).map_err(|e| corrupt(format!("case:{case_id}"), e)))
            .transpose()?;
        let status = self.parse_status(case_id, status)?;
        let records = CaseRecords {
            case,
            status,
            settles: Vec::new(),
            history: None,
        };
        Ok((records, version.unwrap_or(0)))
    }

    fn parse_status(&self, case_id: &str, body: Option<String>) -> StoreResult<Option<ImageStatus>> {
        let status = body
            .map(|b| {
                serde_json::from_str::<ImageStatus>(&b)
                    .map_err(|e| corrupt(format!("image-generation-status:{case_id}"), e))
            })
            .transpose()?;
        // Redis expires the key on its own clock; this keeps the same rule on the store's clock.
        Ok(status.filter(|s| self.expires_at(s).is_none_or(|at| at > self.clock.now_ms())))
    }

    fn expires_at(&self, s: &ImageStatus) -> Option<i64> {
        s.expires_at(self.status_ttl)
    }

    async fn load_job(&self, id: &str) -> StoreResult<Option<JobRecord>> {
        let fields: HashMap<String, String> = self.conn.clone().hgetall(self.key(&format!("job:{id}"))).await?;
        if fields.is_empty() {
            return Ok(None);
        }
        job_from_hash(id, &fields).map(Some)
    }

    async fn load_jobs(&self, ids: &[String]) -> StoreResult<Vec<JobRecord>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut pipe = redis::pipe();
        for id in ids {
            pipe.hgetall(self.key(&format!("job:{id}")));
        }
        let all: Vec<HashMap<String, String>> = pipe.query_async(&mut self.conn.clone()).await?;
        ids.iter()
            .zip(all)
            .filter(|(_, f)| !f.is_empty())
            .map(|(id, f)| job_from_hash(id, &f))
            .collect()
    }
}

/// What the claim scripts answer: the claimed job's id (or `''`), its hash (flat), the ids of jobs failed
/// on the way.
type Found = (String, Vec<String>, Vec<String>);

/// A hash as `HGETALL` answers it inside a script: field, value, field, value...
fn flat_hash(flat: Vec<String>) -> HashMap<String, String> {
    let mut fields = HashMap::with_capacity(flat.len() / 2);
    let mut flat = flat.into_iter();
    while let (Some(k), Some(v)) = (flat.next(), flat.next()) {
        fields.insert(k, v);
    }
    fields
}

/// The claim's arguments, in the order `claim_next` (common.lua) reads them.
fn claim_args(inv: &mut redis::ScriptInvocation<'_>, now: i64, worker: &str, token: &str, lease: Duration) {
    inv.arg(now)
        .arg(lease.as_millis() as i64)
        .arg(worker)
        .arg(token)
        .arg(crate::domain::MAX_CRASHES)
        .arg(crate::domain::job::CRASH_LIMIT_ERROR);
}

impl RedisStore {
    /// The queue and running set of each job name, in the order `claim_next` (common.lua) reads them.
    fn claim_keys(&self, names: &[&str]) -> Vec<String> {
        names
            .iter()
            .flat_map(|n| [self.key(&format!("queue:{n}")), self.key(&format!("running:{n}"))])
            .collect()
    }

    /// The claim a script found, under `token`, with the jobs it failed on the way read back.
    async fn claimed(&self, (claimed, fields, dead): Found, token: String) -> StoreResult<ClaimOutcome> {
        let claim = if claimed.is_empty() {
            None
        } else {
            Some(Claim {
                job: job_from_hash(&claimed, &flat_hash(fields))?,
                token,
            })
        };
        // The script has run and what it did stands: the claim must reach the worker, so the jobs it
        // failed on the way (their failure already written) are read back only as well as Redis allows.
        let dead = match self.load_jobs(&dead).await {
            Ok(dead) => dead,
            Err(e) => {
                tracing::warn!(jobs = ?dead, error = %e, "could not read back the jobs a claim failed; their failure is written, its report is lost");
                Vec::new()
            }
        };
        Ok(ClaimOutcome { claim, dead })
    }
}

/// A case's records as a script writes them: the case id, the version they were read at, and the new
/// values (`''` unchanged, `'-'` deleted). The script writes them only if the version is still current.
struct RecordArgs {
    case_id: String,
    version: i64,
    case_json: String,
    status_json: String,
    status_pxat: i64,
    created_at: i64,
    /// The paid calls settled in the same step, as `write_settles` (common.lua) reads them; `''` for none.
    settles_json: String,
    /// The job whose history gets `history_lines` (one json event per line) in the same step.
    history_job: String,
    history_lines: String,
}

/// One settled call as the scripts read it: flat, with the charge's own json to append to the ledger.
#[derive(serde::Serialize)]
struct SettleArg<'a> {
    day: &'a str,
    reserved: i64,
    provider: &'a str,
    model: &'a str,
    micros: i64,
    painted: u8,
    /// The charge as the ledger keeps it, or `''` for a call that cost nothing.
    charge: String,
}

fn settles_json(settles: &[Settle]) -> StoreResult<String> {
    if settles.is_empty() {
        return Ok(String::new());
    }
    let args = settles
        .iter()
        .map(|s| {
            let charge = s.charge.as_ref();
            Ok(SettleArg {
                day: &s.day,
                reserved: s.reserved,
                provider: charge.map_or("", |c| &c.provider),
                model: charge.map_or("", |c| &c.model),
                micros: charge.map_or(0, |c| c.micros),
                painted: charge.is_some_and(|c| c.painted) as u8,
                charge: charge
                    .map(serde_json::to_string)
                    .transpose()
                    .map_err(|e| corrupt("spend", e))?
                    .unwrap_or_default(),
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    serde_json::to_string(&args).map_err(|e| corrupt("spend", e))
}

impl RecordArgs {
    fn unchanged(&self) -> bool {
        self.case_json.is_empty()
            && self.status_json.is_empty()
            && self.settles_json.is_empty()
            && self.history_lines.is_empty()
    }

    fn push(&self, inv: &mut redis::ScriptInvocation<'_>) {
        inv.arg(&self.case_id)
            .arg(self.version)
            .arg(&self.case_json)
            .arg(&self.status_json)
            .arg(self.status_pxat)
            .arg(self.created_at)
            .arg(&self.settles_json)
            .arg(&self.history_job)
            .arg(&self.history_lines);
    }

    /// Adds a job's events to those the records carry (a job step's own events).
    fn add_history(&mut self, job_id: &str, events: &[HistoryEvent]) -> StoreResult<()> {
        if events.is_empty() {
            return Ok(());
        }
        self.history_job = job_id.to_owned();
        for line in history_json(events)? {
            if !self.history_lines.is_empty() {
                self.history_lines.push('\n');
            }
            self.history_lines.push_str(&line);
        }
        Ok(())
    }
}

impl RedisStore {
    /// Reads the case's records and applies `change`: the records after it, and the script arguments
    /// that write them.
    async fn prepare_records(&self, case_id: &str, change: RecordChange<'_>) -> StoreResult<(CaseRecords, RecordArgs)> {
        let (before, version) = self.read_records(case_id).await?;
        let applied = before.apply(case_id, change)?;
        let after = applied.records;
        // `''` leaves a value as it is, `'-'` deletes it.
        let case_json = match (applied.case, &after.case) {
            (Write::Put, Some(c)) => serde_json::to_string(c).map_err(|e| corrupt(&c.id, e))?,
            (Write::Delete, _) => "-".into(),
            _ => String::new(),
        };
        let (status_json, status_pxat) = match (applied.status, &after.status) {
            (Write::Put, Some(s)) => (
                serde_json::to_string(s).map_err(|e| corrupt("status", e))?,
                self.expires_at(s).unwrap_or(0),
            ),
            (Write::Delete, _) => ("-".into(), 0),
            _ => (String::new(), 0),
        };
        let created_at = after.case.as_ref().map(|c| c.created_at).unwrap_or(0);
        let mut args = RecordArgs {
            case_id: case_id.to_owned(),
            version,
            case_json,
            status_json,
            status_pxat,
            created_at,
            settles_json: settles_json(&after.settles)?,
            history_job: String::new(),
            history_lines: String::new(),
        };
        if let Some(h) = &after.history {
            args.add_history(&h.job_id, &h.events)?;
        }
        Ok((after, args))
    }

    /// Runs a script that changes a job and, in the same step, the records the job keeps (`records`) and
    /// the job's `history` events: after the prefix come `'1'` and the record arguments (or `'0'` and
    /// blanks) with the history, then what `args` adds.
    /// The script answers the error `CONFLICT` when the case changed since it was read: read and try again.
    async fn with_records<T: redis::FromRedisValue>(
        &self,
        name: &str,
        records: JobRecords<'_>,
        history: (&str, &[HistoryEvent]),
        keys: &[String],
        args: impl Fn(&mut redis::ScriptInvocation<'_>, i64),
    ) -> StoreResult<T> {
        let mut all = self.record_keys(records.map(|(case_id, _)| case_id).unwrap_or(""));
        all.extend_from_slice(keys);
        for _ in 0..MAX_CONFLICTS {
            let mut inv = self.script(name, &all);
            match records {
                Some((case_id, change)) => {
                    let (_, mut record_args) = self.prepare_records(case_id, change).await?;
                    record_args.add_history(history.0, history.1)?;
                    inv.arg("1");
                    record_args.push(&mut inv);
                }
                None => {
                    let mut blank = RecordArgs {
                        case_id: String::new(),
                        version: 0,
                        case_json: String::new(),
                        status_json: String::new(),
                        status_pxat: 0,
                        created_at: 0,
                        settles_json: String::new(),
                        history_job: String::new(),
                        history_lines: String::new(),
                    };
                    blank.add_history(history.0, history.1)?;
                    inv.arg("0");
                    blank.push(&mut inv);
                }
            }
            args(&mut inv, self.clock.now_ms());
            match inv.invoke_async(&mut self.conn.clone()).await {
                Ok(v) => return Ok(v),
                Err(e) if e.code() == Some("CONFLICT") => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(StoreError::Conflict(format!(
            "the case kept changing while {name} wrote it"
        )))
    }
}

/// Where `listen` hands published messages on.
struct Channels {
    notify: Arc<Notify>,
    changes: broadcast::Sender<StatusChange>,
    cancels: broadcast::Sender<String>,
}

/// Forwards published messages: `wake` to waiting workers, `status` to status watchers, `cancel` to the
/// running jobs.
async fn listen(
    mut rx: tokio::sync::mpsc::UnboundedReceiver<redis::PushInfo>,
    // Kept alive here: dropping it would end the subscription.
    _subscriber: Subscriber,
    prefix: String,
    channels: Channels,
) {
    let Channels {
        notify,
        changes,
        cancels,
    } = channels;
    let (wake, status, cancel) = (
        format!("{prefix}wake"),
        format!("{prefix}status"),
        format!("{prefix}cancel"),
    );
    while let Some(push) = rx.recv().await {
        if push.kind != PushKind::Message {
            // A reconnect: anything may have happened meanwhile, so let waiters look.
            notify.notify_waiters();
            continue;
        }
        let mut data = push.data.into_iter();
        let (Some(channel), Some(payload)) = (data.next(), data.next()) else {
            continue;
        };
        let (Ok(channel), Ok(payload)) = (
            redis::from_redis_value::<String>(channel),
            redis::from_redis_value::<String>(payload),
        ) else {
            continue;
        };
        if channel == wake {
            notify.notify_waiters();
        } else if channel == cancel {
            let _ = cancels.send(payload);
        } else if channel == status
            && let Some((case_id, body)) = payload.split_once('\n')
            && let Ok(s) = serde_json::from_str::<ImageStatus>(body)
        {
            let _ = changes.send(StatusChange {
                case_id: case_id.to_owned(),
                status: Arc::new(s),
            });
        }
    }
}

fn opt_i64(f: &HashMap<String, String>, k: &str) -> Option<i64> {
    f.get(k).filter(|v| !v.is_empty()).and_then(|v| v.parse().ok())
}

fn opt_str(f: &HashMap<String, String>, k: &str) -> Option<String> {
    f.get(k).filter(|v| !v.is_empty()).cloned()
}

fn job_from_hash(id: &str, f: &HashMap<String, String>) -> StoreResult<JobRecord> {
    let key = format!("job:{id}");
    let state = f
        .get("state")
        .and_then(|s| JobState::parse(s))
        .ok_or_else(|| corrupt(&key, "missing or unknown state"))?;
    let data = serde_json::from_str(f.get("data").map(String::as_str).unwrap_or("")).map_err(|e| corrupt(&key, e))?;
    let num = |k: &str| opt_i64(f, k).ok_or_else(|| corrupt(&key, format!("missing {k}")));
    Ok(JobRecord {
        id: id.to_owned(),
        name: opt_str(f, "name").ok_or_else(|| corrupt(&key, "missing name"))?,
        data,
        state,
        key: opt_str(f, "key"),
        attempts: num("attempts")? as u32,
        max_attempts: num("max_attempts")? as u32,
        run_at: num("run_at")?,
        lease_expires_at: opt_i64(f, "lease_expires_at"),
        worker: opt_str(f, "worker"),
        last_error: opt_str(f, "last_error"),
        schedule_id: opt_str(f, "schedule_id"),
        occurrence: opt_i64(f, "occurrence"),
        created_at: num("created_at")?,
        updated_at: num("updated_at")?,
        finished_at: opt_i64(f, "finished_at"),
        crashes: opt_i64(f, "crashes").unwrap_or(0) as u32,
        paused_for: f.get("paused_for").and_then(|k| PauseKind::parse(k)),
        traceparent: opt_str(f, "traceparent"),
    })
}

/// The hash fields of a new job, as a flat list for `HSET`.
fn job_fields(id: &str, job: &NewJob, now: i64) -> StoreResult<Vec<String>> {
    let data = serde_json::to_string(&job.data).map_err(|e| corrupt(id, e))?;
    let mut f = vec![
        ("id", id.to_owned()),
        ("name", job.name.clone()),
        ("data", data),
        ("state", "queued".into()),
        ("attempts", "0".into()),
        ("max_attempts", job.max_attempts.to_string()),
        ("run_at", job.run_at.to_string()),
        ("created_at", now.to_string()),
        ("updated_at", now.to_string()),
    ];
    if let Some(k) = &job.key {
        f.push(("key", k.clone()));
    }
    if let Some(s) = &job.schedule_id {
        f.push(("schedule_id", s.clone()));
    }
    if let Some(o) = job.occurrence {
        f.push(("occurrence", o.to_string()));
    }
    if let Some(t) = &job.traceparent {
        f.push(("traceparent", t.clone()));
    }
    Ok(f.into_iter().flat_map(|(k, v)| [k.to_owned(), v]).collect())
}

fn schedule_from_hash(f: &HashMap<String, String>) -> StoreResult<Schedule> {
    let id = opt_str(f, "id").ok_or_else(|| corrupt("schedule", "missing id"))?;
    let key = format!("schedule:{id}");
    Ok(Schedule {
        name: opt_str(f, "name").ok_or_else(|| corrupt(&key, "missing name"))?,
        data: serde_json::from_str(f.get("data").map(String::as_str).unwrap_or("")).map_err(|e| corrupt(&key, e))?,
        cron: opt_str(f, "cron").ok_or_else(|| corrupt(&key, "missing cron"))?,
        max_attempts: opt_i64(f, "max_attempts").unwrap_or(1) as u32,
        created_at: opt_i64(f, "created_at").unwrap_or(0),
        last_fired: opt_i64(f, "last_fired"),
        paused: f.get("paused").is_some_and(|v| v == "1"),
        id,
    })
}

/// Optimistic retries of a read-apply-write before giving up on contention.
const MAX_CONFLICTS: usize = 100;

#[async_trait]
impl CaseStore for RedisStore {
    fn status_changes(&self) -> broadcast::Receiver<StatusChange> {
        self.changes.subscribe()
    }

    async fn get_case(&self, id: &str) -> StoreResult<Option<Case>> {
        let body: Option<String> = self.conn.clone().get(self.key(&format!("case:{id}"))).await?;
        body.map(|b| serde_json::from_str(&b).map_err(|e| corrupt(format!("case:{id}"), e)))
            .transpose()
    }

    async fn latest_case(&self) -> StoreResult<Option<Case>> {
        match self.list_case_ids(1).await?.into_iter().next() {
            Some(id) => self.get_case(&id).await,
            None => Ok(None),
        }
    }

    async fn list_case_ids(&self, limit: usize) -> StoreResult<Vec<String>> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        Ok(self
            .conn
            .clone()
            .zrevrange(self.key("cases"), 0, limit as isize - 1)
            .await?)
    }

    async fn get_status(&self, case_id: &str) -> StoreResult<Option<ImageStatus>> {
        let body: Option<String> = self
            .conn
            .clone()
            .get(self.key(&format!("image-generation-status:{case_id}")))
            .await?;
        self.parse_status(case_id, body)
    }

    async fn modify(&self, case_id: &str, change: RecordChange<'_>) -> StoreResult<CaseRecords> {
        for _ in 0..MAX_CONFLICTS {
            let (after, args) = self.prepare_records(case_id, change).await?;
            if args.unchanged() {
                return Ok(after);
            }
            let mut inv = self.script("modify", &self.record_keys(case_id));
            args.push(&mut inv);
            let written: i64 = inv.invoke_async(&mut self.conn.clone()).await?;
            if written == 1 {
                self.confirmed().await;
                return Ok(after);
            }
        }
        Err(StoreError::Conflict(format!(
            "case {case_id} changed {MAX_CONFLICTS} times while being written"
        )))
    }
}

#[async_trait]
impl JobStore for RedisStore {
    async fn enqueue(&self, job: NewJob, records: JobRecords<'_>) -> StoreResult<Enqueued> {
        let now = self.clock.now_ms();
        let fields = job_fields(&job.id, &job, now)?;
        let queued = [job.queued_event(now)];
        let (created, id): (i64, String) = self
            .with_records(
                "enqueue",
                records,
                (&job.id, &queued),
                &self.job_keys(&job),
                |inv, now| {
                    inv.arg(&job.id)
                        .arg(&job.name)
                        .arg(job.key.as_deref().unwrap_or(""))
                        .arg(job.run_at)
                        .arg(now)
                        .arg(&fields);
                },
            )
            .await?;
        if created == 1 {
            self.confirmed().await;
            self.notify.notify_waiters();
        }
        Ok(Enqueued {
            id,
            created: created == 1,
        })
    }

    async fn claim(&self, worker: &str, names: &[&str], lease: Duration) -> StoreResult<ClaimOutcome> {
        let token = ids::token();
        let mut keys = vec![self.key("finished")];
        keys.extend(self.claim_keys(names));
        let mut inv = self.script("claim", &keys);
        claim_args(&mut inv, self.clock.now_ms(), worker, &token, lease);
        let found: Found = inv.invoke_async(&mut self.conn.clone()).await?;
        let outcome = self.claimed(found, token).await?;
        if outcome.claim.is_some() || !outcome.dead.is_empty() {
            self.confirmed().await;
        }
        Ok(outcome)
    }

    async fn heartbeat(&self, id: &str, token: &str, lease: Duration) -> StoreResult<()> {
        let ok: i64 = self
            .script("heartbeat", &[self.key(&format!("job:{id}"))])
            .arg(id)
            .arg(token)
            .arg(self.clock.now_ms())
            .arg(lease.as_millis() as i64)
            .invoke_async(&mut self.conn.clone())
            .await?;
        if ok == 1 {
            Ok(())
        } else {
            Err(StoreError::LeaseLost(id.to_owned()))
        }
    }

    async fn complete(
        &self,
        id: &str,
        token: &str,
        records: JobRecords<'_>,
        history: &[HistoryEvent],
        next: Option<Next<'_>>,
    ) -> StoreResult<ClaimOutcome> {
        // The lease token of the job the completion claims, if it claims one.
        let next_token = ids::token();
        let mut keys = self.ending_keys(id);
        keys.extend(next.map(|n| self.claim_keys(n.names)).unwrap_or_default());
        let (ok, claimed, fields, dead): (i64, String, Vec<String>, Vec<String>) = self
            .with_records("complete", records, (id, history), &keys, |inv, now| {
                inv.arg(id).arg(token);
                match next {
                    Some(n) => claim_args(inv, now, n.worker, &next_token, n.lease),
                    None => {
                        inv.arg(now);
                    }
                }
            })
            .await?;
        if ok != 1 {
            return Err(StoreError::LeaseLost(id.to_owned()));
        }
        let outcome = self.claimed((claimed, fields, dead), next_token).await;
        self.confirmed().await;
        outcome
    }

    async fn fail(
        &self,
        id: &str,
        token: &str,
        failure: Failure,
        records: JobRecords<'_>,
        history: &[HistoryEvent],
        next: Option<Next<'_>>,
    ) -> StoreResult<(JobRecord, ClaimOutcome)> {
        // The lease token of the job the step claims, if it claims one.
        let next_token = ids::token();
        let mut keys = self.ending_keys(id);
        keys.extend(next.map(|n| self.claim_keys(n.names)).unwrap_or_default());
        let (ok, job, claimed, fields, dead): (i64, Vec<String>, String, Vec<String>, Vec<String>) = self
            .with_records("fail", records, (id, history), &keys, |inv, now| {
                inv.arg(id)
                    .arg(token)
                    .arg(now)
                    .arg(&failure.error)
                    .arg(failure.retry_at.map(|t| t.to_string()).unwrap_or_default())
                    .arg(i64::from(failure.refund_attempt))
                    .arg(failure.pause.map(PauseKind::as_str).unwrap_or_default());
                if let Some(n) = next {
                    claim_args(inv, now, n.worker, &next_token, n.lease);
                }
            })
            .await?;
        if ok != 1 {
            return Err(StoreError::LeaseLost(id.to_owned()));
        }
        let found = self.claimed((claimed, fields, dead), next_token).await;
        self.confirmed().await;
        if failure.retry_at.is_some() {
            self.notify.notify_waiters();
        }
        Ok((job_from_hash(id, &flat_hash(job))?, found?))
    }

    async fn cancel(&self, id: &str, records: JobRecords<'_>, by: Origin) -> StoreResult<()> {
        let cancelled = [HistoryEvent {
            at: self.clock.now_ms(),
            what: Event::Cancelled { by },
        }];
        let out: String = self
            .with_records(
                "cancel",
                records,
                (id, &cancelled),
                &self.ending_keys(id),
                |inv, now| {
                    inv.arg(id).arg(now);
                },
            )
            .await?;
        match out.as_str() {
            "ok" => {
                self.confirmed().await;
                Ok(())
            }
            "notfound" => Err(StoreError::NotFound {
                what: "job",
                id: id.to_owned(),
            }),
            other => Err(StoreError::Conflict(format!(
                "job {id} is {} and cannot be cancelled",
                other.trim_start_matches("conflict:")
            ))),
        }
    }

    fn cancels(&self) -> broadcast::Receiver<String> {
        self.cancels.subscribe()
    }

    fn cancel_poll(&self) -> Option<Duration> {
        // Every cancel is published; one missed across a reconnect is found at the next lease renewal.
        None
    }

    async fn retry(&self, id: &str) -> StoreResult<JobRecord> {
        let out: String = self
            .script("retry", &self.ending_keys(id))
            .arg(id)
            .arg(self.clock.now_ms())
            .invoke_async(&mut self.conn.clone())
            .await?;
        match out.as_str() {
            "ok" => {
                self.notify.notify_waiters();
                self.load_job(id).await?.ok_or_else(|| StoreError::NotFound {
                    what: "job",
                    id: id.to_owned(),
                })
            }
            "notfound" => Err(StoreError::NotFound {
                what: "job",
                id: id.to_owned(),
            }),
            other if other.starts_with("active:") => Err(StoreError::Conflict(format!(
                "job {} for the same key is already active",
                other.trim_start_matches("active:")
            ))),
            other => Err(StoreError::Conflict(format!(
                "job {id} is {}; only failed or cancelled jobs can be retried",
                other.trim_start_matches("conflict:")
            ))),
        }
    }

    async fn get_job(&self, id: &str) -> StoreResult<Option<JobRecord>> {
        self.load_job(id).await
    }

    async fn append_history(&self, id: &str, events: &[HistoryEvent]) -> StoreResult<()> {
        if events.is_empty() {
            return Ok(());
        }
        let _: i64 = self
            .script("append_history", &[self.key(&format!("job:{id}"))])
            .arg(id)
            .arg(history_json(events)?.join("\n"))
            .invoke_async(&mut self.conn.clone())
            .await?;
        Ok(())
    }

    async fn history(&self, id: &str) -> StoreResult<Option<History>> {
        let jkey = self.key(&format!("job:{id}"));
        let (name, dropped, bodies): (Option<String>, Option<u64>, Vec<String>) = redis::pipe()
            .hget(&jkey, "name")
            .hget(&jkey, "history_dropped")
            .lrange(self.key(&format!("history:{id}")), 0, -1)
            .query_async(&mut self.conn.clone())
            .await?;
        let Some(name) = name else { return Ok(None) };
        Ok(Some(History {
            events: parse_history(id, &bodies)?,
            job_id: id.to_owned(),
            name,
            dropped: dropped.unwrap_or(0),
        }))
    }

    async fn list_jobs(&self, filter: &JobFilter) -> StoreResult<Vec<JobRecord>> {
        let limit = filter.limit.unwrap_or(1000);
        // The running jobs of one task are in its running set (as many as its workers run at once): read
        // that rather than walk every job kept (a worker asks this at start, whatever the retention has
        // piled up). A queue can be long, and is not ordered by creation: it takes the walk below.
        if let Some(name) = &filter.name
            && filter.states == [JobState::Running]
        {
            let ids: Vec<String> = self
                .conn
                .clone()
                .zrange(self.key(&format!("running:{name}")), 0, -1)
                .await?;
            let mut jobs: Vec<JobRecord> = self
                .load_jobs(&ids)
                .await?
                .into_iter()
                .filter(|j| filter.states.contains(&j.state))
                .collect();
            jobs.sort_by_key(|j| std::cmp::Reverse((j.created_at, j.id.clone())));
            jobs.truncate(limit);
            return Ok(jobs);
        }
        let mut out = Vec::new();
        let mut start = 0isize;
        const PAGE: isize = 200;
        while out.len() < limit {
            let ids: Vec<String> = self
                .conn
                .clone()
                .zrevrange(self.key("jobs"), start, start + PAGE - 1)
                .await?;
            if ids.is_empty() {
                break;
            }
            start += PAGE;
            for job in self.load_jobs(&ids).await? {
                let state_ok = filter.states.is_empty() || filter.states.contains(&job.state);
                let name_ok = filter.name.as_ref().is_none_or(|n| *n == job.name);
                if state_ok && name_ok && out.len() < limit {
                    out.push(job);
                }
            }
        }
        Ok(out)
    }

    async fn next_wakeup(&self, names: &[&str]) -> StoreResult<Option<i64>> {
        let mut pipe = redis::pipe();
        for n in names {
            pipe.cmd("ZRANGE")
                .arg(self.key(&format!("queue:{n}")))
                .arg(0)
                .arg(0)
                .arg("WITHSCORES");
            pipe.cmd("ZRANGE")
                .arg(self.key(&format!("running:{n}")))
                .arg(0)
                .arg(0)
                .arg("WITHSCORES");
        }
        let all: Vec<Vec<(String, f64)>> = pipe.query_async(&mut self.conn.clone()).await?;
        Ok(all.into_iter().flatten().map(|(_, score)| score as i64).min())
    }

    async fn wait_for_work(&self, max: Duration) {
        let _ = tokio::time::timeout(max, self.notify.notified()).await;
    }

    async fn upsert_schedule(&self, s: Schedule) -> StoreResult<Schedule> {
        let data = serde_json::to_string(&s.data).map_err(|e| corrupt(&s.id, e))?;
        let _: i64 = self
            .script(
                "upsert_schedule",
                &[self.key(&format!("schedule:{}", s.id)), self.key("schedules")],
            )
            .arg(&s.id)
            .arg(&s.name)
            .arg(data)
            .arg(&s.cron)
            .arg(s.max_attempts)
            .arg(s.created_at)
            .arg(s.last_fired.map(|v| v.to_string()).unwrap_or_default())
            .arg(i64::from(s.paused))
            .invoke_async(&mut self.conn.clone())
            .await?;
        let f: HashMap<String, String> = self
            .conn
            .clone()
            .hgetall(self.key(&format!("schedule:{}", s.id)))
            .await?;
        schedule_from_hash(&f)
    }

    async fn set_schedule_paused(&self, id: &str, paused: bool) -> StoreResult<Schedule> {
        let found: i64 = self
            .script("set_schedule_paused", &[self.key(&format!("schedule:{id}"))])
            .arg(i64::from(paused))
            .arg(self.clock.now_ms())
            .invoke_async(&mut self.conn.clone())
            .await?;
        let f: HashMap<String, String> = self.conn.clone().hgetall(self.key(&format!("schedule:{id}"))).await?;
        if found == 0 || f.is_empty() {
            return Err(StoreError::NotFound {
                what: "schedule",
                id: id.to_owned(),
            });
        }
        schedule_from_hash(&f)
    }

    async fn list_schedules(&self) -> StoreResult<Vec<Schedule>> {
        let mut ids: Vec<String> = self.conn.clone().smembers(self.key("schedules")).await?;
        ids.sort();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut pipe = redis::pipe();
        for id in &ids {
            pipe.hgetall(self.key(&format!("schedule:{id}")));
        }
        let all: Vec<HashMap<String, String>> = pipe.query_async(&mut self.conn.clone()).await?;
        all.iter().filter(|f| !f.is_empty()).map(schedule_from_hash).collect()
    }

    async fn fire_schedule(&self, id: &str, occurrence: i64, job: Option<NewJob>) -> StoreResult<Option<String>> {
        let now = self.clock.now_ms();
        let mut keys = vec![self.key(&format!("schedule:{id}"))];
        match &job {
            Some(job) => keys.extend(self.job_keys(job)),
            // Declared, never touched: the script's key positions stay the same.
            None => keys.extend(["jobkey:", "job:", "queue:", "jobs"].map(|k| self.key(k))),
        }
        let mut inv = self.script("fire_schedule", &keys);
        inv.arg(occurrence);
        match &job {
            Some(job) => {
                inv.arg("1")
                    .arg(&job.id)
                    .arg(&job.name)
                    .arg(job.key.as_deref().unwrap_or(""))
                    .arg(job.run_at)
                    .arg(now)
                    .arg(history_json(&[job.queued_event(now)])?.join("\n"));
                inv.arg(job_fields(&job.id, job, now)?);
            }
            None => {
                inv.arg("0");
            }
        }
        let out: String = inv.invoke_async(&mut self.conn.clone()).await?;
        Ok(match out.as_str() {
            "" | "-" => None,
            id => {
                self.notify.notify_waiters();
                Some(id.to_owned())
            }
        })
    }

    async fn purge(&self, older_than: i64) -> StoreResult<usize> {
        let n: i64 = self
            .script("purge", &[self.key("finished"), self.key("jobs")])
            .arg(older_than)
            .invoke_async(&mut self.conn.clone())
            .await?;
        Ok(n as usize)
    }

    async fn rate_limit(&self, bucket: &str, rate: Rate) -> StoreResult<Duration> {
        let wait: String = self
            .script("rate_limit", &[self.key(&format!("ratelimit:{bucket}"))])
            .arg(self.clock.now_ms())
            .arg(rate.interval_ms())
            .arg(rate.burst.max(1))
            .invoke_async(&mut self.conn.clone())
            .await?;
        let wait: f64 = wait
            .trim()
            .parse()
            .map_err(|_| StoreError::Internal(format!("bad rate-limit reply {wait:?}")))?;
        Ok(Duration::from_micros((wait * 1000.0).ceil() as u64))
    }

    fn unconfirmed_writes(&self) -> u64 {
        self.acks
            .as_ref()
            .map_or(0, |a| a.unconfirmed.load(std::sync::atomic::Ordering::Relaxed))
    }

    async fn job_counts(&self) -> StoreResult<Vec<(JobState, u64)>> {
        let flat: Vec<Value> = self
            .script("job_counts", &[self.key("jobs")])
            .invoke_async(&mut self.conn.clone())
            .await?;
        let mut out = Vec::new();
        for pair in flat.chunks(2) {
            let (Ok(state), Ok(n)) = (
                redis::from_redis_value::<String>(pair[0].clone()),
                redis::from_redis_value::<u64>(pair[1].clone()),
            ) else {
                continue;
            };
            if let Some(s) = JobState::parse(&state) {
                out.push((s, n));
            }
        }
        Ok(out)
    }
}

/// The Redis key of the moderator's daily budget (micro-dollars).
const BUDGET_KEY: &str = "budget:daily_micros";

#[async_trait]
impl SpendStore for RedisStore {
    async fn reserve(&self, day: &str, micros: i64, budget: Option<i64>) -> StoreResult<Reservation> {
        let keys = [self.key(&format!("spend:{day}")), self.key(BUDGET_KEY)];
        let (granted, spent, reserved, budget): (i64, i64, i64, i64) = self
            .script("reserve", &keys)
            .arg(micros)
            .arg(budget.map(|b| b.to_string()).unwrap_or_default())
            .invoke_async(&mut self.conn.clone())
            .await?;
        Ok(if granted == 1 {
            self.confirmed().await;
            Reservation::Granted
        } else {
            Reservation::Refused {
                spent,
                reserved,
                budget,
            }
        })
    }

    async fn set_budget(&self, micros: Option<i64>) -> StoreResult<()> {
        let key = self.key(BUDGET_KEY);
        let mut conn = self.conn.clone();
        match micros {
            Some(m) => conn.set::<_, _, ()>(key, m).await?,
            None => conn.del::<_, ()>(key).await?,
        }
        Ok(())
    }

    async fn stored_budget(&self) -> StoreResult<Option<i64>> {
        Ok(self.conn.clone().get(self.key(BUDGET_KEY)).await?)
    }

    async fn spend(&self, from: &str, to: &str) -> StoreResult<Vec<DaySpend>> {
        let days = days_between(from, to)?;
        let mut pipe = redis::pipe();
        for day in &days {
            pipe.hgetall(self.key(&format!("spend:{day}")));
        }
        let hashes: Vec<HashMap<String, i64>> = pipe.query_async(&mut self.conn.clone()).await?;
        Ok(days
            .into_iter()
            .zip(hashes)
            .filter(|(_, h)| !h.is_empty())
            .map(|(day, h)| day_spend(day, &h))
            .collect())
    }

    async fn charges(&self, day: &str) -> StoreResult<Vec<Charge>> {
        let bodies: Vec<String> = self
            .conn
            .clone()
            .lrange(self.key(&format!("ledger:{day}")), 0, -1)
            .await?;
        bodies
            .iter()
            .map(|b| serde_json::from_str(b).map_err(|e| corrupt(format!("ledger:{day}"), e)))
            .collect()
    }

    async fn wake(&self, name: &str, kind: PauseKind) -> StoreResult<usize> {
        let woken: usize = self
            .script("wake", &[self.key(&format!("queue:{name}"))])
            .arg(self.clock.now_ms())
            .arg(name)
            .arg(kind.as_str())
            .invoke_async(&mut self.conn.clone())
            .await?;
        if woken > 0 {
            self.notify.notify_waiters();
        }
        Ok(woken)
    }
}

/// Every day from `from` to `to`, inclusive (`YYYY-MM-DD`), at most ten years of them.
fn days_between(from: &str, to: &str) -> StoreResult<Vec<String>> {
    let parse = |d: &str| {
        chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map_err(|e| StoreError::Internal(format!("bad day {d:?}: {e}")))
    };
    let (from, to) = (parse(from)?, parse(to)?);
    Ok(from
        .iter_days()
        .take_while(|d| *d <= to)
        .take(3660)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .collect())
}

/// A day's totals hash (`spend:{day}`) as a `DaySpend`.
fn day_spend(day: String, h: &HashMap<String, i64>) -> DaySpend {
    let mut rows: Vec<SpendRow> = Vec::new();
    for (field, value) in h {
        let Some((what, rest)) = field.split_once('|') else {
            continue;
        };
        let Some((provider, model)) = rest.split_once('|') else {
            continue;
        };
        let row = match rows.iter_mut().position(|r| r.provider == provider && r.model == model) {
            Some(i) => &mut rows[i],
            None => {
                rows.push(SpendRow {
                    provider: provider.to_owned(),
                    model: model.to_owned(),
                    calls: 0,
                    pictures: 0,
                    micros: 0,
                });
                rows.last_mut().expect("just pushed")
            }
        };
        match what {
            "calls" => row.calls = *value as u64,
            "pictures" => row.pictures = *value as u64,
            "micros" => row.micros = *value,
            _ => {}
        }
    }
    rows.sort_by(|a, b| (&a.provider, &a.model).cmp(&(&b.provider, &b.model)));
    DaySpend {
        day,
        spent: h.get("spent").copied().unwrap_or(0),
        reserved: h.get("reserved").copied().unwrap_or(0),
        rows,
    }
}
