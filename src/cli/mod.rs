//! The command line: global options, subcommands, logging set-up.

mod case;
mod images;
mod jobs;
mod progress;
mod providers;
mod serve;
mod spend;
mod worker;

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::app::App;
use crate::config::{CaseProviderKind, Config, ImageProviderKind, ImagesLocation, LogFormat, Secret, StoreLocation};

/// Armchair Sleuths case engine.
#[derive(Debug, Parser)]
#[command(name = "sleuths", version, about, propagate_version = true)]
pub struct Cli {
    /// TOML configuration file (flags and environment override it).
    #[arg(long, global = true, env = "SLEUTHS_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Where the SQLite file and the images live [default: ./data].
    #[arg(long, global = true, env = "SLEUTHS_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Log format [default: compact].
    #[arg(long, global = true, env = "SLEUTHS_LOG_FORMAT", value_enum)]
    pub log_format: Option<LogFormat>,
    /// Log filter, e.g. `info` or `sleuths=debug` [default: info for `worker`, warn otherwise].
    #[arg(long, global = true, env = "SLEUTHS_LOG", value_name = "FILTER")]
    pub log_level: Option<String>,
    /// `sqlite` (embedded, under the data directory) or `redis://HOST:PORT[/DB]` [default: sqlite].
    #[arg(
        long,
        global = true,
        env = "SLEUTHS_STORE",
        value_name = "STORE",
        hide_env_values = true
    )]
    pub store: Option<StoreLocation>,
    /// Where pictures live: `local` (the data directory's `images/`) or `s3://BUCKET[/PREFIX]`, with
    /// credentials, region and endpoint from the `AWS_*` environment variables [default: local].
    #[arg(long, global = true, env = "SLEUTHS_IMAGES", value_name = "IMAGES")]
    pub images: Option<ImagesLocation>,
    /// Prefix for every Redis key [default: none].
    #[arg(long, global = true, env = "SLEUTHS_REDIS_PREFIX", value_name = "PREFIX")]
    pub redis_prefix: Option<String>,
    /// Slots painted at once within one case [default: 4].
    #[arg(long, global = true, env = "SLEUTHS_IMAGE_CONCURRENCY", value_name = "N")]
    pub image_concurrency: Option<usize>,
    /// Who paints the pictures [default: procedural].
    #[arg(long, global = true, env = "SLEUTHS_IMAGE_PROVIDER", value_enum)]
    pub image_provider: Option<ImageProviderKind>,
    /// Who writes the cases [default: procedural].
    #[arg(long, global = true, env = "SLEUTHS_CASE_PROVIDER", value_enum)]
    pub case_provider: Option<CaseProviderKind>,
    /// The Gemini API root [default: https://generativelanguage.googleapis.com].
    #[arg(long, global = true, env = "GEMINI_BASE_URL", value_name = "URL")]
    pub gemini_base_url: Option<String>,
    /// The Gemini API key; prefer the environment variable to the flag.
    #[arg(
        long,
        global = true,
        env = "GEMINI_API_KEY",
        hide_env_values = true,
        value_name = "KEY"
    )]
    pub gemini_api_key: Option<Secret>,
    /// The OpenAI-compatible server root [default: https://api.openai.com].
    #[arg(long, global = true, env = "OPENAI_BASE_URL", value_name = "URL")]
    pub openai_base_url: Option<String>,
    /// The OpenAI API key; prefer the environment variable to the flag.
    #[arg(
        long,
        global = true,
        env = "OPENAI_API_KEY",
        hide_env_values = true,
        value_name = "KEY"
    )]
    pub openai_api_key: Option<Secret>,
    /// A PEM file with the CA that signs the Redis server's certificate (`rediss://` with a private CA).
    #[arg(long, global = true, env = "SLEUTHS_REDIS_CA_FILE", value_name = "FILE")]
    pub redis_ca_file: Option<PathBuf>,
    /// The Redis ACL user, when the store URL names none.
    #[arg(long, global = true, env = "SLEUTHS_REDIS_USERNAME", value_name = "USER")]
    pub redis_username: Option<String>,
    /// The Redis password, when the store URL carries none; prefer the environment variable to the flag.
    #[arg(
        long,
        global = true,
        env = "SLEUTHS_REDIS_PASSWORD",
        hide_env_values = true,
        value_name = "PASSWORD"
    )]
    pub redis_password: Option<Secret>,
    /// USD a UTC day may spend on paid provider calls, shared by every process [default: no limit].
    #[arg(long, global = true, env = "SLEUTHS_BUDGET_DAILY_USD", value_name = "USD")]
    pub budget_daily_usd: Option<f64>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve HTTP (case page, dashboard, API) and run the scheduler and a worker, until SIGTERM or Ctrl-C.
    Serve(serve::ServeArgs),
    /// Run the scheduler and a worker in the foreground until SIGTERM or Ctrl-C.
    Worker(worker::WorkerArgs),
    /// Create and inspect cases.
    #[command(subcommand)]
    Case(case::CaseCommand),
    /// Paint a case's pictures and follow their progress.
    #[command(subcommand)]
    Images(images::ImagesCommand),
    /// List, cancel and retry background jobs; pause and resume recurring schedules.
    #[command(subcommand)]
    Jobs(jobs::JobsCommand),
    /// What paid provider calls cost per day and model, and the daily budget (`--set-budget`).
    Spend(spend::SpendArgs),
    /// Check the configured image and case providers with one real request each.
    #[command(subcommand)]
    Providers(providers::ProvidersCommand),
    /// Print the effective configuration (keys show as [redacted]).
    Config,
}

