//! Real processes: `kill -9` a worker mid-case, then a new worker finishes it without repainting.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::SpawnGuarded;

use sleuths::clock::SystemClock;
use sleuths::domain::StatusState;

fn sleuths(config: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sleuths"));
    c.arg("--config").arg(config);
    c
}

fn calls_for(log: &Path, case_id: &str) -> usize {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .filter(|l| l.contains(case_id))
        .count()
}

fn spawn_worker(config: &Path, dir: &Path, name: &str) -> common::KillOnDrop {
    let log = std::fs::File::create(dir.join(format!("{name}.log"))).unwrap();
    sleuths(config)
        .arg("worker")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn_guarded()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_worker_s_case_is_finished_by_a_new_worker_repainting_at_most_the_slots_in_flight() {
    let dir = tempfile::tempdir().unwrap();
    let calls = dir.path().join("calls.log");
    let config = dir.path().join("sleuths.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = {:?}\nimage_latency = \"300ms\"\nimage_call_log = {:?}\nlog_level = \"info\"\n\
             [pipeline]\nconcurrency = 4\n[scheduler]\nlease = \"2s\"\npoll = \"100ms\"\n",
            dir.path(),
            calls
        ),
    )
    .unwrap();

    let out = sleuths(&config).args(["case", "create"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let case_id = String::from_utf8(out.stdout).unwrap().trim().to_owned();

    let store = common::open_store(&dir, std::sync::Arc::new(SystemClock));
    let mut first = spawn_worker(&config, dir.path(), "worker-1");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let s = store.get_status(&case_id).await.unwrap().unwrap();
        if s.progress.current >= 6 {
            break;
        }
        assert!(Instant::now() < deadline, "the first worker made no progress");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    first.kill().unwrap(); // SIGKILL
    first.wait().unwrap();

    let at_kill = store.get_status(&case_id).await.unwrap().unwrap();
    assert_eq!(at_kill.status, StatusState::Generating);
    let calls_at_kill = calls_for(&calls, &case_id);
    let in_flight = calls_at_kill - at_kill.progress.current;
    assert!(at_kill.progress.current < 15, "the kill came too late to test anything");
    eprintln!(
        "killed at {}/15 with {in_flight} slots in flight",
        at_kill.progress.current
    );

    let mut second = spawn_worker(&config, dir.path(), "worker-2");
    let deadline = Instant::now() + Duration::from_secs(60);
    let done = loop {
        let s = store.get_status(&case_id).await.unwrap().unwrap();
        if s.status.is_final() {
            break s;
        }
        assert!(Instant::now() < deadline, "the second worker did not finish the case");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(done.status, StatusState::Completed);
    assert_eq!((done.progress.current, done.images.count()), (15, 15));
    let total = calls_for(&calls, &case_id);
    assert!(
        total <= 15 + in_flight,
        "{total} provider calls for 15 slots with {in_flight} in flight at the kill"
    );

    // SIGTERM: the worker stops cleanly with exit code 0.
    let status = Command::new("kill")
        .args(["-TERM", &second.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = second.wait().unwrap();
    assert!(exit.success(), "worker exit status {exit:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_whose_worker_is_killed_eight_times_while_it_paints_still_completes_15_of_15() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("sleuths.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = {:?}\nimage_latency = \"300ms\"\nlog_level = \"info\"\n\
             [pipeline]\nconcurrency = 1\n[scheduler]\nlease = \"1s\"\npoll = \"100ms\"\n",
            dir.path()
        ),
    )
    .unwrap();
    let out = sleuths(&config).args(["case", "create"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let case_id = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    let store = common::open_store(&dir, std::sync::Arc::new(SystemClock));

    let mut painted = 0;
    for kill in 0..8 {
        let mut worker = spawn_worker(&config, dir.path(), &format!("worker-{kill}"));
        // Each worker paints at least one more picture before it dies.
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let s = store.get_status(&case_id).await.unwrap().unwrap();
            assert_ne!(s.status, StatusState::Failed, "failed after {kill} kills: {s:?}");
            if s.progress.current > painted {
                painted = s.progress.current;
                break;
            }
            assert!(Instant::now() < deadline, "worker {kill} made no progress");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        worker.kill().unwrap(); // SIGKILL
        worker.wait().unwrap();
    }
    assert!(painted < 15, "the kills came too late to test anything");

    let mut last = spawn_worker(&config, dir.path(), "worker-last");
    let deadline = Instant::now() + Duration::from_secs(60);
    let done = loop {
        let s = store.get_status(&case_id).await.unwrap().unwrap();
        if s.status.is_final() {
            break s;
        }
        assert!(Instant::now() < deadline, "the last worker did not finish the case");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(done.status, StatusState::Completed, "{done:?}");
    assert_eq!(
        (done.progress.current, done.images.count(), done.errors.len()),
        (15, 15, 0)
    );
    let job = store.get_job(done.job_id.as_deref().unwrap()).await.unwrap().unwrap();
    assert_eq!(job.crashes, 8, "{job:?}");
    assert_eq!(job.attempts, 1, "the kills spent no attempt: {job:?}");
    last.kill().unwrap();
    last.wait().unwrap();
}
