//! Real `sleuths` processes of one deployment (tests/scale.rs, benches/spend.rs): a config file that
//! points every process at the same Redis prefix and image directory, and helpers to start, drive and
//! watch them. Standalone (benches include it by path), so it uses nothing else of `common`.

#![allow(dead_code, reason = "each user takes a different part")]

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// One deployment: a config file pointing every process at the same Redis prefix and image directory.
pub struct Cluster {
    pub dir: tempfile::TempDir,
    /// The deployment's `redis_prefix`.
    pub prefix: String,
    pub config: PathBuf,
    pub calls_log: PathBuf,
    pub children: Vec<Child>,
    /// Environment every process of the deployment gets.
    pub envs: Vec<(String, String)>,
}

impl Cluster {
    pub fn new(redis_url: &str, extra: &str) -> Cluster {
        let dir = tempfile::tempdir().unwrap();
        let calls = dir.path().join("calls.log");
        let config = dir.path().join("sleuths.toml");
        let prefix = format!("scale:{}:", &sleuths::ids::token()[..10]);
        std::fs::write(
            &config,
            format!(
                "data_dir = {:?}\nstore = {redis_url:?}\nredis_prefix = {prefix:?}\nimage_call_log = {calls:?}\n\
                 log_level = \"info\"\n{extra}",
                dir.path()
            ),
        )
        .unwrap();
        Cluster {
            dir,
            prefix,
            config,
            calls_log: calls,
            children: Vec::new(),
            envs: Vec::new(),
        }
    }

    pub fn cmd(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_sleuths"));
        c.arg("--config").arg(&self.config);
        c.envs(self.envs.iter().map(|(k, v)| (k, v)));
        c
    }

    pub fn spawn(&mut self, args: &[&str]) -> usize {
        let log = std::fs::File::create(self.dir.path().join(format!("proc-{}.log", self.children.len()))).unwrap();
        let child = self
            .cmd()
            .args(args)
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .unwrap();
        self.children.push(child);
        self.children.len() - 1
    }

    pub fn workers(&mut self, n: usize, args: &[&str]) -> Vec<usize> {
        (0..n).map(|_| self.spawn(&[&["worker"], args].concat())).collect()
    }

    /// Starts `sleuths serve` and returns its base URL.
    pub fn serve(&mut self, args: &[&str]) -> String {
        use std::io::BufRead;
        let i = self.spawn(&[&["serve", "--port", "0", "--admin-token", "t"], args].concat());
        let out = self.children[i].stdout.take().unwrap();
        let mut lines = std::io::BufReader::new(out).lines();
        let line = lines.next().unwrap().unwrap();
        std::thread::spawn(move || lines.for_each(drop));
        format!(
            "http://{}",
            line.split("http://").nth(1).unwrap().split('/').next().unwrap()
        )
    }

    pub fn run(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn status(&self, case_id: &str) -> Value {
        serde_json::from_str(&self.run(&["images", "status", case_id, "--json"])).unwrap()
    }

    pub fn wait_completed(&self, cases: &[String], timeout: Duration) {
        let deadline = Instant::now() + timeout;
        for id in cases {
            self.wait_for(
                id,
                |s| s["status"] == "completed",
                deadline - Instant::now().min(deadline),
            );
        }
    }

    /// Polls a case's status record (through the CLI) until `until` holds; fails on a `failed` record.
    pub fn wait_for(&self, case_id: &str, until: impl Fn(&Value) -> bool, timeout: Duration) -> Value {
        let deadline = Instant::now() + timeout;
        loop {
            let s = self.status(case_id);
            if until(&s) {
                return s;
            }
            assert!(s["status"] != "failed", "{case_id} failed: {s}");
            assert!(Instant::now() < deadline, "{case_id} not there in time: {s}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Provider calls per (case, slot) from the shared call log.
    pub fn calls(&self) -> HashMap<(String, String), usize> {
        let mut out = HashMap::new();
        for line in std::fs::read_to_string(&self.calls_log).unwrap_or_default().lines() {
            let f: Vec<&str> = line.split_whitespace().collect();
            *out.entry((f[2].to_owned(), f[3].to_owned())).or_default() += 1;
        }
        out
    }

    pub fn signal(&self, i: usize, sig: &str) {
        Command::new("kill")
            .args([sig, &self.children[i].id().to_string()])
            .status()
            .unwrap();
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        for c in &mut self.children {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// Creates `n` cases through a serve process's moderator route (token `t`); returns their ids.
pub fn create_cases(http: &reqwest::blocking::Client, base: &str, n: usize) -> Vec<String> {
    (0..n)
        .map(|_| {
            let v: Value = http
                .post(format!("{base}/api/case/create"))
                .bearer_auth("t")
                .send()
                .unwrap()
                .json()
                .unwrap();
            v["case"]["id"].as_str().unwrap().to_owned()
        })
        .collect()
}
