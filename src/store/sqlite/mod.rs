//! The embedded store: one SQLite file (WAL mode) shared by every process on the machine.

mod schema;

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, TransactionBehavior, params};
use tokio::sync::{Notify, Semaphore, broadcast};

use super::rate::{Rate, gcra};
use super::{
    CaseRecords, CaseStore, Claim, ClaimOutcome, Enqueued, Failure, JobFilter, JobRecords, JobStore, Next,
    RecordChange, SpendStore, StatusChange, StoreError, StoreResult, Write, history_json, parse_history,
};
use crate::clock::SharedClock;
use crate::domain::history::{Event, HISTORY_LIMIT, History, HistoryEvent, Origin};
use crate::domain::{
    Case, Charge, DaySpend, ImageStatus, JobRecord, JobState, MAX_CRASHES, NewJob, PauseKind, Reservation, Schedule,
    Settle, SpendRow,
};
use crate::ids;

/// SQLite-backed store. Cheap to clone; every clone shares one writing connection and a few reading
/// ones (WAL lets them read beside the writer).
#[derive(Clone)]
pub struct SqliteStore {
    conn: Arc<Mutex<Connection>>,
    /// One blocking task at a time waits for the writing connection: a burst of calls queues here, on
    /// the runtime, instead of holding a blocking thread each (threads that glibc gives an arena each,
    /// which it keeps after they exit).
    writer_turn: Arc<Semaphore>,
    readers: Arc<Readers>,
    clock: SharedClock,
    status_ttl: Duration,
    notify: Arc<Notify>,
    changes: broadcast::Sender<StatusChange>,
    /// Jobs cancelled by this process (other processes' cancels are found by `cancel_poll`).
    cancels: broadcast::Sender<String>,
    /// Dropped with the last clone, which stops the checkpoint thread.
    _checkpointer: Arc<std::sync::mpsc::Sender<()>>,
}

/// Read-only connections, and a permit for each.
struct Readers {
    idle: Mutex<Vec<Connection>>,
    permits: Arc<Semaphore>,
    total: usize,
}

impl Readers {
    /// Takes an idle connection, waiting for a permit first. Cancel-safe: dropped while waiting, it
    /// holds nothing; once it returns, the [`Lent`] gives the connection back on drop.
    async fn lend(readers: &Arc<Readers>) -> StoreResult<Lent> {
        let permit = readers
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| StoreError::Internal("the reading connections are closed".into()))?;
        // A permit is only ever held with a connection out, so one is idle.
        let conn = lock(&readers.idle)
            .pop()
            .ok_or_else(|| StoreError::Internal("no reading connection is free".into()))?;
        Ok(Lent {
            conn: Some(conn),
            readers: readers.clone(),
            _permit: permit,
        })
    }
}

/// A reading connection out of the pool; back in it on drop, before its permit is released.
struct Lent {
    conn: Option<Connection>,
    readers: Arc<Readers>,
    _permit: tokio::sync::OwnedSemaphorePermit,
}

impl Lent {
    /// Runs `f` on the lent connection (which it holds from `lend` until it drops).
    fn with<T>(&self, f: impl FnOnce(&Connection) -> StoreResult<T>) -> StoreResult<T> {
        match &self.conn {
            Some(conn) => f(conn),
            None => Err(StoreError::Internal(
                "a lent reading connection was already given back".into(),
            )),
        }
    }
}

impl Drop for Lent {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            lock(&self.readers.idle).push(conn);
        }
        // `_permit` drops after this body, so the connection is back before a waiter is let in.
    }
}

/// How many reading connections: one per core, up to four.
fn reader_count() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 4))
}

/// How often a running job reads its own row to learn of a cancel made by another process.
const CANCEL_POLL: Duration = Duration::from_secs(1);

/// How often the WAL is copied back into the database file.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);

/// Checkpoints the WAL from a thread and connection of its own. With SQLite's automatic checkpoint, the
/// commit that crosses 1,000 pages pays for the checkpoint and its fsync (tens of ms on a VM disk), which
/// is what set the p99 of case creation; here no request waits for one.
fn spawn_checkpointer(path: &Path) -> StoreResult<std::sync::mpsc::Sender<()>> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(1))?;
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    std::thread::Builder::new()
        .name("sqlite-checkpoint".into())
        .spawn(move || {
            while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = rx.recv_timeout(CHECKPOINT_EVERY) {
                // PASSIVE never blocks writers; a busy database just waits for the next round.
                if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
                    tracing::debug!(error = %e, "WAL checkpoint skipped");
                }
            }
        })
        .map_err(|e| StoreError::Internal(format!("cannot start the checkpoint thread: {e}")))?;
    Ok(tx)
}

