//! One typed configuration: defaults, then an optional TOML file, then environment and flags.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

mod locations;
mod spend;

pub use crate::common::{Backoff, Secret, duration};
use crate::domain::CaseCounts;
pub use crate::scheduler::{Settings as SchedulerSettings, TaskConfig};
pub use locations::{ImagesLocation, StoreLocation, redact_url};
pub use spend::{BudgetConfig, Price, Prices};

/// The effective configuration. Every default is in `Default` below and in the README.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Holds the SQLite file (`sleuths.db`) and the images directory (`images/`).
    pub data_dir: PathBuf,
    /// `sqlite` (the embedded file under `data_dir`) or `redis://HOST:PORT[/DB]`.
    pub store: StoreLocation,
    /// Where pictures live: `local` (`data_dir/images`) or `s3://BUCKET[/PREFIX]` (credentials, region and
    /// endpoint from the `AWS_*` environment variables).
    pub images: ImagesLocation,
    /// Prepended to every Redis key (e.g. `sleuths:`), so several deployments can share one Redis.
    pub redis_prefix: String,
    /// How to reach a managed Redis: TLS trust and credentials.
    pub redis: RedisSettings,
    /// `compact` or `json`.
    pub log_format: LogFormat,
    /// A tracing filter, e.g. `info` or `sleuths=debug`. Unset: `info` for `serve` and `worker`, `warn`
    /// for one-shot commands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_level: Option<String>,
    /// Who paints the pictures: `procedural`, `gemini` or `openai`.
    pub image_provider: ImageProviderKind,
    /// Who writes the cases: `procedural` or `gemini`.
    pub case_provider: CaseProviderKind,
    /// Added to every picture request (rehearses a slow model offline).
    #[serde(with = "duration")]
    pub image_latency: Duration,
    /// When set, one line per picture request is appended to this file (a ledger of paid calls).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_call_log: Option<PathBuf>,
    pub case: CaseCounts,
    pub gemini: GeminiConfig,
    pub openai: OpenAiConfig,
    pub pipeline: PipelineConfig,
    pub scheduler: SchedulerSettings,
    pub http: HttpSettings,
    /// The daily case: painted ahead of its date at batch price, or on the day.
    pub daily: DailyConfig,
    /// The daily spend limit on paid provider calls.
    pub budget: BudgetConfig,
    /// What each model's calls cost (defaults for the models we name).
    pub prices: Prices,
    /// Status records expire this long after their job ends.
    #[serde(with = "duration")]
    pub status_ttl: Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Compact,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum ImageProviderKind {
    /// Offline noir art, drawn in-process.
    Procedural,
    /// `generateContent` of a Gemini image model.
    Gemini,
    /// Any server speaking OpenAI's `POST /v1/images/generations`.
    Openai,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum CaseProviderKind {
    /// A consistent mystery from a seed, offline.
    Procedural,
    /// A Gemini text model answering JSON against a response schema.
    Gemini,
}

/// One setting per kind of picture. In a file, a table may name only some kinds: the others keep their
/// defaults (see `per_kind_over`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PerKind {
    pub location: String,
    pub suspect: String,
    pub evidence: String,
}

/// A per-kind table as a file writes it: any of the three kinds.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PartialPerKind {
    location: Option<String>,
    suspect: Option<String>,
    evidence: Option<String>,
}

/// Deserializes a per-kind table over the defaults `defaults()` gives.
fn per_kind_over<'de, D: serde::Deserializer<'de>>(d: D, defaults: fn() -> PerKind) -> Result<PerKind, D::Error> {
    let partial = PartialPerKind::deserialize(d)?;
    let base = defaults();
    Ok(PerKind {
        location: partial.location.unwrap_or(base.location),
        suspect: partial.suspect.unwrap_or(base.suspect),
        evidence: partial.evidence.unwrap_or(base.evidence),
    })
}

fn aspect_ratio_over<'de, D: serde::Deserializer<'de>>(d: D) -> Result<PerKind, D::Error> {
    per_kind_over(d, || GeminiConfig::default().aspect_ratio)
}

fn openai_size_over<'de, D: serde::Deserializer<'de>>(d: D) -> Result<PerKind, D::Error> {
    per_kind_over(d, || OpenAiConfig::default().size)
}

