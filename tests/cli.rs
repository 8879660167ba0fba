//! The `sleuths` binary end to end on a temporary data directory.

mod common;

use std::process::{Command, Output};

use common::SpawnGuarded;

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
            "is not a day of the calendar",
        ),
        (
            &["case", "create", "--date", "2026-02-30"],
            "is not a day of the calendar",
        ),
        (
            &["case", "create", "--date", "26-12-03"],
            "not a date of the form YYYY-MM-DD",
        ),
        (
            &["case", "create", "--date", "2026-1-1"],
            "not a date of the form YYYY-MM-DD",
        ),
        (
            &["case", "create", "--date", "yesterday"],
            "not a date of the form YYYY-MM-DD",
        ),
        (
            &["case", "create", "--date", "+99999-01-01"],
            "not a date of the form YYYY-MM-DD",
        ),
        (
            &["case", "create", "--date", "1999-12-31"],
            "is outside 2000-01-01..9999-12-31",
        ),
        (
            &["--image-provider", "gemini", "config"],
            "the gemini provider needs an API key",
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
            "\"mugshot-1\" is not a slot: use the case's ids, e.g. loc-1, suspect-1, ev-8",
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

/// Runs `sleuths --config FILE ARGS` with a config file holding `text` (and the data directory).
fn with_config(dir: &std::path::Path, text: &str, args: &[&str]) -> Output {
    let config = dir.join("sleuths.toml");
    std::fs::write(&config, format!("data_dir = {:?}\n{text}", dir)).unwrap();
    Command::new(env!("CARGO_BIN_EXE_sleuths"))
        .arg("--config")
        .arg(&config)
        .args(args)
        .env_remove("SLEUTHS_LOG")
        .output()
        .unwrap()
}

#[test]
fn case_show_prints_the_solution_in_text() {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        run(dir.path(), &["case", "create", "--date", "2026-11-28"])
            .status
            .success()
    );
    let json = run(dir.path(), &["case", "show", "case-2026-11-28", "--json"]);
    let case: Value = serde_json::from_slice(&json.stdout).unwrap();
    let culprit_id = case["solution"]["culpritId"].as_str().unwrap();
    let culprit = case["suspects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == culprit_id)
        .unwrap();

    let out = run(dir.path(), &["case", "show", "case-2026-11-28"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Solution"), "{text}");
    let culprit_line = format!("Culprit:      {} ({culprit_id})", culprit["name"].as_str().unwrap());
    assert!(text.contains(&culprit_line), "{text}");
    assert!(text.contains(case["solution"]["motive"].as_str().unwrap()), "{text}");
    assert!(text.contains(case["solution"]["method"].as_str().unwrap()), "{text}");
    for id in case["solution"]["keyEvidence"].as_array().unwrap() {
        assert!(text.contains(id.as_str().unwrap()), "{text}");
    }
}

#[test]
fn partial_nested_tables_in_the_config_file_keep_the_other_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let out = with_config(
        dir.path(),
        "[case]\nsuspects = 5\n[gemini.aspect_ratio]\nsuspect = \"1:1\"\n[openai.size]\nsuspect = \"1024x1024\"\n",
        &["config"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let parsed: toml::Value = toml::from_str(&String::from_utf8_lossy(&out.stdout)).unwrap();
    assert_eq!(parsed["case"]["suspects"].as_integer(), Some(5));
    assert_eq!(parsed["case"]["locations"].as_integer(), Some(4));
    assert_eq!(parsed["case"]["evidence"].as_integer(), Some(8));
    assert_eq!(parsed["gemini"]["aspect_ratio"]["suspect"].as_str(), Some("1:1"));
    assert_eq!(parsed["gemini"]["aspect_ratio"]["location"].as_str(), Some("3:2"));
    assert_eq!(parsed["openai"]["size"]["suspect"].as_str(), Some("1024x1024"));
    assert_eq!(parsed["openai"]["size"]["location"].as_str(), Some("1536x1024"));

    // And a case is written with the counts the file asked for.
    let out = with_config(dir.path(), "[case]\nsuspects = 5\n", &["case", "create", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let case: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(case["suspects"].as_array().unwrap().len(), 5);
    assert_eq!(case["locations"].as_array().unwrap().len(), 4);
}

#[test]
fn values_that_cannot_work_are_refused_naming_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    for (text, setting) in [
        ("[case]\nsuspects = 0\n", "case.suspects = 0"),
        ("[case]\nlocations = 0\n", "case.locations = 0"),
        ("[case]\nevidence = 1\n", "case.evidence = 1"),
        ("[case]\nsuspects = 500\n", "case.suspects = 500"),
        ("[pipeline]\nconcurrency = 0\n", "pipeline.concurrency = 0"),
        ("[scheduler]\nconcurrency = 0\n", "scheduler.concurrency = 0"),
        ("[pipeline]\nslot_attempts = 0\n", "pipeline.slot_attempts = 0"),
        ("[case]\nsuspect = 3\n", "unknown field `suspect`"),
    ] {
        for args in [&["config"][..], &["case", "create"][..], &["worker"][..]] {
            let out = with_config(dir.path(), text, args);
            assert!(!out.status.success(), "{text:?} {args:?} should be refused");
            assert!(stderr(&out).contains(setting), "{text:?} {args:?}: {}", stderr(&out));
        }
    }
    // Nothing was created by the refused commands.
    assert!(!dir.path().join("sleuths.db").exists());
}

#[test]
fn a_config_file_sets_the_log_level_only_when_it_names_one_and_logs_carry_no_colour_off_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    // One-shot commands log at warn unless the file asks for more.
    let quiet = with_config(dir.path(), "", &["case", "create"]);
    assert!(quiet.status.success(), "{}", stderr(&quiet));
    assert!(!stderr(&quiet).contains("INFO"), "{}", stderr(&quiet));
    let chatty = with_config(dir.path(), "log_level = \"info\"\n", &["case", "create"]);
    assert!(chatty.status.success(), "{}", stderr(&chatty));
    assert!(stderr(&chatty).contains("INFO"), "{}", stderr(&chatty));
    // stderr is a pipe here: no ANSI escapes.
    assert!(!stderr(&chatty).contains('\u{1b}'), "{:?}", stderr(&chatty));
}

#[test]
fn a_missing_config_file_is_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere.toml");
    let out = Command::new(env!("CARGO_BIN_EXE_sleuths"))
        .arg("--config")
        .arg(&missing)
        .arg("config")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = stderr(&out);
    assert_eq!(err.matches("nowhere.toml").count(), 1, "{err}");
    assert_eq!(err.matches("No such file").count(), 1, "{err}");
}

#[test]
fn jobs_list_filters_every_row_by_state_and_shows_schedules_apart() {
    let dir = tempfile::tempdir().unwrap();
    // A worker registers the daily schedule; stop it before it paints anything of the next case.
    let mut worker = Command::new(env!("CARGO_BIN_EXE_sleuths"))
        .arg("--data-dir")
        .arg(dir.path())
        .arg("worker")
        .stderr(std::process::Stdio::null())
        .spawn_guarded();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !String::from_utf8_lossy(&run(dir.path(), &["jobs", "list", "--schedules"]).stdout)
        .contains("daily-case-generation")
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the worker registered no schedule"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    Command::new("kill")
        .args(["-TERM", &worker.id().to_string()])
        .status()
        .unwrap();
    assert!(worker.wait().unwrap().success());
    let created = run(dir.path(), &["case", "create"]);
    let case_id = String::from_utf8_lossy(&created.stdout).trim().to_owned();

    let all = String::from_utf8_lossy(&run(dir.path(), &["jobs", "list"]).stdout).into_owned();
    let header = all.lines().next().unwrap();
    for column in ["ID", "NAME", "STATE", "CASE", "ATTEMPTS", "RUN AT", "LAST ERROR"] {
        assert!(header.contains(column), "{all}");
    }
    let queued_row = all
        .lines()
        .find(|l| l.contains(&case_id))
        .expect("a row for the new case");
    assert!(
        queued_row.contains("queued") && queued_row.contains("generate-case-images"),
        "{all}"
    );
    let schedules = all
        .lines()
        .skip_while(|l| !l.starts_with("SCHEDULE"))
        .collect::<Vec<_>>();
    assert!(
        schedules[0].contains("NEXT RUN") && schedules[0].contains("LAST FIRED"),
        "{all}"
    );
    let daily = schedules
        .iter()
        .find(|l| l.contains("daily-case-generation"))
        .expect("the schedule");
    assert!(daily.contains("0 0 * * *"), "{daily}");
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1))
        .format("%Y-%m-%dT00:00:00Z")
        .to_string();
    assert!(
        daily.trim_end().ends_with(&tomorrow),
        "next run in its own column: {daily}"
    );

    // --state applies to every row: the schedule is not a queued job.
    let queued = String::from_utf8_lossy(&run(dir.path(), &["jobs", "list", "--state", "queued"]).stdout).into_owned();
    assert!(queued.contains(&case_id), "{queued}");
    assert!(!queued.contains("daily-case-generation"), "{queued}");
    let json = run(dir.path(), &["jobs", "list", "--state", "queued", "--json"]);
    let v: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(v["jobs"].as_array().unwrap().iter().all(|j| j["kind"] == "once"), "{v}");
    assert!(
        v["jobs"].as_array().unwrap().iter().all(|j| j["state"] == "queued"),
        "{v}"
    );
}

/// Starts `sleuths worker` on the data directory and waits until it has registered its schedules.
fn start_worker(dir: &std::path::Path) -> common::KillOnDrop {
    let mut worker = Command::new(env!("CARGO_BIN_EXE_sleuths"))
        .arg("--data-dir")
        .arg(dir)
        .arg("worker")
        .env("SLEUTHS_LOG", "info")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn_guarded();
    // The worker logs "worker started" once its schedules are registered.
    let stderr = worker.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufRead::lines(std::io::BufReader::new(stderr)).map_while(Result::ok) {
            if line.contains("worker started") {
                let _ = tx.send(());
            }
        }
    });
    rx.recv_timeout(std::time::Duration::from_secs(30))
        .expect("the worker started and registered its schedules");
    worker
}

