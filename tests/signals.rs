//! Ctrl-C on real processes: `--wait` hands its job straight back, `serve`/`worker` say what they wait
//! for and a second Ctrl-C exits at once, and a restarted worker says how long a dead one's lease holds.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::SpawnGuarded;

use serde_json::Value;
use sleuths::clock::SystemClock;
use sleuths::domain::JobState;

fn sleuths(config: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sleuths"));
    c.arg("--config").arg(config).env_remove("SLEUTHS_LOG");
    c
}

fn write_config(dir: &Path, extra: &str) -> std::path::PathBuf {
    let config = dir.join("sleuths.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = {:?}\nimage_latency = \"1s\"\n[pipeline]\nconcurrency = 2\n\
             [scheduler]\npoll = \"100ms\"\n{extra}",
            dir
        ),
    )
    .unwrap();
    config
}

fn signal(child: &Child, sig: &str) {
    let ok = Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
}

/// Waits for the child to exit, up to `within`.
fn exit_within(child: &mut Child, within: Duration) -> std::process::ExitStatus {
    let deadline = Instant::now() + within;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(Instant::now() < deadline, "the process did not exit within {within:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits until the file holds `text`; returns the file's content.
fn wait_for_text(path: &Path, text: &str, within: Duration) -> String {
    let deadline = Instant::now() + within;
    loop {
        let content = std::fs::read_to_string(path).unwrap_or_default();
        if content.contains(text) {
            return content;
        }
        assert!(
            Instant::now() < deadline,
            "no {text:?} within {within:?} in:\n{content}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn job_of(config: &Path, case_id: &str) -> Value {
    let out = sleuths(config).args(["jobs", "list", "--json"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["data"]["caseId"] == case_id)
        .cloned()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_on_wait_prints_the_id_first_hands_the_job_back_at_once_and_says_how_to_resume() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), "lease = \"30s\"\n");
    let mut waiting = sleuths(&config)
        .args(["case", "create", "--wait"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn_guarded();
    let mut first = String::new();
    BufReader::new(waiting.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let case_id = first.trim().to_owned();
    assert!(case_id.starts_with("case-"), "the id comes first: {first:?}");

    let store = common::open_store(&dir, std::sync::Arc::new(SystemClock));
    let deadline = Instant::now() + Duration::from_secs(30);
    while store.get_status(&case_id).await.unwrap().unwrap().progress.current < 2 {
        assert!(Instant::now() < deadline, "no progress");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    signal(&waiting, "-INT");
    let interrupted_at = Instant::now();
    let status = exit_within(&mut waiting, Duration::from_secs(5));
    assert_eq!(status.code(), Some(130));
    let mut err = String::new();
    std::io::Read::read_to_string(&mut waiting.stderr.take().unwrap(), &mut err).unwrap();
    let hint = err
        .lines()
        .find_map(|l| l.strip_prefix("resume here with: "))
        .unwrap_or_else(|| panic!("a resume hint: {err}"))
        .to_owned();
    assert!(hint.ends_with(&format!("images generate {case_id} --wait")), "{hint}");
    assert!(
        interrupted_at.elapsed() < Duration::from_secs(3),
        "the slots in flight were abandoned"
    );

    // The job is back in the queue, due now: no 30 s lease to wait out.
    let job = job_of(&config, &case_id);
    assert_eq!(job["state"], "queued", "{job}");
    assert!(
        job["runAt"].as_i64().unwrap() <= chrono::Utc::now().timestamp_millis(),
        "{job}"
    );
    let painted = store.get_status(&case_id).await.unwrap().unwrap().progress.current;
    assert!(painted < 15, "{painted}");

    // The printed command resumes it as printed, by a shell, from another directory and without the
    // configuration's variable (the binary's path and the flags given are in it).
    let resumed = Command::new("sh")
        .args(["-c", &hint])
        .current_dir(dir.path())
        .env_remove("SLEUTHS_CONFIG")
        .env_remove("SLEUTHS_DATA_DIR")
        .output()
        .unwrap();
    assert!(resumed.status.success(), "{}", String::from_utf8_lossy(&resumed.stderr));
    let done = store.get_status(&case_id).await.unwrap().unwrap();
    assert_eq!((done.progress.current, done.images.count()), (15, 15));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_says_what_it_waits_for_a_second_ctrl_c_exits_at_once_and_a_restart_names_the_lease_wait() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), "lease = \"4s\"\nshutdown_grace = \"20s\"\n");
    let created = sleuths(&config).args(["case", "create"]).output().unwrap();
    let case_id = String::from_utf8_lossy(&created.stdout).trim().to_owned();

    let first_log = dir.path().join("worker-1.log");
    let mut first = sleuths(&config)
        .args(["worker", "--no-cron"])
        .stderr(std::fs::File::create(&first_log).unwrap())
        .spawn_guarded();
    let store = common::open_store(&dir, std::sync::Arc::new(SystemClock));
    let deadline = Instant::now() + Duration::from_secs(30);
    while store.get_status(&case_id).await.unwrap().unwrap().progress.current < 1 {
        assert!(Instant::now() < deadline, "no progress");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    signal(&first, "-INT");
    let log = wait_for_text(&first_log, "press Ctrl-C again to exit at once", Duration::from_secs(5));
    assert!(log.contains("running jobs get up to 20s"), "{log}");
    wait_for_text(
        &first_log,
        "waiting up to 20s for 1 running job(s)",
        Duration::from_secs(5),
    );
    // The job is still running: a second Ctrl-C does not wait for it.
    signal(&first, "-INT");
    let status = exit_within(&mut first, Duration::from_secs(2));
    assert_eq!(status.code(), Some(130));
    let job_id = job_of(&config, &case_id)["id"].as_str().unwrap().to_owned();
    let held = store.get_job(&job_id).await.unwrap().unwrap();
    assert_eq!(held.state, JobState::Running, "left as after a crash");

    // A new worker says how long the dead one's lease still holds, then takes the job over.
    let second_log = dir.path().join("worker-2.log");
    let mut second = sleuths(&config)
        .args(["worker", "--no-cron"])
        .stderr(std::fs::File::create(&second_log).unwrap())
        .spawn_guarded();
    let log = wait_for_text(
        &second_log,
        "held by another worker's lease for",
        Duration::from_secs(10),
    );
    assert!(log.contains(&job_id), "{log}");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let s = store.get_status(&case_id).await.unwrap().unwrap();
        if s.status.is_final() {
            assert_eq!(s.progress.current, 15);
            break;
        }
        assert!(Instant::now() < deadline, "the second worker did not finish the case");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    signal(&second, "-TERM");
    assert!(exit_within(&mut second, Duration::from_secs(10)).success());
}

#[test]
fn serve_says_what_it_waits_for_on_ctrl_c() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), "");
    let log = dir.path().join("serve.log");
    let mut serve = sleuths(&config)
        .args(["serve", "--port", "0", "--admin-token", "t"])
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn_guarded();
    wait_for_text(&log, "worker started", Duration::from_secs(20));
    signal(&serve, "-INT");
    let text = wait_for_text(&log, "press Ctrl-C again", Duration::from_secs(5));
    assert!(
        text.contains("no new connections or jobs; open requests, event streams and running jobs get up to"),
        "{text}"
    );
    let status = exit_within(&mut serve, Duration::from_secs(30));
    assert!(status.success(), "{status:?}");
}
