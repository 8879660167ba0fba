//! Wiring: the factories that build each part from the configuration (the store, the image store, the
//! image provider with its wrappers, the case writer). The one place that knows which implementation a
//! setting picks.

use std::sync::Arc;

use anyhow::Context;

use super::Parts;
use crate::casegen::{CaseGenerator, GeminiCases, ProceduralCases};
use crate::clock::{SharedClock, SystemClock};
use crate::config::{CaseProviderKind, Config, ImageProviderKind, ImagesLocation, StoreLocation};
use crate::images::{ImageStore, ImageStoreError, LocalImages, ObjectImages};
use crate::providers::journal::{CallLog, Latency};
use crate::providers::{GeminiImages, ImageProvider, OpenAiImages, ProceduralArt, SetupError};
use crate::store::{RedisStore, SharedStore, SqliteStore};

/// What `parts` sets up from the configuration before it touches the disk.
pub struct Providers {
    pub provider: Arc<dyn ImageProvider>,
    pub casegen: Arc<dyn CaseGenerator>,
    pub images: Arc<dyn ImageStore>,
}

/// Every part, from the configuration: the providers first (a configuration `serve` refuses leaves no
/// data directory behind), then the data directory and the store.
pub async fn parts(config: &Config) -> anyhow::Result<Parts> {
    config.validate()?;
    let clock: SharedClock = Arc::new(SystemClock);
    let Providers {
        provider,
        casegen,
        images,
    } = providers(config, clock.clone())?;
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("Failed to create the data directory {}", config.data_dir.display()))?;
    let store = store(config, clock.clone()).await?;
    Ok(Parts {
        store,
        images,
        provider,
        casegen,
        clock,
    })
}

/// The configured store: the embedded SQLite file, or Redis.
pub async fn store(config: &Config, clock: SharedClock) -> anyhow::Result<SharedStore> {
    Ok(match &config.store {
        StoreLocation::Sqlite => Arc::new(
            SqliteStore::open(&config.db_path(), clock, config.status_ttl)
                .with_context(|| format!("Failed to open the database {}", config.db_path().display()))?,
        ),
        StoreLocation::Redis { url } => {
            let access = redis_access(config)?;
            let connected =
                RedisStore::connect_with(url, &access, &config.redis_prefix, clock, config.status_ttl).await;
            Arc::new(connected.map_err(|e| redis_refused(e, url, &access, config))?)
        }
    })
}

/// The TLS trust and credentials the configuration gives beyond the store's URL.
fn redis_access(config: &Config) -> anyhow::Result<crate::store::redis::Access> {
    let s = &config.redis;
    let ca_pem = match &s.tls_ca_file {
        Some(path) => {
            Some(std::fs::read(path).with_context(|| format!("Failed to read redis.tls_ca_file {}", path.display()))?)
        }
        None => None,
    };
    if s.tls_insecure {
        tracing::warn!(
            "redis.tls_insecure is on: the Redis server's certificate and host name are not checked (for tests only)"
        );
    }
    Ok(crate::store::redis::Access {
        ca_pem,
        insecure: s.tls_insecure,
        username: s.username.clone(),
        password: s.password.clone(),
        replicas_ack: s.replicas_ack.unwrap_or(match &config.store {
            StoreLocation::Redis { url }
                if url.starts_with("redis+sentinel://") || url.starts_with("rediss+sentinel://") =>
            {
                1
            }
            _ => 0,
        }),
        ack_timeout: s.ack_timeout,
    })
}