/// Locks a mutex whose data stays whole if a holder panicked (a list of idle connections).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and brings its schema up to date.
    pub fn open(path: &Path, clock: SharedClock, status_ttl: Duration) -> StoreResult<Self> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        schema::migrate(&conn)?;
        let readers = (0..reader_count())
            .map(|_| {
                let reader = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
                reader.busy_timeout(Duration::from_secs(10))?;
                Ok(reader)
            })
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(SqliteStore {
            conn: Arc::new(Mutex::new(conn)),
            writer_turn: Arc::new(Semaphore::new(1)),
            readers: Arc::new(Readers {
                permits: Arc::new(Semaphore::new(readers.len())),
                total: readers.len(),
                idle: Mutex::new(readers),
            }),
            clock,
            status_ttl,
            notify: Arc::new(Notify::new()),
            changes: broadcast::channel(1024).0,
            cancels: broadcast::channel(256).0,
            _checkpointer: Arc::new(spawn_checkpointer(path)?),
        })
    }

    fn publish(&self, case_id: &str, status: &Option<ImageStatus>) {
        if let Some(status) = status {
            // No receivers is fine: nobody is watching.
            let _ = self.changes.send(StatusChange {
                case_id: case_id.to_owned(),
                status: Arc::new(status.clone()),
            });
        }
    }

    /// Runs `f` with the connection on the blocking pool. The writer's turn travels with the blocking
    /// task, so a caller that stops waiting (a client hung up) keeps the next writer out until the
    /// write it started has ended, and no longer.
    async fn call<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection, i64) -> StoreResult<T> + Send + 'static,
    ) -> StoreResult<T> {
        let conn = self.conn.clone();
        let now = self.clock.now_ms();
        let turn = self
            .writer_turn
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| StoreError::Internal("the writing connection is closed".into()))?;
        tokio::task::spawn_blocking(move || {
            let _turn = turn;
            let mut guard = conn
                .lock()
                .map_err(|_| StoreError::Internal("connection mutex poisoned".into()))?;
            f(&mut guard, now)
        })
        .await
        .map_err(|e| StoreError::Internal(format!("store task failed: {e}")))?
    }

    /// Runs a read on a reading connection, on the blocking pool. Sees every write committed before it.
    /// The connection and its permit go into the blocking task inside a [`Lent`], which gives both back
    /// when the task ends, whether or not anyone still awaits its answer.
    async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection, i64) -> StoreResult<T> + Send + 'static,
    ) -> StoreResult<T> {
        let now = self.clock.now_ms();
        let lent = Readers::lend(&self.readers).await?;
        tokio::task::spawn_blocking(move || lent.with(|conn| f(conn, now)))
            .await
            .map_err(|e| StoreError::Internal(format!("store task failed: {e}")))?
    }

    /// Whether every reading connection and its permit are back in the pool (nothing lent out, nothing
    /// lost): what the cancel-safety tests check once the work they dropped has settled.
    pub fn readers_all_idle(&self) -> bool {
        let total = self.readers.total;
        lock(&self.readers.idle).len() == total && self.readers.permits.available_permits() == total
    }

    /// Like `call`, for closures that borrow from the caller: runs on this thread, inside `block_in_place`
    /// where the runtime allows it.
    fn call_here<T>(&self, f: impl FnOnce(&mut Connection, i64) -> StoreResult<T>) -> StoreResult<T> {
        let now = self.clock.now_ms();
        let run = || {
            let mut guard = self
                .conn
                .lock()
                .map_err(|_| StoreError::Internal("connection mutex poisoned".into()))?;
            f(&mut guard, now)
        };
        match tokio::runtime::Handle::try_current() {
            Ok(h) if h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
                tokio::task::block_in_place(run)
            }
            _ => run(),
        }
    }
}

impl SqliteStore {
    /// One atomic step: `step` changes the job tables and says whether `records` and the job's `history`
    /// events go with it; then they are written in the same transaction. An error from either rolls back both. The status
    /// record, if it changed, is published after the commit.
    fn in_step<T>(
        &self,
        records: JobRecords<'_>,
        history: (&str, &[HistoryEvent]),
        step: impl FnOnce(&Connection, i64) -> StoreResult<(T, bool)>,
    ) -> StoreResult<T> {
        let ttl = self.status_ttl;
        self.call_here(|c, now| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let (out, with_records) = step(&tx, now)?;
            if with_records {
                append_history(&tx, history.0, history.1)?;
            }
            let mut written = None;
            if with_records && let Some((case_id, change)) = records {
                let (records, changed) = apply_change(&tx, case_id, change, now, ttl)?;
                written = changed.then_some((case_id, records.status));
            }
            tx.commit()?;
            if let Some((case_id, status)) = written {
                self.publish(case_id, &status);
            }
            Ok(out)
        })
    }
}

fn corrupt(key: impl Into<String>, e: impl ToString) -> StoreError {
    StoreError::Corrupt {
        key: key.into(),
        reason: e.to_string(),
    }
}

fn read_records(tx: &Connection, case_id: &str, now: i64) -> StoreResult<CaseRecords> {
    let case = tx
        .query_row("SELECT body FROM cases WHERE id = ?1", [case_id], |r| {
            r.get::<_, String>(0)
        })
        .optional()?
        .map(|b| serde_json::from_str::<Case>(&b).map_err(|e| corrupt(format!("case:{case_id}"), e)))
        .transpose()?;
    let status = read_status(tx, case_id, now)?;
    Ok(CaseRecords {
        case,
        status,
        settles: Vec::new(),
        history: None,
    })
}

fn read_status(conn: &Connection, case_id: &str, now: i64) -> StoreResult<Option<ImageStatus>> {
    conn.query_row(
        "SELECT body FROM image_status WHERE case_id = ?1 AND (expires_at IS NULL OR expires_at > ?2)",
        params![case_id, now],
        |r| r.get::<_, String>(0),
    )
    .optional()?
    .map(|b| serde_json::from_str(&b).map_err(|e| corrupt(format!("image-generation-status:{case_id}"), e)))
    .transpose()
}

