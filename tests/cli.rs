//! The `sleuths` binary end to end on a temporary data directory.

use std::process::{Command, Output};

use serde_json::Value;

fn run(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sleuths"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn case_create_wait_paints_every_picture_and_status_prints_the_spec_shape() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["case", "create", "--date", "2026-11-28", "--wait"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "case-2026-11-28");
    assert!(stderr(&out).contains("15/15 images, 0 errors"), "{}", stderr(&out));

    let out = run(dir.path(), &["case", "show", "case-2026-11-28", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let case: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(case["id"], "case-2026-11-28");
    let urls = ["locations", "suspects", "evidence"]
        .iter()
        .flat_map(|k| case[k].as_array().unwrap().iter())
        .filter(|item| item.get("imageUrl").or(item.get("profileImageUrl")).is_some())
        .count();
    assert_eq!(urls, 15);

    let out = run(dir.path(), &["images", "status", "case-2026-11-28", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["status"], "completed");
    assert_eq!(s["progress"], serde_json::json!({"current": 15, "total": 15}));
    assert_eq!(s["images"]["locations"].as_array().unwrap().len(), 4);
    assert_eq!(s["images"]["suspects"].as_array().unwrap().len(), 3);
    assert_eq!(s["images"]["evidence"].as_array().unwrap().len(), 8);
    assert!(s["startedAt"].is_i64() && s["completedAt"].is_i64());

    // The files are real pictures of the promised sizes.
    let full = dir.path().join("images/case-2026-11-28/suspect-0.jpg");
    let thumb = dir.path().join("images/case-2026-11-28/suspect-0.thumb.jpg");
    let full = image::open(full).unwrap();
    let thumb = image::open(thumb).unwrap();
    assert!(full.width().max(full.height()) <= 1024);
    assert!(thumb.width().max(thumb.height()) <= 256);

    // The daily case of a date exists once.
    let again = run(dir.path(), &["case", "create", "--date", "2026-11-28"]);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("already exists"), "{}", stderr(&again));

    // A second generate paints nothing new and completes.
    let out = run(dir.path(), &["images", "generate", "case-2026-11-28", "--wait"]);
    assert!(out.status.success(), "{}", stderr(&out));

    let out = run(dir.path(), &["jobs", "list"]);
    assert!(out.status.success());
    let list = String::from_utf8_lossy(&out.stdout);
    assert!(
        list.contains("generate-case-images") && list.contains("completed"),
        "{list}"
    );
}

#[test]
fn bad_input_gets_a_clear_error_and_a_failing_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["case", "create", "--date", "2026-13-45"],
            "not a date of the form YYYY-MM-DD",
        ),
        (
            &["case", "create", "--date", "yesterday"],
            "not a date of the form YYYY-MM-DD",
        ),
        (&["case", "show", "case-nope"], "case \"case-nope\" not found"),
        (&["images", "generate", "case-nope"], "case \"case-nope\" not found"),
        (&["images", "generate", "../etc/passwd"], "invalid case id"),
        (
            &["images", "status", "case-nope"],
            "no image-generation status for case \"case-nope\"",
        ),
        (&["jobs", "cancel", "job-nope"], "\"job-nope\" not found"),
        (&["jobs", "retry", "job-nope"], "\"job-nope\" not found"),
        (&["jobs", "list", "--state", "sleeping"], "unknown state"),
        (
            &["images", "generate", "case-nope", "--repaint", "mugshot-1"],
            "\"mugshot-1\" is not a slot: use KIND-INDEX",
        ),
        (
            &["--images", "ftp://pictures", "case", "create"],
            "images \"ftp://pictures\" is not available: use local or s3://BUCKET[/PREFIX]",
        ),
        (
            &["--images", "s3://", "case", "create"],
            "\"s3://\" is not an s3://BUCKET[/PREFIX] address",
        ),
    ];
    for (args, expected) in cases {
        let out = run(dir.path(), args);
        assert!(!out.status.success(), "{args:?} should fail");
        assert!(stderr(&out).contains(expected), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn a_bad_cron_in_the_config_file_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("bad.toml");
    std::fs::write(
        &config,
        "[scheduler.tasks.daily-case-generation]\ncron = \"0 25 * * *\"\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_sleuths"))
        .arg("--config")
        .arg(&config)
        .arg("config")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("bad cron expression"), "{}", stderr(&out));
}

#[test]
fn a_corrupt_case_record_is_reported_not_panicked_on() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["case", "create", "--date", "2026-11-28"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let conn = rusqlite::Connection::open(dir.path().join("sleuths.db")).unwrap();
    conn.execute("UPDATE cases SET body = '{\"id\": 42' WHERE id = 'case-2026-11-28'", [])
        .unwrap();
    conn.execute(
        "UPDATE image_status SET body = 'garbage' WHERE case_id = 'case-2026-11-28'",
        [],
    )
    .unwrap();
    for args in [
        &["case", "show", "case-2026-11-28"][..],
        &["images", "status", "case-2026-11-28"][..],
    ] {
        let out = run(dir.path(), args);
        assert!(!out.status.success());
        assert!(stderr(&out).contains("corrupt record"), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"));
    }
}

#[test]
fn config_prints_the_effective_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_sleuths"))
        .args(["config"])
        .env("SLEUTHS_DATA_DIR", dir.path())
        .env("SLEUTHS_IMAGE_CONCURRENCY", "6")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    let parsed: toml::Value = toml::from_str(&text).unwrap();
    assert_eq!(parsed["data_dir"].as_str(), Some(dir.path().to_str().unwrap()));
    assert_eq!(parsed["pipeline"]["concurrency"].as_integer(), Some(6));
    assert_eq!(
        parsed["scheduler"]["tasks"]["daily-case-generation"]["cron"].as_str(),
        Some("0 0 * * *")
    );
}
