//! Schemathesis (from PyPI; `scripts/test` installs it) fuzzes a live `sleuths serve` against the OpenAPI
//! document the server publishes, with every check, a fixed seed and bounded examples, with and without
//! the moderator token: the server and its document must agree on every answer.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

const TOKEN: &str = "fuzz-token";

struct Serve(Child);

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn schemathesis() -> String {
    std::env::var("SLEUTHS_TEST_SCHEMATHESIS").unwrap_or_else(|_| "st".into())
}

#[test]
fn schemathesis_finds_no_failure_with_or_without_the_token() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("sleuths.toml");
    // Routes that wait for a job answer 202 soon, so the fuzzer never waits long.
    std::fs::write(
        &config,
        format!(
            "data_dir = {:?}\nlog_level = \"warn\"\n[http]\nwait_limit = \"2s\"\n",
            dir.path()
        ),
    )
    .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_sleuths"))
        .arg("--config")
        .arg(&config)
        .args(["serve", "--port", "0", "--admin-token", TOKEN])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let _serve = Serve(child);
    let base = first
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .map(|addr| format!("http://{addr}"))
        .expect("serve prints its URL");

    for with_token in [true, false] {
        let mut st = Command::new(schemathesis());
        // It keeps a cache in its working directory: the temp dir, not the repository.
        st.current_dir(dir.path())
            .arg("run")
            .arg(format!("{base}/api/openapi.json"))
            .args(["--url", &base, "--checks", "all", "--seed", "1", "--max-examples", "20"])
            // `DELETE /internal/jobs/{id}` cancels a job, it does not erase it: the cancelled job and its
            // history stay readable (`GET /internal/jobs/{id}/history`), which this check calls a
            // deleted resource still available.
            .args(["--exclude-checks", "use_after_free"]);
        if with_token {
            st.args(["--header", &format!("Authorization: Bearer {TOKEN}")]);
        }
        let out = st.output().unwrap_or_else(|e| {
            panic!(
                "{} ({e}): the PyPI package schemathesis is needed; scripts/test installs it",
                schemathesis()
            )
        });
        let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "with token: {with_token}\n{text}");
        // The summary: "N generated, N passed" (without the token, a warning that the moderator routes
        // answered only 401 is expected, and is no failure).
        let summary = text
            .lines()
            .find(|l| l.contains(" generated, "))
            .unwrap_or_else(|| panic!("no summary line:\n{text}"));
        let numbers: Vec<u64> = summary
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|n| n.parse().ok())
            .collect();
        assert!(
            numbers.len() >= 2 && numbers[0] > 100 && numbers[0] == numbers[1],
            "with token: {with_token}: {summary}\n{text}"
        );
        assert!(!text.contains('\u{274c}'), "with token: {with_token}\n{text}");
    }
}