fn stop_worker(mut worker: common::KillOnDrop) {
    Command::new("kill")
        .args(["-TERM", &worker.id().to_string()])
        .status()
        .unwrap();
    assert!(worker.wait().unwrap().success());
}

/// The daily schedule as `jobs list --schedules --json` shows it.
fn daily_schedule(dir: &std::path::Path) -> Value {
    let out = run(dir, &["jobs", "list", "--schedules", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "recurring" && s["id"] == "daily-case-generation")
        .cloned()
        .unwrap_or_else(|| panic!("no daily schedule in {v}"))
}

/// The daily schedule's row of the plain `jobs list`.
fn daily_row(dir: &std::path::Path) -> String {
    let out = String::from_utf8_lossy(&run(dir, &["jobs", "list"]).stdout).into_owned();
    let header = out
        .lines()
        .find(|l| l.starts_with("SCHEDULE"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(header.contains("STATE"), "{out}");
    out.lines()
        .skip_while(|l| !l.starts_with("SCHEDULE"))
        .find(|l| l.starts_with("daily-case-generation"))
        .unwrap_or_else(|| panic!("no daily row in {out}"))
        .to_owned()
}

#[test]
fn a_schedule_is_paused_not_cancelled_and_its_pause_outlives_a_worker_restart() {
    let dir = tempfile::tempdir().unwrap();
    stop_worker(start_worker(dir.path()));

    let out = run(dir.path(), &["jobs", "cancel", "daily-case-generation"]);
    assert!(!out.status.success(), "cancelling a schedule should fail");
    assert!(
        stderr(&out)
            .contains("is a recurring schedule, not a job: pause it with `sleuths jobs pause daily-case-generation`"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        daily_schedule(dir.path())["paused"],
        false,
        "the schedule is still there"
    );
    assert!(daily_row(dir.path()).contains(" active "), "{}", daily_row(dir.path()));

    let out = run(dir.path(), &["jobs", "pause", "daily-case-generation"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("paused daily-case-generation"));
    // A restarted worker registers the schedule again; it stays paused.
    stop_worker(start_worker(dir.path()));
    assert_eq!(daily_schedule(dir.path())["paused"], true, "the restart unpaused it");
    let row = daily_row(dir.path());
    assert!(row.contains(" paused ") && !row.contains(" active "), "{row}");

    let out = run(dir.path(), &["jobs", "resume", "daily-case-generation"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("resumed daily-case-generation: next run"));
    assert_eq!(daily_schedule(dir.path())["paused"], false);
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1))
        .format("%Y-%m-%dT00:00:00Z")
        .to_string();
    let row = daily_row(dir.path());
    assert!(row.contains(" active ") && row.trim_end().ends_with(&tomorrow), "{row}");

    let out = run(dir.path(), &["jobs", "pause", "cron-nope"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("schedule \"cron-nope\" not found"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn plain_images_status_shows_a_cancellation() {
    let dir = tempfile::tempdir().unwrap();
    let created = run(dir.path(), &["case", "create"]);
    let case_id = String::from_utf8_lossy(&created.stdout).trim().to_owned();
    let json = run(dir.path(), &["jobs", "list", "--state", "queued", "--json"]);
    let v: Value = serde_json::from_slice(&json.stdout).unwrap();
    let job_id = v["jobs"][0]["id"].as_str().unwrap().to_owned();
    assert!(run(dir.path(), &["jobs", "cancel", &job_id]).status.success());
    let out = run(dir.path(), &["images", "status", &case_id]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&format!("job:       {job_id} (cancelled)")), "{text}");
    assert!(text.contains("cancelled: the job was cancelled at"), "{text}");
}

#[test]
fn images_status_watch_prints_a_line_per_change_off_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let config_text = "image_latency = \"150ms\"\n[pipeline]\nconcurrency = 1\n";
    let created = with_config(dir.path(), config_text, &["case", "create"]);
    let case_id = String::from_utf8_lossy(&created.stdout).trim().to_owned();
    let config = dir.path().join("sleuths.toml");
    // The watcher's stdout is a pipe. Its first line comes before any work starts.
    let mut watcher = Command::new(env!("CARGO_BIN_EXE_sleuths"))
        .arg("--config")
        .arg(&config)
        .args(["images", "status", &case_id, "--watch"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn_guarded();
    let mut reader = std::io::BufReader::new(watcher.stdout.take().unwrap());
    let mut first = String::new();
    std::io::BufRead::read_line(&mut reader, &mut first).unwrap();
    assert!(first.contains(" pending 0/15"), "{first:?}");
    let painted = with_config(dir.path(), config_text, &["images", "generate", &case_id, "--wait"]);
    assert!(painted.status.success(), "{}", stderr(&painted));
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut reader, &mut rest).unwrap();
    assert!(watcher.wait().unwrap().success());
    let lines: Vec<String> = std::iter::once(first.trim_end().to_owned())
        .chain(rest.lines().map(str::to_owned))
        .collect();
    assert!(lines.len() >= 5, "one line per change: {lines:?}");
    assert!(lines.iter().any(|l| l.contains(" generating ")), "{lines:?}");
    assert!(lines.last().unwrap().contains(" completed 15/15"), "{lines:?}");
    // Each line is a timestamp and a state, for a log file.
    assert!(
        lines.iter().all(|l| l.len() > 20 && l.as_bytes()[4] == b'-'),
        "{lines:?}"
    );
}

#[test]
fn a_procedural_repaint_gives_a_new_take() {
    let dir = tempfile::tempdir().unwrap();
    let url_of = |slot: &str| {
        let out = run(dir.path(), &["case", "show", "case-2026-11-28", "--json"]);
        let case: Value = serde_json::from_slice(&out.stdout).unwrap();
        let (kind, index) = slot.split_once('-').unwrap();
        let item = &case[format!("{kind}s")][index.parse::<usize>().unwrap()];
        item.get("profileImageUrl")
            .or(item.get("imageUrl"))
            .and_then(Value::as_str)
            .unwrap()
            .to_owned()
    };
    assert!(
        run(dir.path(), &["case", "create", "--date", "2026-11-28", "--wait"])
            .status
            .success()
    );
    // The page's Suspect 2 (`suspect-2`, as the page counts) is the case's second suspect; its picture's
    // file keeps the stored name it always had.
    let file = dir.path().join("images/case-2026-11-28/suspect-1.jpg");
    let (before_url, before_bytes) = (url_of("suspect-1"), std::fs::read(&file).unwrap());
    let other = url_of("location-0");

    let out = run(
        dir.path(),
        &[
            "images",
            "generate",
            "case-2026-11-28",
            "--repaint",
            "suspect-2",
            "--wait",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        !stderr(&out).contains("deprecated"),
        "suspect-2 is the page's Suspect 2, a current name"
    );
    let after_bytes = std::fs::read(&file).unwrap();
    assert_ne!(url_of("suspect-1"), before_url, "the URL names the new picture");
    assert_ne!(after_bytes, before_bytes, "a new take, not the same pixels again");
    assert_eq!(url_of("location-0"), other, "nothing else was repainted");
}

#[test]
fn a_one_shot_command_whose_reader_goes_away_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    for _ in 0..3 {
        assert!(run(dir.path(), &["case", "create"]).status.success());
    }
    // `sleuths jobs list | true`: the reader is gone before the first line is written.
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "{} --data-dir {} jobs list | true",
            env!("CARGO_BIN_EXE_sleuths"),
            dir.path().display()
        ))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("Broken pipe"), "{}", stderr(&out));
}