/// Applies `change` to the case's records and writes back what differs, inside the caller's transaction.
/// Returns the records after the change, and whether the status record changed.
fn apply_change(
    tx: &Connection,
    case_id: &str,
    change: RecordChange<'_>,
    now: i64,
    status_ttl: Duration,
) -> StoreResult<(CaseRecords, bool)> {
    let applied = read_records(tx, case_id, now)?.apply(case_id, change)?;
    let after = applied.records;
    match (applied.case, &after.case) {
        (Write::Put, Some(case)) => {
            let body = serde_json::to_string(case).map_err(|e| corrupt(case_id, e))?;
            tx.execute(
                "INSERT INTO cases (id, date, created_at, body) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(id) DO UPDATE SET body = excluded.body",
                params![case_id, case.date, case.created_at, body],
            )?;
        }
        (Write::Delete, _) => {
            tx.execute("DELETE FROM cases WHERE id = ?1", [case_id])?;
        }
        _ => {}
    }
    match (applied.status, &after.status) {
        (Write::Put, Some(status)) => {
            let body = serde_json::to_string(status).map_err(|e| corrupt(case_id, e))?;
            let expires = status.expires_at(status_ttl);
            tx.execute(
                "INSERT INTO image_status (case_id, body, expires_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(case_id) DO UPDATE SET body = excluded.body, expires_at = excluded.expires_at",
                params![case_id, body, expires],
            )?;
        }
        (Write::Delete, _) => {
            tx.execute("DELETE FROM image_status WHERE case_id = ?1", [case_id])?;
        }
        _ => {}
    }
    for settle in &after.settles {
        write_settle(tx, settle)?;
    }
    if let Some(h) = &after.history {
        append_history(tx, &h.job_id, &h.events)?;
    }
    let status_changed = applied.status != Write::Keep;
    Ok((after, status_changed))
}

/// Adds events to a job's history, dropping the oldest past the limit (counted on the job).
fn append_history(tx: &Connection, job_id: &str, events: &[HistoryEvent]) -> StoreResult<()> {
    if events.is_empty() {
        return Ok(());
    }
    let mut insert = tx.prepare_cached("INSERT INTO job_history (job_id, body) VALUES (?1, ?2)")?;
    for body in history_json(events)? {
        insert.execute(params![job_id, body])?;
    }
    let held: i64 = tx.query_row("SELECT COUNT(*) FROM job_history WHERE job_id = ?1", [job_id], |r| {
        r.get(0)
    })?;
    let over = held - HISTORY_LIMIT as i64;
    if over > 0 {
        tx.execute(
            "DELETE FROM job_history WHERE seq IN (SELECT seq FROM job_history WHERE job_id = ?1 ORDER BY seq LIMIT ?2)",
            params![job_id, over],
        )?;
        tx.execute(
            "UPDATE jobs SET history_dropped = history_dropped + ?2 WHERE id = ?1",
            params![job_id, over],
        )?;
    }
    Ok(())
}

/// Gives back a settled call's reservation and adds its charge to the ledger and its day.
fn write_settle(tx: &Connection, settle: &Settle) -> StoreResult<()> {
    let spent = settle.charge.as_ref().map_or(0, |c| c.micros);
    tx.execute(
        "INSERT INTO spend_days (day, spent, reserved) VALUES (?1, ?2, 0)
         ON CONFLICT(day) DO UPDATE SET spent = spent + ?2, reserved = MAX(0, reserved - ?3)",
        params![settle.day, spent, settle.reserved],
    )?;
    if let Some(c) = &settle.charge {
        let body = serde_json::to_string(c).map_err(|e| corrupt("spend", e))?;
        tx.execute(
            "INSERT INTO spend_ledger (day, at, provider, model, case_id, micros, painted, body)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![c.day, c.at, c.provider, c.model, c.case_id, c.micros, c.painted, body],
        )?;
    }
    Ok(())
}

const BUDGET_SETTING: &str = "budget.daily_micros";

fn read_stored_budget(c: &Connection) -> StoreResult<Option<i64>> {
    let value: Option<String> = c
        .query_row("SELECT value FROM settings WHERE key = ?1", [BUDGET_SETTING], |r| {
            r.get(0)
        })
        .optional()?;
    value
        .map(|v| v.parse::<i64>().map_err(|e| corrupt(BUDGET_SETTING, e)))
        .transpose()
}

#[async_trait]
impl SpendStore for SqliteStore {
    async fn reserve(&self, day: &str, micros: i64, budget: Option<i64>) -> StoreResult<Reservation> {
        let day = day.to_owned();
        self.call(move |c, _| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let budget = read_stored_budget(&tx)?.or(budget);
            let (spent, reserved): (i64, i64) = tx
                .query_row("SELECT spent, reserved FROM spend_days WHERE day = ?1", [&day], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?
                .unwrap_or((0, 0));
            if let Some(budget) = budget
                && spent + reserved + micros > budget
            {
                return Ok(Reservation::Refused {
                    spent,
                    reserved,
                    budget,
                });
            }
            tx.execute(
                "INSERT INTO spend_days (day, spent, reserved) VALUES (?1, 0, ?2)
                 ON CONFLICT(day) DO UPDATE SET reserved = reserved + ?2",
                params![day, micros],
            )?;
            tx.commit()?;
            Ok(Reservation::Granted)
        })
        .await
    }

