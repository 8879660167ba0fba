//! Upgrades keep data: a data directory and a Redis dump written by the release before the schema and
//! the key layout carried a version (Redis layout 1: keys as named, no hash tag; this binary writes
//! layout 2 and moves them) (`tests/fixtures/upgrade-v0`, made by `make-upgrade-fixtures.sh`)
//! open with this binary, keep their cases, jobs and schedules, and the queued work goes on. Data from a
//! newer release is refused, untouched.
//!
//! What the fixtures hold: case-2026-11-01 painted (5 pictures), case-2026-11-02 created with its
//! pictures queued, case-2026-11-03 with its job cancelled, the daily schedule paused. Finished status
//! records expire a week after they end, so the tests look at what never expires: cases, jobs,
//! schedules, unfinished records and picture files.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::redis::OwnRedis;
use serde_json::Value;

fn fixture(part: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/upgrade-v0")
        .join(part)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// `sleuths` with this data directory (and store, when given).
fn sleuths(data: &Path, store: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sleuths"));
    cmd.arg("--data-dir").arg(data).env_remove("SLEUTHS_CONFIG");
    if let Some(store) = store {
        cmd.args(["--store", store]);
    }
    cmd.args(args).output().expect("run sleuths")
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Everything the old release wrote is there and the work goes on.
fn check_upgraded(data: &Path, store: Option<&str>) {
    let listed: Value = serde_json::from_str(&ok(sleuths(data, store, &["jobs", "list", "--json"]))).unwrap();
    let state_of = |case: &str| -> Vec<String> {
        listed["jobs"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|j| j["data"]["caseId"] == case)
            .map(|j| j["state"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(state_of("case-2026-11-01"), ["completed"]);
    assert_eq!(state_of("case-2026-11-02"), ["queued"]);
    assert_eq!(state_of("case-2026-11-03"), ["cancelled"]);
    let schedule = listed["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["kind"] == "recurring")
        .expect("the daily schedule is listed");
    assert_eq!(schedule["id"], "daily-case-generation");
    assert_eq!(schedule["paused"], true, "the pause outlives the upgrade: {schedule}");

    // The painted case keeps its pictures, and they are still on disk.
    let shown = ok(sleuths(data, store, &["case", "show", "case-2026-11-01"]));
    let urls: Vec<&str> = shown
        .split_whitespace()
        .filter(|w| w.starts_with("/images/case-2026-11-01/"))
        .collect();
    assert_eq!(urls.len(), 5, "five picture URLs in:\n{shown}");
    for url in urls {
        let name = url.trim_start_matches("/images/").split('?').next().unwrap();
        assert!(data.join("images").join(name).is_file(), "{name} is on disk");
    }

    // The queued case's record is as the old release left it; this binary paints it.
    let status: Value = serde_json::from_str(&ok(sleuths(
        data,
        store,
        &["images", "status", "case-2026-11-02", "--json"],
    )))
    .unwrap();
    assert_eq!(status["status"], "pending", "{status}");
    ok(sleuths(
        data,
        store,
        &["images", "generate", "case-2026-11-02", "--wait"],
    ));
    let status: Value = serde_json::from_str(&ok(sleuths(
        data,
        store,
        &["images", "status", "case-2026-11-02", "--json"],
    )))
    .unwrap();
    assert_eq!(status["status"], "completed", "{status}");
    assert_eq!(status["progress"]["current"], 5);
}

#[test]
fn a_data_directory_from_before_the_schema_version_opens_whole_and_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(&fixture("sqlite"), &data);
    check_upgraded(&data, None);
    let conn = rusqlite::Connection::open(data.join("sleuths.db")).unwrap();
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert!(version >= 4, "schema version {version}");
}

#[test]
fn a_database_file_from_a_newer_release_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(&fixture("sqlite"), &data);
    let db = data.join("sleuths.db");
    rusqlite::Connection::open(&db)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let before = std::fs::read(&db).unwrap();
    let out = sleuths(&data, None, &["jobs", "list"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("written by a newer sleuths (version 99"),
        "stderr: {stderr}"
    );
    assert!(std::fs::read(&db).unwrap() == before, "the file was changed");
}

#[test]
fn a_redis_from_before_the_layout_version_opens_whole_and_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let redis_dir = dir.path().join("redis");
    std::fs::create_dir_all(&redis_dir).unwrap();
    let redis = OwnRedis::from_dump(&redis_dir, &fixture("redis/dump.rdb"));
    let data = dir.path().join("data");
    copy_dir(&fixture("redis/images"), &data.join("images"));
    let url = redis.url();
    check_upgraded(&data, Some(&url));
    // Layout 2: every key moved under the deployment's hash tag, none left outside it.
    let cli = |args: &[&str]| {
        let out = Command::new("redis-cli")
            .args(["-u", &url])
            .args(args)
            .output()
            .expect("redis-cli (Debian package redis-tools)");
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    };
    assert_eq!(cli(&["GET", "{sleuths}:layout"]), "3");
    let keys = cli(&["KEYS", "*"]);
    assert!(
        keys.lines().all(|k| k.starts_with("{sleuths}:")),
        "keys outside the hash tag:\n{keys}"
    );
}

#[test]
fn a_redis_from_a_newer_release_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let redis_dir = dir.path().join("redis");
    std::fs::create_dir_all(&redis_dir).unwrap();
    let redis = OwnRedis::from_dump(&redis_dir, &fixture("redis/dump.rdb"));
    let url = redis.url();
    let cli = |args: &[&str]| {
        let out = Command::new("redis-cli")
            .arg("-u")
            .arg(&url)
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    };
    cli(&["SET", "{sleuths}:layout", "99"]);
    let keys_before = cli(&["DBSIZE"]);
    let out = sleuths(dir.path(), Some(&url), &["jobs", "list"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("Redis key layout was written by a newer sleuths (version 99"),
        "stderr: {stderr}"
    );
    assert_eq!(cli(&["GET", "{sleuths}:layout"]), "99");
    assert!(cli(&["EXISTS", "cases"]) == "1", "the old layout's keys were moved");
    assert_eq!(cli(&["DBSIZE"]), keys_before);
}