impl PerKind {
    pub fn get(&self, kind: crate::domain::SlotKind) -> &str {
        use crate::domain::SlotKind;
        match kind {
            SlotKind::Location => &self.location,
            SlotKind::Suspect => &self.suspect,
            SlotKind::Evidence => &self.evidence,
        }
    }
}

/// The Gemini API (images and case text). Google renames models often: the names are configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GeminiConfig {
    pub base_url: String,
    /// `v1beta` (what the Python SDK sends) or `v1`.
    pub api_version: String,
    /// Better set through `GEMINI_API_KEY` than written in a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<Secret>,
    pub image_model: String,
    pub case_model: String,
    /// `imageConfig.aspectRatio` per kind of picture; an empty string leaves it to the model.
    #[serde(deserialize_with = "aspect_ratio_over")]
    pub aspect_ratio: PerKind,
    /// Per HTTP call; image models can take over a minute.
    #[serde(with = "duration")]
    pub timeout: Duration,
    /// Calls per case before an invalid or failed answer is a final error.
    pub case_attempts: u32,
}

/// An OpenAI-compatible image server (OpenAI itself, LocalAI, gateways).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OpenAiConfig {
    /// The server root; requests go to `{base_url}/v1/images/generations`.
    pub base_url: String,
    /// Better set through `OPENAI_API_KEY` than written in a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<Secret>,
    pub model: String,
    /// `size` per kind of picture, `WIDTHxHEIGHT`.
    #[serde(deserialize_with = "openai_size_over")]
    pub size: PerKind,
    #[serde(with = "duration")]
    pub timeout: Duration,
}

impl Default for GeminiConfig {
    fn default() -> Self {
        GeminiConfig {
            base_url: "https://generativelanguage.googleapis.com".into(),
            api_version: "v1beta".into(),
            api_key: None,
            image_model: "gemini-3.1-flash-image".into(),
            case_model: "gemini-3.5-flash".into(),
            aspect_ratio: PerKind {
                location: "3:2".into(),
                suspect: "4:5".into(),
                evidence: "3:2".into(),
            },
            timeout: Duration::from_secs(120),
            case_attempts: 3,
        }
    }
}

impl Default for OpenAiConfig {
    fn default() -> Self {
        OpenAiConfig {
            base_url: "https://api.openai.com".into(),
            api_key: None,
            model: "gpt-image-1".into(),
            size: PerKind {
                location: "1536x1024".into(),
                suspect: "1024x1536".into(),
                evidence: "1536x1024".into(),
            },
            timeout: Duration::from_secs(120),
        }
    }
}

/// How a case's pictures are painted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PipelineConfig {
    /// Slots painted at once within one case.
    pub concurrency: usize,
    /// Tries per slot before its error is final.
    pub slot_attempts: u32,
    /// Backoff between tries of one slot.
    pub slot_backoff: Backoff,
    /// How long after the status record's start transient errors (429, 5xx, timeouts) may keep a slot
    /// open; past it, a slot whose attempts are spent gets a final error naming the last cause.
    #[serde(with = "duration")]
    pub transient_budget: Duration,
    /// Backoff before a run that paints the slots an earlier run left after transient errors.
    pub rerun_backoff: Backoff,
    /// Provider requests allowed per minute, shared by every worker on the store (0: no limit).
    pub rate_limit_per_minute: u32,
    /// Requests that may go back to back within the rate limit.
    pub rate_limit_burst: u32,
    /// Who paints a slot the image provider will not: tried in order (`procedural`, `openai`, or
    /// `gemini:MODEL` for a second Gemini model). Unset: `["procedural"]` when the provider is a remote
    /// model, none for the procedural art. `[]` keeps a refused slot's final error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<Vec<String>>,
    /// Words a gentler prompt leaves out when the model refused a slot's first prompt: each sentence of
    /// the case data holding one is dropped, and the prompt says the scene is calm.
    pub gentle_omit: Vec<String>,
    /// How long after the run started a case whose date has come may miss pictures for transient reasons
    /// (errors, a late batch) before the fallback paints them. A quota or a spent budget does not wait.
    #[serde(with = "duration")]
    pub fallback_after: Duration,
    /// Whether the provider repaints the slots the fallback painted while it was unavailable, once it
    /// answers again (within the transient budget and the daily budget).
    pub upgrade_fallbacks: bool,
}