    async fn set_budget(&self, micros: Option<i64>) -> StoreResult<()> {
        self.call(move |c, _| {
            match micros {
                Some(m) => c.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2)
                     ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    params![BUDGET_SETTING, m.to_string()],
                )?,
                None => c.execute("DELETE FROM settings WHERE key = ?1", [BUDGET_SETTING])?,
            };
            Ok(())
        })
        .await
    }

    async fn stored_budget(&self) -> StoreResult<Option<i64>> {
        self.read(|c, _| read_stored_budget(c)).await
    }

    async fn spend(&self, from: &str, to: &str) -> StoreResult<Vec<DaySpend>> {
        let (from, to) = (from.to_owned(), to.to_owned());
        self.read(move |c, _| {
            let mut days: Vec<DaySpend> = c
                .prepare("SELECT day, spent, reserved FROM spend_days WHERE day BETWEEN ?1 AND ?2 ORDER BY day")?
                .query_map([&from, &to], |r| {
                    Ok(DaySpend {
                        day: r.get(0)?,
                        spent: r.get(1)?,
                        reserved: r.get(2)?,
                        rows: Vec::new(),
                    })
                })?
                .collect::<Result<_, _>>()?;
            let mut rows = c.prepare(
                "SELECT day, provider, model, COUNT(*), SUM(painted), SUM(micros) FROM spend_ledger
                 WHERE day BETWEEN ?1 AND ?2 GROUP BY day, provider, model ORDER BY day, provider, model",
            )?;
            let rows = rows.query_map([&from, &to], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    SpendRow {
                        provider: r.get(1)?,
                        model: r.get(2)?,
                        calls: r.get(3)?,
                        pictures: r.get(4)?,
                        micros: r.get(5)?,
                    },
                ))
            })?;
            for row in rows {
                let (day, row) = row?;
                if let Some(d) = days.iter_mut().find(|d| d.day == day) {
                    d.rows.push(row);
                }
            }
            Ok(days)
        })
        .await
    }

    async fn charges(&self, day: &str) -> StoreResult<Vec<Charge>> {
        let day = day.to_owned();
        self.read(move |c, _| {
            let bodies: Vec<String> = c
                .prepare("SELECT body FROM spend_ledger WHERE day = ?1 ORDER BY seq")?
                .query_map([&day], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            bodies
                .iter()
                .map(|b| serde_json::from_str(b).map_err(|e| corrupt("spend_ledger", e)))
                .collect()
        })
        .await
    }

    async fn wake(&self, name: &str, kind: PauseKind) -> StoreResult<usize> {
        let name = name.to_owned();
        let woken = self
            .call(move |c, now| {
                Ok(c.execute(
                    "UPDATE jobs SET run_at = ?1, updated_at = ?1
                     WHERE name = ?2 AND state = 'queued' AND run_at > ?1 AND paused_for = ?3",
                    params![now, name, kind.as_str()],
                )?)
            })
            .await?;
        if woken > 0 {
            self.notify.notify_waiters();
        }
        Ok(woken)
    }
}

#[async_trait]
impl CaseStore for SqliteStore {
    async fn get_case(&self, id: &str) -> StoreResult<Option<Case>> {
        let id = id.to_owned();
        self.read(move |c, now| read_records(c, &id, now).map(|r| r.case)).await
    }

    async fn latest_case(&self) -> StoreResult<Option<Case>> {
        let id: Option<String> = self
            .read(|c, _| {
                Ok(c.query_row(
                    "SELECT id FROM cases ORDER BY created_at DESC, id DESC LIMIT 1",
                    [],
                    |r| r.get(0),
                )
                .optional()?)
            })
            .await?;
        match id {
            Some(id) => self.get_case(&id).await,
            None => Ok(None),
        }
    }

    async fn list_case_ids(&self, limit: usize) -> StoreResult<Vec<String>> {
        self.read(move |c, _| {
            let mut st = c.prepare("SELECT id FROM cases ORDER BY created_at DESC, id DESC LIMIT ?1")?;
            let ids = st
                .query_map([limit as i64], |r| r.get(0))?
                .collect::<Result<Vec<String>, _>>()?;
            Ok(ids)
        })
        .await
    }

    async fn get_status(&self, case_id: &str) -> StoreResult<Option<ImageStatus>> {
        let id = case_id.to_owned();
        self.read(move |c, now| read_status(c, &id, now)).await
    }

    async fn modify(&self, case_id: &str, change: RecordChange<'_>) -> StoreResult<CaseRecords> {
        let ttl = self.status_ttl;
        self.call_here(|c, now| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let (out, changed) = apply_change(&tx, case_id, change, now, ttl)?;
            tx.commit()?;
            // Published under the connection lock, so watchers see changes in commit order.
            if changed {
                self.publish(case_id, &out.status);
            }
            Ok(out)
        })
    }

    fn status_changes(&self) -> broadcast::Receiver<StatusChange> {
        self.changes.subscribe()
    }
}

const JOB_COLUMNS: &str = "id, name, data, state, key, attempts, max_attempts, run_at, lease_expires_at, worker, \
                           last_error, schedule_id, occurrence, created_at, updated_at, finished_at, crashes, paused_for, traceparent";

