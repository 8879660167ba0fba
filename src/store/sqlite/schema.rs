//! The SQLite schema and its migrations, keyed by `PRAGMA user_version`.

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::store::{StoreError, StoreResult};

const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE cases (
    id          TEXT PRIMARY KEY,
    date        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    body        TEXT NOT NULL
);
CREATE INDEX cases_by_created ON cases (created_at);

CREATE TABLE image_status (
    case_id     TEXT PRIMARY KEY,
    body        TEXT NOT NULL,
    expires_at  INTEGER
);

CREATE TABLE jobs (
    id                TEXT PRIMARY KEY,
    name              TEXT NOT NULL,
    data              TEXT NOT NULL,
    state             TEXT NOT NULL,
    key               TEXT,
    attempts          INTEGER NOT NULL,
    max_attempts      INTEGER NOT NULL,
    run_at            INTEGER NOT NULL,
    lease_token       TEXT,
    lease_expires_at  INTEGER,
    worker            TEXT,
    last_error        TEXT,
    schedule_id       TEXT,
    occurrence        INTEGER,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    finished_at       INTEGER
);
-- One active job per idempotency key, enforced by the database itself.
CREATE UNIQUE INDEX jobs_active_key ON jobs (key) WHERE key IS NOT NULL AND state IN ('queued', 'running');
CREATE INDEX jobs_due ON jobs (state, run_at);
CREATE INDEX jobs_created ON jobs (created_at);

CREATE TABLE schedules (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    data          TEXT NOT NULL,
    cron          TEXT NOT NULL,
    max_attempts  INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    last_fired    INTEGER
);
"#,
    r#"
-- Rate-limit buckets (GCRA theoretical arrival times), shared by every process on the file.
CREATE TABLE rate_buckets (
    bucket  TEXT PRIMARY KEY,
    tat     REAL NOT NULL
);
"#,
    r#"
-- A paused schedule fires nothing until resumed; the flag outlives restarts and re-registration.
ALTER TABLE schedules ADD COLUMN paused INTEGER NOT NULL DEFAULT 0;
"#,
    r#"
-- Takeovers after a lost lease, counted apart from attempts: a dead worker is not the job's fault.
ALTER TABLE jobs ADD COLUMN crashes INTEGER NOT NULL DEFAULT 0;
"#,
    r#"
-- The spend ledger: one row per paid provider call, and each UTC day's settled and reserved money
-- (micro-dollars), which the daily budget is checked against.
CREATE TABLE spend_ledger (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    day        TEXT NOT NULL,
    at         INTEGER NOT NULL,
    provider   TEXT NOT NULL,
    model      TEXT NOT NULL,
    case_id    TEXT NOT NULL,
    micros     INTEGER NOT NULL,
    painted    INTEGER NOT NULL,
    body       TEXT NOT NULL
);
CREATE INDEX spend_ledger_by_day ON spend_ledger (day);
CREATE TABLE spend_days (
    day       TEXT PRIMARY KEY,
    spent     INTEGER NOT NULL DEFAULT 0,
    reserved  INTEGER NOT NULL DEFAULT 0
);
-- Settings a moderator changes at run time, shared by every process (the daily budget).
CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
"#,
    r#"
-- Why a queued job waits (budget, quota, batch-poll, transient-rerun), as a field: a raised budget wakes
-- the jobs it paused by it. Jobs that an older release paused for the budget said so only in their
-- message; this one-time step gives them the field.
ALTER TABLE jobs ADD COLUMN paused_for TEXT;
UPDATE jobs SET paused_for = 'budget'
 WHERE state = 'queued' AND substr(last_error, 1, 16) = 'the daily budget';
"#,
    r#"
-- Each job's history, oldest first (seq), dropped with the job; the job counts the events dropped past
-- the limit (domain::history::HISTORY_LIMIT).
CREATE TABLE job_history (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id  TEXT NOT NULL,
    body    TEXT NOT NULL
);
CREATE INDEX job_history_by_job ON job_history (job_id, seq);
ALTER TABLE jobs ADD COLUMN history_dropped INTEGER NOT NULL DEFAULT 0;
"#,
    r#"
-- The W3C traceparent a job's runs continue (OpenTelemetry), when traces were on as it was queued.
ALTER TABLE jobs ADD COLUMN traceparent TEXT;
"#,
];

/// Applies the migrations this file has not yet seen. A file from a newer release is refused, untouched.
pub fn migrate(conn: &Connection) -> StoreResult<()> {
    let version: usize = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > MIGRATIONS.len() {
        return Err(StoreError::TooNew {
            what: "database file",
            found: version as u64,
            known: MIGRATIONS.len() as u64,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
        // The version is read again under the write lock: processes that open the file at the same moment
        // (a worker and a CLI command on a new data directory) apply each migration once, not twice.
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        let seen: usize = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if seen > MIGRATIONS.len() {
            return Err(StoreError::TooNew {
                what: "database file",
                found: seen as u64,
                known: MIGRATIONS.len() as u64,
            });
        }
        if seen <= i {
            tx.execute_batch(&format!("{sql} PRAGMA user_version = {};", i + 1))?;
        }
        tx.commit()?;
    }
    Ok(())
}