/// A command line that runs `tail` as this process was run: this binary's real path and the global flags
/// given on this command line (never a key: those come from the environment), quoted for a POSIX shell.
/// Printed where the user is told what to run next, so it works as printed, under `cargo run` too.
pub fn command_line(tail: &[&str]) -> String {
    use clap::CommandFactory;
    let exe = std::env::current_exe().map_or_else(|_| "sleuths".to_owned(), |p| p.display().to_string());
    let command = Cli::command();
    let globals: Vec<String> = command
        .get_arguments()
        .filter(|a| a.is_global_set() && !a.is_hide_env_values_set())
        .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
        .collect();
    let mut words = vec![exe];
    let mut given = std::env::args().skip(1);
    while let Some(arg) = given.next() {
        let name = arg.split_once('=').map_or(arg.as_str(), |(n, _)| n);
        if globals.iter().any(|g| g == name) {
            let inline = arg.contains('=');
            words.push(arg);
            if !inline && let Some(value) = given.next() {
                words.push(value);
            }
        }
    }
    words.extend(tail.iter().map(|w| (*w).to_owned()));
    words.iter().map(|w| shell_quote(w)).collect::<Vec<_>>().join(" ")
}

/// A word as a POSIX shell reads it back: bare when it is plain, else in single quotes.
fn shell_quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+%".contains(c));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

impl Cli {
    /// Defaults, then the file, then environment and flags.
    pub fn config(&self) -> anyhow::Result<Config> {
        let mut c = match &self.config {
            Some(path) => Config::from_file(path)?,
            None => Config::default(),
        };
        // Each flag (or its environment variable), when given, replaces one setting.
        macro_rules! overlay {
            ($($flag:ident => $($setting:ident).+ $(as $wrap:path)?),* $(,)?) => {
                $(if let Some(v) = &self.$flag {
                    c.$($setting).+ = $($wrap)?(v.clone());
                })*
            };
        }
        overlay! {
            data_dir => data_dir,
            store => store,
            images => images,
            redis_prefix => redis_prefix,
            log_format => log_format,
            log_level => log_level as Some,
            image_concurrency => pipeline.concurrency,
            image_provider => image_provider,
            case_provider => case_provider,
            gemini_base_url => gemini.base_url,
            gemini_api_key => gemini.api_key as Some,
            openai_base_url => openai.base_url,
            openai_api_key => openai.api_key as Some,
            budget_daily_usd => budget.daily_usd as Some,
            redis_ca_file => redis.tls_ca_file as Some,
            redis_username => redis.username as Some,
            redis_password => redis.password as Some,
        }
        if let Command::Worker(w) = &self.command
            && let Some(n) = w.concurrency
        {
            c.scheduler.concurrency = n;
        }
        c.validate()?;
        Ok(c)
    }
}

/// Gives SIGPIPE back its default disposition (Rust ignores it), so a closed pipe ends the process.
#[cfg(unix)]
#[expect(unsafe_code, reason = "signal(2) has no safe wrapper in libc")]
fn restore_sigpipe() {
    // SAFETY: sets the disposition of one signal to its default; no handler, no memory passed.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Parses the command line and runs it.
pub async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let config = cli.config()?;
    // Long-running processes say what they do; one-shot commands speak only when something is wrong.
    let long_running = matches!(cli.command, Command::Serve(_) | Command::Worker(_));
    if !long_running {
        // A one-shot command whose reader went away (`sleuths jobs list | head`) ends quietly, as Unix
        // tools do, instead of panicking on the closed pipe. `serve` and `worker` keep Rust's default:
        // a closed stdout must not stop a server.
        #[cfg(unix)]
        restore_sigpipe();
    }
    let tracing = init_logging(&config, if long_running { "info" } else { "warn" })?;
    let result = run(cli, config).await;
    if let Some(t) = tracing {
        t.shutdown().await;
    }
    result
}