fn job_from_row(r: &Row<'_>) -> rusqlite::Result<Result<JobRecord, StoreError>> {
    let id: String = r.get(0)?;
    let data: String = r.get(2)?;
    let state: String = r.get(3)?;
    let Some(state) = JobState::parse(&state) else {
        return Ok(Err(corrupt(format!("job:{id}"), format!("unknown state {state:?}"))));
    };
    let data = match serde_json::from_str(&data) {
        Ok(d) => d,
        Err(e) => return Ok(Err(corrupt(format!("job:{id}"), e))),
    };
    Ok(Ok(JobRecord {
        name: r.get(1)?,
        data,
        state,
        key: r.get(4)?,
        attempts: r.get(5)?,
        max_attempts: r.get(6)?,
        run_at: r.get(7)?,
        lease_expires_at: r.get(8)?,
        worker: r.get(9)?,
        last_error: r.get(10)?,
        schedule_id: r.get(11)?,
        occurrence: r.get(12)?,
        created_at: r.get(13)?,
        updated_at: r.get(14)?,
        finished_at: r.get(15)?,
        crashes: r.get(16)?,
        paused_for: r.get::<_, Option<String>>(17)?.and_then(|k| PauseKind::parse(&k)),
        traceparent: r.get(18)?,
        id,
    }))
}

fn get_job(c: &Connection, id: &str) -> StoreResult<Option<JobRecord>> {
    c.query_row(
        &format!("SELECT {JOB_COLUMNS} FROM jobs WHERE id = ?1"),
        [id],
        job_from_row,
    )
    .optional()?
    .transpose()
}

fn insert_job(c: &Connection, job: &NewJob, now: i64) -> StoreResult<Enqueued> {
    if let Some(key) = &job.key {
        let existing: Option<String> = c
            .query_row(
                "SELECT id FROM jobs WHERE key = ?1 AND state IN ('queued', 'running')",
                [key],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = existing {
            return Ok(Enqueued { id, created: false });
        }
    }
    let id = job.id.clone();
    let data = serde_json::to_string(&job.data).map_err(|e| corrupt(&id, e))?;
    c.execute(
        "INSERT INTO jobs (id, name, data, state, key, attempts, max_attempts, run_at, schedule_id, occurrence,
                           created_at, updated_at, traceparent)
         VALUES (?1, ?2, ?3, 'queued', ?4, 0, ?5, ?6, ?7, ?8, ?9, ?9, ?10)",
        params![
            id,
            job.name,
            data,
            job.key,
            job.max_attempts,
            job.run_at,
            job.schedule_id,
            job.occurrence,
            now,
            job.traceparent
        ],
    )?;
    append_history(c, &id, &[job.queued_event(now)])?;
    Ok(Enqueued { id, created: true })
}

fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

fn schedule_from_row(r: &Row<'_>) -> rusqlite::Result<Result<Schedule, StoreError>> {
    let id: String = r.get(0)?;
    let data: String = r.get(2)?;
    let data = match serde_json::from_str(&data) {
        Ok(d) => d,
        Err(e) => return Ok(Err(corrupt(format!("schedule:{id}"), e))),
    };
    Ok(Ok(Schedule {
        name: r.get(1)?,
        data,
        cron: r.get(3)?,
        max_attempts: r.get(4)?,
        created_at: r.get(5)?,
        last_fired: r.get(6)?,
        paused: r.get(7)?,
        id,
    }))
}

const SCHEDULE_COLUMNS: &str = "id, name, data, cron, max_attempts, created_at, last_fired, paused";

fn get_schedule(c: &Connection, id: &str) -> StoreResult<Option<Schedule>> {
    c.query_row(
        &format!("SELECT {SCHEDULE_COLUMNS} FROM schedules WHERE id = ?1"),
        [id],
        schedule_from_row,
    )
    .optional()?
    .transpose()
}

/// Takes the most overdue job among `names` under a new lease, inside the caller's transaction; fails the
/// jobs whose workers kept dying on the way (`dead`).
fn claim_in(tx: &Connection, worker: &str, names: &[&str], lease_ms: i64, now: i64) -> StoreResult<ClaimOutcome> {
    let mut outcome = ClaimOutcome::default();
    loop {
        let sql = format!(
            "SELECT {JOB_COLUMNS} FROM jobs
             WHERE name IN ({}) AND ((state = 'queued' AND run_at <= ?) OR (state = 'running' AND lease_expires_at <= ?))
             ORDER BY CASE state WHEN 'running' THEN lease_expires_at ELSE run_at END, created_at LIMIT 1",
            placeholders(names.len())
        );
        let mut args: Vec<&dyn rusqlite::ToSql> = names.iter().map(|n| n as &dyn rusqlite::ToSql).collect();
        args.push(&now);
        args.push(&now);
        let Some(job) = tx
            .prepare_cached(&sql)?
            .query_row(args.as_slice(), job_from_row)
            .optional()?
            .transpose()?
        else {
            break;
        };
        let takeover = job.state == JobState::Running;
        if takeover && job.crashes + 1 >= MAX_CRASHES {
            let error = crate::domain::job::crash_limit_error(&job);
            tx.execute(
                "UPDATE jobs SET state = 'failed', last_error = ?2, lease_token = NULL, lease_expires_at = NULL,
                                 crashes = crashes + 1, updated_at = ?3, finished_at = ?3 WHERE id = ?1",
                params![job.id, error, now],
            )?;
            let ended = Event::Ended {
                state: JobState::Failed,
                error: Some(error),
            };
            append_history(tx, &job.id, &[HistoryEvent { at: now, what: ended }])?;
            if let Some(dead) = get_job(tx, &job.id)? {
                outcome.dead.push(dead);
            }
            continue;
        }
        // A takeover gives the dead worker's attempt back (the new claim counts one) and counts a
        // crash instead.
        let (attempts, crashes) = if takeover { (0, 1) } else { (1, 0) };
        let token = ids::token();
        tx.execute(
            "UPDATE jobs SET state = 'running', attempts = attempts + ?6, crashes = crashes + ?7,
                             paused_for = NULL, lease_token = ?2, lease_expires_at = ?3, worker = ?4, updated_at = ?5 WHERE id = ?1",
            params![job.id, token, now + lease_ms, worker, now, attempts, crashes],
        )?;
        let before = job.worker;
        let job = get_job(tx, &job.id)?.ok_or_else(|| StoreError::Internal("claimed job vanished".into()))?;
        let claimed = Event::Claimed {
            worker: worker.to_owned(),
            attempt: job.attempts,
            takeover_from: takeover.then(|| before.unwrap_or_else(|| "unknown".into())),
        };
        append_history(tx, &job.id, &[HistoryEvent { at: now, what: claimed }])?;
        outcome.claim = Some(Claim { job, token });
        break;
    }
    Ok(outcome)
}

