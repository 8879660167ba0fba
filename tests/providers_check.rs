//! `sleuths providers check` and the provider settings of the real binary, against `fake-provider`.

mod common;

use std::process::{Command, Output};

use common::fake::FakeServer;

const KEY: &str = "AIzaFAKE-cli-key-0123456789";

/// Runs `sleuths` with a temp data dir and only the provider environment given.
fn sleuths(env: &[(&str, &str)], args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sleuths"));
    for var in [
        "GEMINI_API_KEY",
        "GEMINI_BASE_URL",
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "SLEUTHS_IMAGE_PROVIDER",
        "SLEUTHS_CASE_PROVIDER",
        "SLEUTHS_CONFIG",
    ] {
        cmd.env_remove(var);
    }
    cmd.arg("--data-dir")
        .arg(dir.path())
        .envs(env.iter().copied())
        .args(args);
    cmd.output().unwrap()
}

fn check(fake_base: &str, extra: &[(&str, &str)]) -> (bool, String) {
    let mut env = vec![("GEMINI_BASE_URL", fake_base), ("GEMINI_API_KEY", KEY)];
    env.extend_from_slice(extra);
    let out = sleuths(&env, &["--image-provider", "gemini", "providers", "check"]);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    (out.status.success(), stdout + &String::from_utf8_lossy(&out.stderr))
}

#[test]
fn a_working_key_and_model_get_the_verdict_works_and_exit_0() {
    let fake = FakeServer::start(&[]);
    let (ok, out) = check(&fake.base, &[("SLEUTHS_CASE_PROVIDER", "gemini")]);
    assert!(ok, "{out}");
    let image_line = format!(
        "gemini images (model gemini-3.1-flash-image at {}): works: a 96x64 png in",
        fake.base
    );
    assert!(out.contains(&image_line), "{out}");
    assert!(out.contains("gemini cases (model gemini-3.5-flash at"), "{out}");
    assert!(out.contains("): works: a valid case, \""), "{out}");
    assert!(!out.contains(KEY));
}

#[test]
fn a_rejected_key_gets_the_verdict_key_rejected_and_exit_1() {
    let fake = FakeServer::start(&["--api-key", "AIza-the-right-one"]);
    let (ok, out) = check(&fake.base, &[]);
    assert!(!ok);
    assert!(
        out.contains("): key rejected: the Gemini API key was rejected (400"),
        "{out}"
    );
    assert!(!out.contains(KEY));
}

#[test]
fn a_missing_model_gets_the_verdict_model_not_found() {
    let fake = FakeServer::start(&["--models", "gemini-9-image"]);
    let (ok, out) = check(&fake.base, &[]);
    assert!(!ok);
    assert!(
        out.contains("): model not found: model gemini-3.1-flash-image not found at"),
        "{out}"
    );
}

#[test]
fn an_exhausted_daily_quota_gets_the_verdict_quota_exhausted() {
    let fake = FakeServer::start(&["--fault", "429-daily"]);
    let (ok, out) = check(&fake.base, &[]);
    assert!(!ok);
    assert!(out.contains("): quota exhausted: the Gemini daily quota"), "{out}");
}

#[test]
fn a_server_that_does_not_answer_gets_the_verdict_unreachable() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (ok, out) = check(&format!("http://127.0.0.1:{port}"), &[]);
    assert!(!ok);
    assert!(
        out.contains("): unreachable: cannot connect to Gemini at http://127.0.0.1:"),
        "{out}"
    );
}

#[test]
fn the_openai_provider_is_checked_too() {
    let fake = FakeServer::start(&[]);
    let out = sleuths(
        &[("OPENAI_BASE_URL", &fake.base), ("OPENAI_API_KEY", "sk-fake")],
        &["--image-provider", "openai", "providers", "check"],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("openai images (model gpt-image-1 at"), "{stdout}");
    assert!(stdout.contains("): works: a 96x64 png"), "{stdout}");
}

#[test]
fn sleuths_config_shows_keys_as_redacted() {
    let out = sleuths(
        &[("GEMINI_API_KEY", KEY), ("OPENAI_API_KEY", "sk-secret-one")],
        &["--image-provider", "gemini", "config"],
    );
    assert!(out.status.success());
    let toml = String::from_utf8_lossy(&out.stdout);
    assert!(toml.contains("image_provider = \"gemini\""), "{toml}");
    assert_eq!(toml.matches("api_key = \"[redacted]\"").count(), 2, "{toml}");
    assert!(!toml.contains(KEY) && !toml.contains("sk-secret-one"));
}

#[test]
fn a_remote_provider_without_a_key_is_a_clear_start_up_error() {
    let out = sleuths(&[], &["--image-provider", "gemini", "case", "create"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "the gemini provider needs an API key: set GEMINI_API_KEY (or gemini.api_key in the config file)"
        ),
        "{stderr}"
    );
    let out = sleuths(&[], &["--case-provider", "gemini", "providers", "check"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("set GEMINI_API_KEY"));
}

#[test]
fn a_case_model_that_writes_no_valid_case_does_not_pass_the_check() {
    let fake = FakeServer::start(&["--fault", "bad-case"]);
    let out = sleuths(
        &[("GEMINI_BASE_URL", &fake.base), ("GEMINI_API_KEY", KEY)],
        &["--case-provider", "gemini", "providers", "check"],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{stdout}");
    assert!(
        stdout.contains("): no usable answer: the model answered, but not with a valid case ("),
        "{stdout}"
    );
    assert!(!stdout.contains("works: the model answered"), "{stdout}");
}

#[test]
fn a_server_answering_503_gets_the_verdict_unavailable_not_unreachable() {
    let fake = FakeServer::start(&["--fault", "503"]);
    let (ok, out) = check(&fake.base, &[]);
    assert!(!ok);
    assert!(out.contains("): unavailable: "), "{out}");
    assert!(out.contains("503"), "{out}");
    assert!(!out.contains("unreachable"), "{out}");
}