/// Why Redis could not be reached, naming the setting to look at: a refused password, an untrusted
/// certificate, or (otherwise) the error as it came, under the URL without its password.
fn redis_refused(
    e: crate::store::StoreError,
    url: &str,
    access: &crate::store::redis::Access,
    config: &Config,
) -> anyhow::Error {
    let at = config.store.redacted();
    let tls = url.starts_with("rediss");
    let cause = match &e {
        crate::store::StoreError::Redis(r) if crate::store::redis::credentials_refused(r) => Some(
            "Redis refused the user or password (the URL's, or SLEUTHS_REDIS_USERNAME / SLEUTHS_REDIS_PASSWORD)"
                .to_owned(),
        ),
        crate::store::StoreError::Redis(r) if tls && crate::store::redis::certificate_refused(r) => Some(format!(
            "the TLS handshake failed: the server's certificate is not signed by a CA this process trusts ({})",
            match &config.redis.tls_ca_file {
                Some(path) => format!("redis.tls_ca_file is {}", path.display()),
                None if access.ca_pem.is_none() => {
                    "the system's roots; for a private CA set redis.tls_ca_file or SLEUTHS_REDIS_CA_FILE".to_owned()
                }
                None => "the configured CA".to_owned(),
            }
        )),
        _ => None,
    };
    match cause {
        // The error as Redis or rustls put it, once (its chain repeats it).
        Some(cause) => anyhow::anyhow!("Failed to connect to {at}: {cause} ({e})"),
        None => anyhow::Error::new(e).context(format!("Failed to connect to {at}")),
    }
}

/// The image provider (with the configured latency and call log around it), the case writer and the
/// image store.
pub fn providers(config: &Config, clock: SharedClock) -> anyhow::Result<Providers> {
    let mut provider = image_provider(config, clock.clone()).context("Failed to set up the image provider")?;
    if !config.image_latency.is_zero() {
        provider = Arc::new(Latency {
            inner: provider,
            delay: config.image_latency,
        });
    }
    if let Some(path) = &config.image_call_log {
        provider = Arc::new(CallLog {
            inner: provider,
            path: path.clone(),
        });
    }
    let casegen = case_writer(config, clock).context("Failed to set up the case provider")?;
    let images = image_store(config).context("Failed to set up the image store")?;
    Ok(Providers {
        provider,
        casegen,
        images,
    })
}

/// The configured image provider, before the journal and latency wrappers.
pub fn image_provider(config: &Config, clock: SharedClock) -> Result<Arc<dyn ImageProvider>, SetupError> {
    Ok(match config.image_provider {
        ImageProviderKind::Procedural => Arc::new(ProceduralArt::new()),
        ImageProviderKind::Gemini => GeminiImages::shared(&config.gemini, &config.prices, clock)?,
        ImageProviderKind::Openai => OpenAiImages::shared(&config.openai, &config.prices, clock)?,
    })
}

/// The fallback chain (`pipeline.fallback`, or its default for the image provider), in order.
pub fn fallbacks(config: &Config, clock: SharedClock) -> anyhow::Result<Vec<Arc<dyn ImageProvider>>> {
    config
        .fallback_chain()
        .iter()
        .map(|name| {
            let provider: Arc<dyn ImageProvider> = match name.as_str() {
                "procedural" => Arc::new(ProceduralArt::new()),
                "openai" => OpenAiImages::shared(&config.openai, &config.prices, clock.clone())?,
                other => {
                    let model = other.strip_prefix("gemini:").unwrap_or(other);
                    let gemini = crate::config::GeminiConfig {
                        image_model: model.to_owned(),
                        ..config.gemini.clone()
                    };
                    GeminiImages::shared(&gemini, &config.prices, clock.clone())?
                }
            };
            Ok(provider)
        })
        .collect::<Result<_, SetupError>>()
        .context("Failed to set up the fallback chain (pipeline.fallback)")
}

/// The configured case writer.
pub fn case_writer(config: &Config, clock: SharedClock) -> Result<Arc<dyn CaseGenerator>, SetupError> {
    Ok(match config.case_provider {
        CaseProviderKind::Procedural => Arc::new(ProceduralCases),
        CaseProviderKind::Gemini => {
            GeminiCases::shared(&config.gemini, &config.prices, config.pipeline.slot_backoff, clock)?
        }
    })
}

/// The configured image store: `local` (the data directory's `images/`) or `s3://BUCKET[/PREFIX]`.
pub fn image_store(config: &Config) -> Result<Arc<dyn ImageStore>, ImageStoreError> {
    Ok(match &config.images {
        ImagesLocation::Local => Arc::new(LocalImages::new(config.images_dir())),
        ImagesLocation::S3 { bucket, prefix } => Arc::new(ObjectImages::new(bucket, prefix)?),
    })
}