/// What a gentler prompt leaves out by default: what image models refuse in a murder mystery.
pub const GENTLE_OMIT: &[&str] = &[
    "blood", "bloody", "bloodied", "stain", "body", "corpse", "dead", "death", "die", "died", "kill", "killed",
    "killer", "murder", "murdered", "wound", "wounded", "injury", "injured", "bruise", "strangle", "stab", "stabbed",
    "shot", "shoot", "gun", "pistol", "revolver", "rifle", "knife", "blade", "dagger", "weapon", "poison", "poisoned",
    "victim", "violence", "violent", "attack", "struggle",
];

/// The daily case (`daily-case-generation`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DailyConfig {
    /// How long before its date the daily case is created and its pictures submitted as one batch
    /// (Gemini's Batch API, half the price, answers within hours). 0: the case is made on its day and
    /// painted live.
    #[serde(with = "duration")]
    pub paint_ahead: Duration,
    /// How long before the case's date the batch must have answered: past it, the batch is cancelled and
    /// the pictures it has not painted are painted live.
    #[serde(with = "duration")]
    pub batch_deadline: Duration,
    /// How often a batch is polled (the job pauses between polls, holding no worker).
    #[serde(with = "duration")]
    pub batch_poll: Duration,
}

impl Default for DailyConfig {
    fn default() -> Self {
        DailyConfig {
            paint_ahead: Duration::ZERO,
            batch_deadline: Duration::from_secs(2 * 3600),
            batch_poll: Duration::from_secs(60),
        }
    }
}

/// How the store reaches Redis beyond its URL. The URL may carry `USER:PASSWORD@`; these fill in what it
/// leaves out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RedisSettings {
    /// A PEM file with the CA that signs the server's certificate, for `rediss://` with a private CA; the
    /// system's roots otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls_ca_file: Option<PathBuf>,
    /// Accept any certificate and host name over TLS: for tests only (a warning says so at start).
    pub tls_insecure: bool,
    /// The ACL user, when the URL names none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// The password, when the URL carries none; prefer `SLEUTHS_REDIS_PASSWORD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<Secret>,
    /// Replicas that must have a write that answers a user or a worker (a case created, a slot recorded,
    /// a job's end, a budget hold) before it answers (`WAIT`); 0: answer on the primary's word alone.
    /// Unset: 1 with Sentinel (`redis+sentinel://`), 0 otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replicas_ack: Option<u32>,
    /// How long such a write waits for them; fewer in time: a warning, and it answers anyway.
    #[serde(with = "duration")]
    pub ack_timeout: Duration,
}

impl Default for RedisSettings {
    fn default() -> Self {
        RedisSettings {
            tls_ca_file: None,
            tls_insecure: false,
            username: None,
            password: None,
            replicas_ack: None,
            ack_timeout: Duration::from_millis(500),
        }
    }
}

/// The HTTP edge (`serve`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HttpSettings {
    /// How long a route that runs a job waits for it to end before answering 202 with the job id.
    #[serde(with = "duration")]
    pub wait_limit: Duration,
    /// A client must send a request's whole header within this (slow-header attacks).
    #[serde(with = "duration")]
    pub header_read_timeout: Duration,
    /// A connection with nothing read or written for this long is closed.
    #[serde(with = "duration")]
    pub idle_timeout: Duration,
    /// Open connections at most; past it, new ones are closed at once. 0: what the open-file limit allows
    /// (raised to its hard limit at start), less 256 kept for the process.
    pub max_connections: usize,
    /// Open event streams at most per process; past it, 503 with `Retry-After`.
    pub max_event_streams: usize,
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            wait_limit: Duration::from_secs(30),
            header_read_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            max_connections: 0,
            max_event_streams: 10_000,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: PathBuf::from("./data"),
            store: StoreLocation::Sqlite,
            images: ImagesLocation::Local,
            redis_prefix: String::new(),
            redis: RedisSettings::default(),
            log_format: LogFormat::Compact,
            log_level: None,
            image_provider: ImageProviderKind::Procedural,
            case_provider: CaseProviderKind::Procedural,
            image_latency: Duration::ZERO,
            image_call_log: None,
            case: CaseCounts::default(),
            gemini: GeminiConfig::default(),
            openai: OpenAiConfig::default(),
            pipeline: PipelineConfig::default(),
            scheduler: SchedulerSettings::default(),
            http: HttpSettings::default(),
            daily: DailyConfig::default(),
            budget: BudgetConfig::default(),
            prices: Prices::default(),
            status_ttl: Duration::from_secs(7 * 24 * 3600),
        }
    }
}