async fn run(cli: Cli, config: Config) -> anyhow::Result<()> {
    match cli.command {
        Command::Config => {
            // What `serve` would refuse is refused here too: the providers are set up (no request made).
            App::check_providers(&config)?;
            let mut shown = config.clone();
            shown.store = shown.store.redacted();
            print!("{}", shown.to_toml());
            return Ok(());
        }
        // Needs no database: it only talks to the providers.
        Command::Providers(cmd) => return providers::run(&config, cmd).await,
        // The port first: a `serve` that cannot listen leaves nothing behind (no database, no token).
        Command::Serve(args) => {
            let listener = serve::listen(&args).await?;
            let app = App::open(config).await?;
            return serve::run(&app, args, listener).await;
        }
        _ => {}
    }
    // What the command line queues or cancels says so in the job's history.
    let app = App::open(config).await?.by(crate::domain::history::Origin::Cli);
    match cli.command {
        Command::Serve(_) => Ok(()),
        Command::Worker(args) => worker::run(&app, args).await,
        Command::Case(cmd) => case::run(&app, cmd).await,
        Command::Images(cmd) => images::run(&app, cmd).await,
        Command::Jobs(cmd) => jobs::run(&app, cmd).await,
        Command::Spend(args) => spend::run(&app, args).await,
        Command::Config | Command::Providers(_) => Ok(()),
    }
}

/// Logs to stderr at the configured level (or `default_level`), in colour only on a terminal; and, when
/// the OpenTelemetry variables ask for it, exports this crate's spans (at info and above, whatever the log
/// level) over OTLP. Returns the exporter, to flush at the end.
fn init_logging(config: &Config, default_level: &str) -> anyhow::Result<Option<crate::common::trace::Tracing>> {
    use std::io::IsTerminal;
    use tracing_subscriber::Layer;
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let level = config.log_level.as_deref().unwrap_or(default_level);
    let filter = tracing_subscriber::EnvFilter::try_new(level)
        .with_context(|| format!("Failed to parse the log filter {level:?}"))?;
    let fmt = tracing_subscriber::fmt::layer()
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    let fmt = match config.log_format {
        LogFormat::Json => fmt
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_filter(filter)
            .boxed(),
        LogFormat::Compact => fmt.compact().with_filter(filter).boxed(),
    };
    let (tracing, otel) = match crate::common::trace::from_env()? {
        Some((tracing, layer)) => {
            let ours = tracing_subscriber::filter::Targets::new().with_target("sleuths", tracing::Level::INFO);
            (Some(tracing), Some(layer.with_filter(ours)))
        }
        None => (None, None),
    };
    tracing_subscriber::registry().with(fmt).with(otel).init();
    Ok(tracing)
}

/// Cancels `shutdown` on the first SIGTERM or Ctrl-C, after logging what the process now waits for
/// (`waiting_for`); a second signal exits at once with status 130, leaving running jobs to come back
/// as after a crash, when their leases run out. The handlers are installed before this returns: a
/// signal that arrives while the process is still starting is caught, not fatal.
pub fn stop_on_signals(shutdown: tokio_util::sync::CancellationToken, waiting_for: String) {
    let mut signals = Signals::install();
    tokio::spawn(async move {
        signals.recv().await;
        tracing::info!("shutdown signal received: {waiting_for}; press Ctrl-C again to exit at once");
        shutdown.cancel();
        signals.recv().await;
        tracing::warn!(
            "second shutdown signal: exiting now; running jobs return to the queue when their leases run out"
        );
        std::process::exit(130);
    });
}

/// Resolves on SIGTERM or Ctrl-C; the handlers are installed when this is called.
pub fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    let mut signals = Signals::install();
    async move { signals.recv().await }
}

/// SIGTERM and SIGINT handlers, registered when made (tokio's `ctrl_c()` would only register when first
/// polled, and a SIGTERM before that would end the process with the default action).
struct Signals {
    #[cfg(unix)]
    streams: Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>,
}

impl Signals {
    fn install() -> Signals {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let streams = match (signal(SignalKind::terminate()), signal(SignalKind::interrupt())) {
                (Ok(term), Ok(int)) => Some((term, int)),
                _ => None,
            };
            Signals { streams }
        }
        #[cfg(not(unix))]
        Signals {}
    }

    async fn recv(&mut self) {
        #[cfg(unix)]
        if let Some((term, int)) = self.streams.as_mut() {
            tokio::select! {
                _ = term.recv() => {}
                _ = int.recv() => {}
            }
            return;
        }
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod tests {
    use super::shell_quote;

    #[test]
    fn words_are_quoted_only_when_a_shell_would_split_or_expand_them() {
        assert_eq!(shell_quote("/usr/bin/sleuths"), "/usr/bin/sleuths");
        assert_eq!(shell_quote("--data-dir=./data"), "--data-dir=./data");
        assert_eq!(shell_quote("my dir"), "'my dir'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote("$HOME"), "'$HOME'");
        assert_eq!(shell_quote(""), "''");
    }
}