#[async_trait]
impl JobStore for SqliteStore {
    async fn enqueue(&self, job: NewJob, records: JobRecords<'_>) -> StoreResult<Enqueued> {
        let out = self.in_step(records, ("", &[]), |tx, now| {
            let out = insert_job(tx, &job, now)?;
            let created = out.created;
            Ok((out, created))
        })?;
        if out.created {
            self.notify.notify_waiters();
        }
        Ok(out)
    }

    async fn claim(&self, worker: &str, names: &[&str], lease: Duration) -> StoreResult<ClaimOutcome> {
        let worker = worker.to_owned();
        let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        let lease_ms = lease.as_millis() as i64;
        self.call(move |c, now| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let outcome = claim_in(&tx, &worker, &names, lease_ms, now)?;
            tx.commit()?;
            Ok(outcome)
        })
        .await
    }

    async fn heartbeat(&self, id: &str, token: &str, lease: Duration) -> StoreResult<()> {
        let (id, token) = (id.to_owned(), token.to_owned());
        let lease_ms = lease.as_millis() as i64;
        self.call(move |c, now| {
            let n = c.execute(
                "UPDATE jobs SET lease_expires_at = ?3, updated_at = ?4
                 WHERE id = ?1 AND lease_token = ?2 AND state = 'running'",
                params![id, token, now + lease_ms, now],
            )?;
            if n == 0 { Err(StoreError::LeaseLost(id)) } else { Ok(()) }
        })
        .await
    }

    async fn complete(
        &self,
        id: &str,
        token: &str,
        records: JobRecords<'_>,
        history: &[HistoryEvent],
        next: Option<Next<'_>>,
    ) -> StoreResult<ClaimOutcome> {
        // The attempt's events go in before the next claim's (which may be of this same job).
        self.in_step(records, ("", &[]), |tx, now| {
            let n = tx.execute(
                "UPDATE jobs SET state = 'completed', lease_token = NULL, lease_expires_at = NULL, last_error = NULL,
                                 updated_at = ?3, finished_at = ?3
                 WHERE id = ?1 AND lease_token = ?2 AND state = 'running'",
                params![id, token, now],
            )?;
            if n == 0 {
                return Err(StoreError::LeaseLost(id.to_owned()));
            }
            append_history(tx, id, history)?;
            let outcome = match next {
                Some(n) => claim_in(tx, n.worker, n.names, n.lease.as_millis() as i64, now)?,
                None => ClaimOutcome::default(),
            };
            Ok((outcome, true))
        })
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
        // The attempt's events go in before the next claim's (which may be of this same job).
        let out =
            self.in_step(records, ("", &[]), |tx, now| {
                let refund = if failure.refund_attempt { 1 } else { 0 };
                let n = match failure.retry_at {
                Some(at) => tx.execute(
                    "UPDATE jobs SET state = 'queued', run_at = ?3, last_error = ?4, lease_token = NULL,
                                     lease_expires_at = NULL, attempts = MAX(attempts - ?5, 0), updated_at = ?6,
                                     paused_for = ?7
                     WHERE id = ?1 AND lease_token = ?2 AND state = 'running'",
                    params![id, token, at, failure.error, refund, now, failure.pause.map(PauseKind::as_str)],
                )?,
                None => tx.execute(
                    "UPDATE jobs SET state = 'failed', last_error = ?3, lease_token = NULL, lease_expires_at = NULL,
                                     updated_at = ?4, finished_at = ?4
                     WHERE id = ?1 AND lease_token = ?2 AND state = 'running'",
                    params![id, token, failure.error, now],
                )?,
            };
                if n == 0 {
                    return Err(StoreError::LeaseLost(id.to_owned()));
                }
                append_history(tx, id, history)?;
                let job = get_job(tx, id)?.ok_or_else(|| StoreError::LeaseLost(id.to_owned()))?;
                let found = match next {
                    Some(n) => claim_in(tx, n.worker, n.names, n.lease.as_millis() as i64, now)?,
                    None => ClaimOutcome::default(),
                };
                Ok(((job, found), true))
            })?;
        if out.0.state == JobState::Queued {
            self.notify.notify_waiters();
        }
        Ok(out)
    }

    async fn cancel(&self, id: &str, records: JobRecords<'_>, by: Origin) -> StoreResult<()> {
        let cancelled = [HistoryEvent {
            at: self.clock.now_ms(),
            what: Event::Cancelled { by },
        }];
        self.in_step(records, (id, &cancelled), |tx, now| {
            let Some(job) = get_job(tx, id)? else {
                return Err(StoreError::NotFound {
                    what: "job",
                    id: id.to_owned(),
                });
            };
            if !job.state.is_active() {
                return Err(StoreError::Conflict(format!(
                    "job {id} is {} and cannot be cancelled",
                    job.state.as_str()
                )));
            }
            tx.execute(
                "UPDATE jobs SET state = 'cancelled', lease_token = NULL, lease_expires_at = NULL,
                                 updated_at = ?2, finished_at = ?2 WHERE id = ?1",
                params![id, now],
            )?;
            Ok(((), true))
        })?;
        // Nobody listening is fine: the job was not running here.
        let _ = self.cancels.send(id.to_owned());
        Ok(())
    }

    fn cancels(&self) -> broadcast::Receiver<String> {
        self.cancels.subscribe()
    }

    fn cancel_poll(&self) -> Option<Duration> {
        // Another process on the same file may cancel: SQLite cannot tell us, so a running job looks.
        Some(CANCEL_POLL)
    }

    async fn retry(&self, id: &str) -> StoreResult<JobRecord> {
        let id = id.to_owned();
        let job = self
            .call(move |c, now| {
                let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
                let Some(job) = get_job(&tx, &id)? else {
                    return Err(StoreError::NotFound { what: "job", id });
                };
                if !matches!(job.state, JobState::Failed | JobState::Cancelled) {
                    return Err(StoreError::Conflict(format!(
                        "job {id} is {}; only failed or cancelled jobs can be retried",
                        job.state.as_str()
                    )));
                }
                if let Some(key) = &job.key {
                    let active: Option<String> = tx
                        .query_row(
                            "SELECT id FROM jobs WHERE key = ?1 AND state IN ('queued', 'running')",
                            [key],
                            |r| r.get(0),
                        )
                        .optional()?;
                    if let Some(other) = active {
                        return Err(StoreError::Conflict(format!(
                            "job {other} for the same key is already active"
                        )));
                    }
                }
                tx.execute(
                    "UPDATE jobs SET state = 'queued', attempts = 0, run_at = ?2, finished_at = NULL, updated_at = ?2,
                                     paused_for = NULL
                     WHERE id = ?1",
                    params![id, now],
                )?;
                let job = get_job(&tx, &id)?.ok_or_else(|| StoreError::NotFound {
                    what: "job",
                    id: id.clone(),
                })?;
                tx.commit()?;
                Ok(job)
            })
            .await?;
        self.notify.notify_waiters();
        Ok(job)
    }

    async fn get_job(&self, id: &str) -> StoreResult<Option<JobRecord>> {
        let id = id.to_owned();
        self.read(move |c, _| get_job(c, &id)).await
    }

    async fn append_history(&self, id: &str, events: &[HistoryEvent]) -> StoreResult<()> {
        let (id, events) = (id.to_owned(), events.to_vec());
        self.call(move |c, _| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            if get_job(&tx, &id)?.is_some() {
                append_history(&tx, &id, &events)?;
            }
            tx.commit()?;
            Ok(())
        })
        .await
    }

    async fn history(&self, id: &str) -> StoreResult<Option<History>> {
        let id = id.to_owned();
        self.read(move |c, _| {
            let Some((name, dropped)) = c
                .query_row("SELECT name, history_dropped FROM jobs WHERE id = ?1", [&id], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
                })
                .optional()?
            else {
                return Ok(None);
            };
            let mut st = c.prepare_cached("SELECT body FROM job_history WHERE job_id = ?1 ORDER BY seq")?;
            let bodies = st
                .query_map([&id], |r| r.get::<_, String>(0))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Some(History {
                events: parse_history(&id, &bodies)?,
                job_id: id,
                name,
                dropped: dropped as u64,
            }))
        })
        .await
    }

    async fn list_jobs(&self, filter: &JobFilter) -> StoreResult<Vec<JobRecord>> {
        let filter = filter.clone();
        self.read(move |c, _| {
            let mut sql = format!("SELECT {JOB_COLUMNS} FROM jobs WHERE 1 = 1");
            let mut args: Vec<String> = Vec::new();
            if !filter.states.is_empty() {
                sql += &format!(" AND state IN ({})", placeholders(filter.states.len()));
                args.extend(filter.states.iter().map(|s| s.as_str().to_owned()));
            }
            if let Some(name) = &filter.name {
                sql += " AND name = ?";
                args.push(name.clone());
            }
            sql += &format!(
                " ORDER BY created_at DESC, id DESC LIMIT {}",
                filter.limit.unwrap_or(1000)
            );
            let mut st = c.prepare(&sql)?;
            let rows = st.query_map(rusqlite::params_from_iter(args.iter()), job_from_row)?;
            rows.map(|r| r?).collect()
        })
        .await
    }

    async fn next_wakeup(&self, names: &[&str]) -> StoreResult<Option<i64>> {
        let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        self.call(move |c, _| {
            let sql = format!(
                "SELECT MIN(CASE state WHEN 'queued' THEN run_at ELSE lease_expires_at END) FROM jobs
                 WHERE name IN ({}) AND state IN ('queued', 'running')",
                placeholders(names.len())
            );
            Ok(c.query_row(&sql, rusqlite::params_from_iter(names.iter()), |r| r.get(0))?)
        })
        .await
    }

    async fn wait_for_work(&self, max: Duration) {
        let _ = tokio::time::timeout(max, self.notify.notified()).await;
    }

    async fn upsert_schedule(&self, s: Schedule) -> StoreResult<Schedule> {
        self.call(move |c, _| {
            let data = serde_json::to_string(&s.data).map_err(|e| corrupt(&s.id, e))?;
            // `last_fired` and `paused` are the schedule's own state: a re-registration keeps them.
            c.execute(
                "INSERT INTO schedules (id, name, data, cron, max_attempts, created_at, last_fired, paused)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT(id) DO UPDATE SET name = excluded.name, data = excluded.data, cron = excluded.cron,
                                               max_attempts = excluded.max_attempts",
                params![
                    s.id,
                    s.name,
                    data,
                    s.cron,
                    s.max_attempts,
                    s.created_at,
                    s.last_fired,
                    s.paused
                ],
            )?;
            get_schedule(c, &s.id)?.ok_or_else(|| StoreError::Internal(format!("schedule {} vanished", s.id)))
        })
        .await
    }

    async fn list_schedules(&self) -> StoreResult<Vec<Schedule>> {
        self.call(|c, _| {
            let mut st = c.prepare(&format!("SELECT {SCHEDULE_COLUMNS} FROM schedules ORDER BY id"))?;
            let rows = st.query_map([], schedule_from_row)?;
            rows.map(|r| r?).collect()
        })
        .await
    }

    async fn set_schedule_paused(&self, id: &str, paused: bool) -> StoreResult<Schedule> {
        let id = id.to_owned();
        self.call(move |c, now| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            // Resuming moves `last_fired` up to now: what passed while paused is not a catch-up to run.
            let n = tx.execute(
                "UPDATE schedules SET paused = ?2,
                        last_fired = CASE WHEN ?2 THEN last_fired ELSE MAX(COALESCE(last_fired, -1), ?3) END
                 WHERE id = ?1",
                params![id, paused, now],
            )?;
            if n == 0 {
                return Err(StoreError::NotFound { what: "schedule", id });
            }
            let schedule = get_schedule(&tx, &id)?.ok_or_else(|| StoreError::NotFound {
                what: "schedule",
                id: id.clone(),
            })?;
            tx.commit()?;
            Ok(schedule)
        })
        .await
    }

    async fn fire_schedule(&self, id: &str, occurrence: i64, job: Option<NewJob>) -> StoreResult<Option<String>> {
        let id = id.to_owned();
        let fired = self
            .call(move |c, now| {
                let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
                let n = tx.execute(
                    "UPDATE schedules SET last_fired = ?2 WHERE id = ?1 AND COALESCE(last_fired, -1) < ?2",
                    params![id, occurrence],
                )?;
                if n == 0 {
                    return Ok(None);
                }
                // Checked in the same step as the firing: a pause that lands after the caller read the
                // schedule still wins.
                let paused: bool = tx.query_row("SELECT paused FROM schedules WHERE id = ?1", [&id], |r| r.get(0))?;
                let job_id = match job {
                    Some(job) if !paused => Some(insert_job(&tx, &job, now)?.id),
                    _ => None,
                };
                tx.commit()?;
                Ok(job_id)
            })
            .await?;
        if fired.is_some() {
            self.notify.notify_waiters();
        }
        Ok(fired)
    }

    async fn rate_limit(&self, bucket: &str, rate: Rate) -> StoreResult<Duration> {
        let bucket = bucket.to_owned();
        self.call(move |c, now| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let tat: Option<f64> = tx
                .query_row("SELECT tat FROM rate_buckets WHERE bucket = ?1", [&bucket], |r| {
                    r.get(0)
                })
                .optional()?;
            let wait = match gcra(tat, now as f64, rate) {
                Ok(tat) => {
                    tx.execute(
                        "INSERT INTO rate_buckets (bucket, tat) VALUES (?1, ?2)
                         ON CONFLICT(bucket) DO UPDATE SET tat = excluded.tat",
                        params![bucket, tat],
                    )?;
                    0.0
                }
                Err(wait) => wait,
            };
            tx.commit()?;
            Ok(Duration::from_micros((wait * 1000.0).ceil() as u64))
        })
        .await
    }

    async fn job_counts(&self) -> StoreResult<Vec<(JobState, u64)>> {
        self.call(|c, _| {
            let mut st = c.prepare("SELECT state, COUNT(*) FROM jobs GROUP BY state")?;
            let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
            let mut out = Vec::new();
            for row in rows {
                let (state, n) = row?;
                let state =
                    JobState::parse(&state).ok_or_else(|| corrupt("jobs", format!("unknown state {state:?}")))?;
                out.push((state, n as u64));
            }
            Ok(out)
        })
        .await
    }

    async fn purge(&self, older_than: i64) -> StoreResult<usize> {
        self.call(move |c, now| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute(
                "DELETE FROM job_history WHERE job_id IN
                   (SELECT id FROM jobs WHERE state IN ('completed', 'failed', 'cancelled') AND finished_at < ?1)",
                [older_than],
            )?;
            let jobs = tx.execute(
                "DELETE FROM jobs WHERE state IN ('completed', 'failed', 'cancelled') AND finished_at < ?1",
                [older_than],
            )?;
            let statuses = tx.execute("DELETE FROM image_status WHERE expires_at <= ?1", [now])?;
            tx.commit()?;
            Ok(jobs + statuses)
        })
        .await
    }
}