impl Default for PipelineConfig {
    fn default() -> Self {
        PipelineConfig {
            concurrency: 4,
            slot_attempts: 3,
            slot_backoff: Backoff::new(Duration::from_secs(2), Duration::from_secs(60)),
            transient_budget: Duration::from_secs(6 * 3600),
            rerun_backoff: Backoff::new(Duration::from_secs(10), Duration::from_secs(600)),
            rate_limit_per_minute: 0,
            rate_limit_burst: 1,
            fallback: None,
            gentle_omit: GENTLE_OMIT.iter().map(|w| (*w).to_owned()).collect(),
            fallback_after: Duration::from_secs(600),
            upgrade_fallbacks: true,
        }
    }
}

/// The most locations, suspects or evidence items a model-written case may have.
const MAX_PER_KIND: usize = 20;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    // The io error is part of the one line, not a `source`: a chain would print it a second time.
    #[error("cannot read config file {path}: {error}")]
    Read { path: PathBuf, error: std::io::Error },
    #[error("bad config file {path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("invalid configuration: {0}")]
    Invalid(String),
}

impl Config {
    /// Defaults overlaid with a TOML file.
    pub fn from_file(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|error| ConfigError::Read {
            path: path.into(),
            error,
        })?;
        toml::from_str(&text).map_err(|e| ConfigError::Parse {
            path: path.into(),
            message: e.to_string(),
        })
    }

    /// Checks what types alone cannot.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let bad = |m: String| Err(ConfigError::Invalid(m));
        for (name, key) in [("gemini", &self.gemini.api_key), ("openai", &self.openai.api_key)] {
            if key.as_ref().is_some_and(|k| k.expose() == Secret::REDACTED) {
                return bad(format!(
                    "{name}.api_key is the placeholder {:?} copied from `sleuths config`: set the real key",
                    Secret::REDACTED
                ));
            }
        }
        for (name, url) in [("gemini", &self.gemini.base_url), ("openai", &self.openai.base_url)] {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return bad(format!("{name}.base_url {url:?} must start with http:// or https://"));
            }
        }
        for (name, size) in [
            ("location", &self.openai.size.location),
            ("suspect", &self.openai.size.suspect),
            ("evidence", &self.openai.size.evidence),
        ] {
            let ok = size
                .split_once('x')
                .is_some_and(|(w, h)| w.parse::<u32>().is_ok() && h.parse::<u32>().is_ok());
            if !ok {
                return bad(format!(
                    "openai.size.{name} {size:?} must be WIDTHxHEIGHT, e.g. 1024x1024"
                ));
            }
        }
        if self.gemini.timeout.is_zero() || self.openai.timeout.is_zero() {
            return bad("provider timeouts must be above 0".into());
        }
        for name in self.pipeline.fallback.iter().flatten() {
            let known = matches!(name.as_str(), "procedural" | "openai")
                || name.strip_prefix("gemini:").is_some_and(|m| !m.trim().is_empty());
            if !known {
                return bad(format!(
                    "pipeline.fallback names {name:?}: use procedural, openai or gemini:MODEL"
                ));
            }
        }
        if let Some(usd) = self.budget.daily_usd
            && !(usd.is_finite() && usd >= 0.0)
        {
            return bad(format!("budget.daily_usd = {usd}: it must be 0 or more"));
        }
        if !self.daily.paint_ahead.is_zero() {
            if self.daily.batch_deadline >= self.daily.paint_ahead {
                return bad(format!(
                    "daily.batch_deadline ({}) must be shorter than daily.paint_ahead ({}): the batch needs time to answer",
                    duration::format(self.daily.batch_deadline),
                    duration::format(self.daily.paint_ahead)
                ));
            }
            if self.daily.batch_poll.is_zero() {
                return bad("daily.batch_poll = 0ms: it must be above 0".into());
            }
        }
        if self.gemini.case_attempts == 0 {
            return bad("gemini.case_attempts must be at least 1".into());
        }
        for (name, n) in [
            ("pipeline.concurrency", self.pipeline.concurrency),
            ("scheduler.concurrency", self.scheduler.concurrency),
        ] {
            if n == 0 {
                return bad(format!("{name} = 0: it must be at least 1"));
            }
        }
        if self.pipeline.slot_attempts == 0 {
            return bad("pipeline.slot_attempts = 0: it must be at least 1".into());
        }
        if self.pipeline.rate_limit_per_minute > 0 && self.pipeline.rate_limit_burst == 0 {
            return bad("pipeline.rate_limit_burst = 0: with a rate limit it must be at least 1".into());
        }
        if self.scheduler.poll.is_zero() {
            return bad("scheduler.poll = 0ms: it must be above 0".into());
        }
        self.check_case_counts()?;
        if self.scheduler.lease < Duration::from_secs(1) {
            return bad("scheduler.lease must be at least 1s".into());
        }
        for (name, task) in &self.scheduler.tasks {
            if let Some(cron) = &task.cron {
                crate::scheduler::CronExpr::parse(cron)
                    .map_err(|e| ConfigError::Invalid(format!("task {name}: {e}")))?;
            }
        }
        Ok(())
    }

    /// Case counts the configured case writer can fill. The procedural writer knows its own limits; a
    /// model is held to what makes a valid case (a culprit among at least two suspects, at least two
    /// key evidence items) and to a size one case page can show.
    fn check_case_counts(&self) -> Result<(), ConfigError> {
        if self.case_provider == CaseProviderKind::Procedural {
            return case_writer::check_counts(self.case).map_err(|e| {
                ConfigError::Invalid(match e {
                    case_writer::WriteError::Unsupported(m) => m,
                    other => other.to_string(),
                })
            });
        }
        for (name, n, min) in [
            ("locations", self.case.locations, 1),
            ("suspects", self.case.suspects, 2),
            ("evidence", self.case.evidence, 2),
        ] {
            if !(min..=MAX_PER_KIND).contains(&n) {
                return Err(ConfigError::Invalid(format!(
                    "case.{name} = {n}: a case holds {min} to {MAX_PER_KIND} {name}"
                )));
            }
        }
        Ok(())
    }

    pub fn db_path(&self) -> PathBuf {
        self.data_dir.join("sleuths.db")
    }

    /// The fallback chain in force: `pipeline.fallback`, or its default for the image provider.
    pub fn fallback_chain(&self) -> Vec<String> {
        match (&self.pipeline.fallback, self.image_provider) {
            (Some(chain), _) => chain.clone(),
            (None, ImageProviderKind::Procedural) => Vec::new(),
            (None, _) => vec!["procedural".into()],
        }
    }

    pub fn images_dir(&self) -> PathBuf {
        self.data_dir.join("images")
    }

    /// The configuration as TOML, for `sleuths config`.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_else(|e| format!("# cannot render configuration: {e}\n"))
    }
}

/// Durations in configuration: `250ms`, `30s`, `5m`, `24h`, `7d`.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_round_trip_through_their_text_form() {
        assert_eq!(duration::parse("24h"), duration::parse("1d"));
        for s in ["250ms", "30s", "5m", "3h", "7d"] {
            assert_eq!(duration::format(duration::parse(s).unwrap()), s);
        }
        assert!(duration::parse("soon").is_err());
        assert!(duration::parse("5 fortnights").is_err());
    }

    #[test]
    fn the_default_configuration_survives_toml_and_validates() {
        let c = Config::default();
        c.validate().unwrap();
        let back: Config = toml::from_str(&c.to_toml()).unwrap();
        assert_eq!(back, c);
    }

    #[test]
    fn keys_print_as_redacted_everywhere() {
        let mut c = Config::default();
        c.gemini.api_key = Some(Secret::new("AIza-very-secret"));
        c.openai.api_key = Some(Secret::new("sk-very-secret"));
        for shown in [c.to_toml(), format!("{c:?}"), format!("{}", Secret::new("x"))] {
            assert!(!shown.contains("very-secret"), "{shown}");
            assert!(shown.contains("[redacted]"), "{shown}");
        }
        let pasted: Config = toml::from_str(&c.to_toml()).unwrap();
        assert!(pasted.validate().is_err(), "the placeholder is not a key");
    }

    #[test]
    fn providers_are_named_in_lowercase_and_unknown_ones_are_refused() {
        let c: Config = toml::from_str("image_provider = \"gemini\"\ncase_provider = \"gemini\"\n").unwrap();
        assert_eq!(
            (c.image_provider, c.case_provider),
            (ImageProviderKind::Gemini, CaseProviderKind::Gemini)
        );
        assert!(toml::from_str::<Config>("image_provider = \"dalle\"\n").is_err());
        let c: Config =
            toml::from_str("[gemini.aspect_ratio]\nlocation = \"16:9\"\nsuspect = \"\"\nevidence = \"1:1\"\n").unwrap();
        assert_eq!(c.gemini.aspect_ratio.location, "16:9");
        assert_eq!(c.gemini.image_model, GeminiConfig::default().image_model);
    }

    #[test]
    fn a_file_overrides_only_what_it_names_and_typos_are_refused() {
        let c: Config = toml::from_str("[pipeline]\nconcurrency = 8\n").unwrap();
        assert_eq!(c.pipeline.concurrency, 8);
        assert_eq!(c.pipeline.slot_attempts, 3);
        assert!(toml::from_str::<Config>("[pipeline]\nconcurency = 8\n").is_err());
        let bad: Config = toml::from_str("[scheduler.tasks.daily-case-generation]\ncron = \"nope\"\n").unwrap();
        assert!(bad.validate().is_err());
    }

    #[test]
    fn partial_per_kind_tables_keep_the_defaults_of_the_kinds_they_leave_out() {
        let c: Config = toml::from_str(
            "[case]\nsuspects = 5\n[gemini.aspect_ratio]\nsuspect = \"1:1\"\n[openai.size]\nsuspect = \"1024x1024\"\n",
        )
        .unwrap();
        assert_eq!((c.case.locations, c.case.suspects, c.case.evidence), (4, 5, 8));
        let gemini = GeminiConfig::default().aspect_ratio;
        assert_eq!(c.gemini.aspect_ratio.suspect, "1:1");
        assert_eq!(c.gemini.aspect_ratio.location, gemini.location);
        let openai = OpenAiConfig::default().size;
        assert_eq!(c.openai.size.suspect, "1024x1024");
        assert_eq!(c.openai.size.evidence, openai.evidence);
        c.validate().unwrap();
        assert!(toml::from_str::<Config>("[openai.size]\nsuspects = \"1x1\"\n").is_err());
    }

    #[test]
    fn invalid_values_are_refused_naming_the_setting() {
        for (text, setting) in [
            ("[case]\nsuspects = 0\n", "case.suspects = 0"),
            ("[case]\nevidence = 0\n", "case.evidence = 0"),
            ("[pipeline]\nconcurrency = 0\n", "pipeline.concurrency = 0"),
            ("[scheduler]\nconcurrency = 0\n", "scheduler.concurrency = 0"),
            (
                "case_provider = \"gemini\"\n[case]\nsuspects = 1\n",
                "case.suspects = 1",
            ),
        ] {
            let c: Config = toml::from_str(text).unwrap();
            let e = c.validate().unwrap_err().to_string();
            assert!(e.contains(setting), "{text:?}: {e}");
        }
    }

    #[test]
    fn the_log_level_is_unset_unless_the_file_names_one() {
        assert_eq!(toml::from_str::<Config>("").unwrap().log_level, None);
        let c: Config = toml::from_str("log_level = \"debug\"\n").unwrap();
        assert_eq!(c.log_level.as_deref(), Some("debug"));
    }
}
