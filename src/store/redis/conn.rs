//! One connection type for one Redis and for a Redis Cluster: both reconnect on their own, and the
//! cluster client follows MOVED and ASK and finds the new master after a failover.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use redis::aio::{ConnectionLike, ConnectionManager, ConnectionManagerConfig};
use redis::cluster::ClusterClientBuilder;
use redis::cluster_async::ClusterConnection;
use redis::{Cmd, Pipeline, PushInfo, RedisFuture, RedisResult, Value};
use tokio::sync::mpsc::UnboundedSender;

/// Where the store's Redis is: `redis://HOST:PORT[/DB]` (or `rediss://` over TLS) for one server,
/// `redis+cluster://[USER:PASSWORD@]HOST:PORT[,HOST:PORT...]` (or `rediss+cluster://`) for a cluster (any
/// of its nodes; the client learns the rest).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    One(String),
    Cluster(Vec<String>),
    /// `redis+sentinel://[USER:PASSWORD@]S1:P1[,S2:P2...]/MASTER[/DB]` (`rediss+sentinel://` to speak TLS
    /// to the Sentinels and the primary): the Sentinels (as `redis://` or `rediss://` URLs) that name the
    /// primary of `master`, and the credentials and database for the primary.
    Sentinel {
        sentinels: Vec<String>,
        master: String,
        db: i64,
        username: Option<String>,
        password: Option<String>,
    },
}

/// How to reach Redis beyond the URL: the CA to trust over TLS, and credentials the URL leaves out.
#[derive(Clone, Default)]
pub struct Access {
    /// The PEM of a private CA that signs the server's certificate; the system's roots when `None`.
    pub ca_pem: Option<Vec<u8>>,
    /// Accept any certificate and host name (tests only).
    pub insecure: bool,
    pub username: Option<String>,
    pub password: Option<crate::common::Secret>,
    /// Replicas that must confirm a write that answers someone (`WAIT`) before it answers; 0: none.
    pub replicas_ack: u32,
    /// How long a write waits for them before it answers anyway (saying so).
    pub ack_timeout: Duration,
}

impl Target {
    pub fn parse(url: &str) -> Target {
        let sentinel = url
            .strip_prefix("redis+sentinel://")
            .map(|rest| ("redis", rest))
            .or_else(|| url.strip_prefix("rediss+sentinel://").map(|rest| ("rediss", rest)));
        if let Some((scheme, rest)) = sentinel {
            let (auth, rest) = match rest.rsplit_once('@') {
                Some((auth, rest)) => (Some(auth), rest),
                None => (None, rest),
            };
            let (hosts, path) = rest.split_once('/').unwrap_or((rest, ""));
            let mut path = path.split('/').filter(|p| !p.is_empty());
            let master = path.next().unwrap_or("mymaster").to_owned();
            let db = path.next().and_then(|d| d.parse().ok()).unwrap_or(0);
            let (username, password) = match auth.map(|a| a.split_once(':').unwrap_or(("", a))) {
                Some((user, pass)) => (
                    (!user.is_empty()).then(|| user.to_owned()),
                    (!pass.is_empty()).then(|| pass.to_owned()),
                ),
                None => (None, None),
            };
            return Target::Sentinel {
                sentinels: hosts
                    .split(',')
                    .map(str::trim)
                    .filter(|h| !h.is_empty())
                    .map(|h| format!("{scheme}://{h}"))
                    .collect(),
                master,
                db,
                username,
                password,
            };
        }
        let cluster = url
            .strip_prefix("redis+cluster://")
            .map(|rest| ("redis", rest))
            .or_else(|| url.strip_prefix("rediss+cluster://").map(|rest| ("rediss", rest)));
        match cluster {
            Some((scheme, rest)) => {
                let (auth, hosts) = match rest.rsplit_once('@') {
                    Some((auth, hosts)) => (format!("{auth}@"), hosts),
                    None => (String::new(), rest),
                };
                let nodes = hosts
                    .split(',')
                    .map(|h| h.trim().trim_end_matches('/'))
                    .filter(|h| !h.is_empty())
                    .map(|h| format!("{scheme}://{auth}{h}/?protocol=resp3"))
                    .collect();
                Target::Cluster(nodes)
            }
            None if url.contains("protocol=") => Target::One(url.to_owned()),
            None => Target::One(format!(
                "{url}{}protocol=resp3",
                if url.contains('?') { '&' } else { '?' }
            )),
        }
    }
}

/// Commands and scripts go through this; every answer tells `Health` whether Redis is reachable.
#[derive(Clone)]
pub struct Conn {
    link: Link,
    health: Arc<Health>,
}

#[derive(Clone)]
enum Link {
    One(ConnectionManager),
    Cluster(ClusterConnection),
    Sentinel(Arc<Failover>),
}

/// The primary the Sentinels name, with the connections to it (commands, and the subscriber), replaced
/// when it stops answering or answers `READONLY` (a failover made it a replica) and the Sentinels name
/// another: one WARN when it is lost, one INFO naming the new one. redis-rs neither follows a failover on
/// a live connection nor reconnects on `READONLY`, so this does.
pub struct Failover {
    sentinel: tokio::sync::Mutex<redis::sentinel::SentinelClient>,
    primary: std::sync::RwLock<Primary>,
    config: ConnectionManagerConfig,
    push: UnboundedSender<PushInfo>,
    channels: Mutex<Vec<String>>,
    /// One look at the Sentinels at a time.
    switching: tokio::sync::Mutex<()>,
    lost: AtomicBool,
}

#[derive(Clone)]
struct Primary {
    addr: String,
    commands: ConnectionManager,
    subscriber: ConnectionManager,
}

impl Failover {
    /// Connects to the primary the Sentinels name now, subscribed to the channels so far.
    async fn reach(
        sentinel: &tokio::sync::Mutex<redis::sentinel::SentinelClient>,
        config: &ConnectionManagerConfig,
        push: &UnboundedSender<PushInfo>,
        channels: &[String],
    ) -> RedisResult<Primary> {
        let client = sentinel.lock().await.async_get_client().await?;
        let addr = client.get_connection_info().addr().to_string();
        let commands = ConnectionManager::new_with_config(client.clone(), config.clone()).await?;
        let mut subscriber = ConnectionManager::new_with_config(
            client,
            config
                .clone()
                .set_push_sender(push.clone())
                .set_automatic_resubscription(),
        )
        .await?;
        for channel in channels {
            subscriber.subscribe(channel).await?;
        }
        Ok(Primary {
            addr,
            commands,
            subscriber,
        })
    }

    fn current(&self) -> Primary {
        self.primary.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// After an error that may mean the primary moved: from then on, asks the Sentinels every half second
    /// which one it is, until they name another (and the store moves there) or the same one answers again.
    async fn check(self: &Arc<Self>, error: &redis::RedisError) {
        let moved = error.is_io_error()
            || error.is_connection_dropped()
            || error.is_connection_refusal()
            || error.is_timeout()
            || error.code() == Some("READONLY");
        if !moved || self.lost.swap(true, Ordering::Relaxed) {
            return;
        }
        let was = self.current();
        tracing::warn!(primary = %was.addr, error = %error, "lost the Redis primary; asking the Sentinels which one it is now");
        let this = self.clone();
        tokio::spawn(async move { this.follow(was).await });
    }

    async fn follow(&self, was: Primary) {
        let _one = self.switching.lock().await;
        loop {
            let channels = self.channels.lock().unwrap_or_else(|p| p.into_inner()).clone();
            let named = tokio::time::timeout(
                Duration::from_secs(5),
                Self::reach(&self.sentinel, &self.config, &self.push, &channels),
            )
            .await;
            match named {
                Ok(Ok(primary)) if primary.addr != was.addr => {
                    tracing::info!(primary = %primary.addr, was = %was.addr, "the Sentinels name a new Redis primary; using it");
                    *self.primary.write().unwrap_or_else(|p| p.into_inner()) = primary;
                    break;
                }
                // The same one, answering again (it was a blip, not a failover).
                Ok(Ok(primary))
                    if redis::cmd("PING")
                        .query_async::<()>(&mut primary.commands.clone())
                        .await
                        .is_ok() =>
                {
                    tracing::info!(primary = %primary.addr, "the Redis primary answers again");
                    *self.primary.write().unwrap_or_else(|p| p.into_inner()) = primary;
                    break;
                }
                // No failover yet, or the Sentinels cannot say: ask again.
                _ => tokio::time::sleep(Duration::from_millis(500)).await,
            }
        }
        self.lost.store(false, Ordering::Relaxed);
    }
}

/// Whether Redis answers, as the store's commands see it: one WARN when it stops (with the error), one
/// INFO when it answers again (with how long it was gone), however many commands fail in between.
struct Health {
    /// Mirrors `down_since.is_some()`, so the answers of a healthy Redis take no lock.
    down: AtomicBool,
    down_since: Mutex<Option<Instant>>,
    /// How long a command may wait for its answer before Redis counts as down.
    stall: Duration,
}

/// How long a command may go unanswered before the store says Redis stopped answering: a command sent
/// while the connection is being made again waits for it, with no error to report, however long Redis
/// stays away. Longer when `WAIT` may take longer (`Access::ack_timeout`).
const STALLED: Duration = Duration::from_secs(5);

impl Health {
    /// Awaits a command's answer; one unanswered for `STALLED` counts as Redis down until an answer comes.
    async fn watch<T>(&self, sent: RedisFuture<'_, T>) -> RedisResult<T> {
        let mut sent = sent;
        let answer = match tokio::time::timeout(self.stall, &mut sent).await {
            Ok(answer) => answer,
            Err(_) => {
                self.stalled();
                sent.await
            }
        };
        self.observe(&answer);
        answer
    }

    fn stalled(&self) {
        if self.down.load(Ordering::Relaxed) {
            return;
        }
        let mut down = self.down_since.lock().unwrap_or_else(|p| p.into_inner());
        if down.is_none() {
            let now = Instant::now();
            *down = Some(now.checked_sub(self.stall).unwrap_or(now));
            self.down.store(true, Ordering::Relaxed);
            tracing::warn!(
                error = %format_args!("no answer for {} ms", self.stall.as_millis()),
                "Redis stopped answering; commands are retried until it is back"
            );
        }
    }

    fn observe<T>(&self, result: &RedisResult<T>) {
        let unreachable = match result {
            Ok(_) => false,
            // An answer from the server (a script's error, NOSCRIPT, WRONGTYPE...) says it is there.
            Err(e) => e.is_io_error() || e.is_timeout() || e.is_connection_dropped() || e.is_unrecoverable_error(),
        };
        if unreachable == self.down.load(Ordering::Relaxed) {
            return;
        }
        let mut down = self.down_since.lock().unwrap_or_else(|p| p.into_inner());
        match (unreachable, down.is_some(), result) {
            (true, false, Err(e)) => {
                *down = Some(Instant::now());
                self.down.store(true, Ordering::Relaxed);
                tracing::warn!(error = %e, "Redis stopped answering; commands are retried until it is back");
            }
            (false, true, _) => {
                let since = down.take().unwrap_or_else(Instant::now);
                self.down.store(false, Ordering::Relaxed);
                tracing::info!(down_ms = since.elapsed().as_millis() as u64, "Redis answers again");
            }
            _ => {}
        }
    }
}

/// Holds the subscriptions (to the wake and status channels) while the store lives; resubscribes after
/// a reconnection.
pub enum Subscriber {
    One(ConnectionManager),
    Cluster(ClusterConnection),
    /// The subscriber of the current primary (renewed on a failover, with every channel so far).
    Sentinel(Arc<Failover>),
}

impl Subscriber {
    pub async fn subscribe(&mut self, channel: &str) -> RedisResult<()> {
        match self {
            Subscriber::One(c) => c.subscribe(channel).await,
            Subscriber::Cluster(c) => c.subscribe(channel).await,
            Subscriber::Sentinel(f) => {
                f.channels
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(channel.to_owned());
                f.current().subscriber.subscribe(channel).await
            }
        }
    }
}

/// A node's URL as a connection: `#insecure` for TLS without verification, and the credentials of
/// `access` where the URL has none.
fn node(url: &str, access: &Access) -> RedisResult<redis::ConnectionInfo> {
    use redis::IntoConnectionInfo;
    let url = if access.insecure && url.starts_with("rediss://") && !url.contains('#') {
        format!("{url}#insecure")
    } else {
        url.to_owned()
    };
    let info = url.as_str().into_connection_info()?;
    let mut settings = info.redis_settings().clone();
    if settings.username().is_none()
        && let Some(user) = &access.username
    {
        settings = settings.set_username(user);
    }
    if settings.password().is_none()
        && let Some(password) = &access.password
    {
        settings = settings.set_password(password.expose());
    }
    Ok(info.set_redis_settings(settings))
}

fn certificates(access: &Access) -> Option<redis::TlsCertificates> {
    access.ca_pem.as_ref().map(|pem| redis::TlsCertificates {
        client_tls: None,
        root_cert: Some(pem.clone()),
    })
}

/// Connects a command connection and a subscriber whose messages go to `push`.
pub async fn connect(
    target: &Target,
    access: &Access,
    push: UnboundedSender<PushInfo>,
) -> RedisResult<(Conn, Subscriber)> {
    match target {
        Target::One(url) => {
            let info = node(url, access)?;
            let client = match certificates(access) {
                Some(certs) => redis::Client::build_with_tls(info, certs)?,
                None => redis::Client::open(info)?,
            };
            // The connection manager below waits for a Redis that does not answer yet, for as long as it
            // takes; a refused password or certificate will not change by waiting: one try says so now.
            if let Err(e) = client.get_multiplexed_async_connection().await
                && refused(&e)
            {
                return Err(e);
            }
            let config = ConnectionManagerConfig::new()
                .set_connection_timeout(Some(Duration::from_secs(5)))
                .set_response_timeout(Some(Duration::from_secs(10)))
                .set_max_delay(Duration::from_secs(2))
                .set_number_of_retries(usize::MAX);
            let conn = ConnectionManager::new_with_config(client.clone(), config.clone()).await?;
            let subscriber =
                ConnectionManager::new_with_config(client, config.set_push_sender(push).set_automatic_resubscription())
                    .await?;
            Ok((Conn::new(Link::One(conn), access), Subscriber::One(subscriber)))
        }
        Target::Sentinel {
            sentinels,
            master,
            db,
            username,
            password,
        } => {
            use redis::IntoConnectionInfo;
            use redis::sentinel::{SentinelClientBuilder, SentinelServerType};
            // The Sentinels are asked without credentials (they rarely have any); the primary with them.
            let addrs = sentinels
                .iter()
                .map(|url| Ok(url.as_str().into_connection_info()?.addr().clone()))
                .collect::<RedisResult<Vec<_>>>()?;
            let tls = sentinels.iter().any(|url| url.starts_with("rediss://"));
            let mut builder = SentinelClientBuilder::new(addrs, master, SentinelServerType::Master)?
                .set_client_to_redis_protocol(redis::ProtocolVersion::RESP3)
                .set_client_to_redis_db(*db);
            if let Some(user) = username.as_ref().or(access.username.as_ref()) {
                builder = builder.set_client_to_redis_username(user);
            }
            if let Some(pass) = password.as_deref().or(access.password.as_ref().map(|p| p.expose())) {
                builder = builder.set_client_to_redis_password(pass);
            }
            if tls {
                let mode = match access.insecure {
                    true => redis::TlsMode::Insecure,
                    false => redis::TlsMode::Secure,
                };
                builder = builder
                    .set_client_to_sentinel_tls_mode(mode)
                    .set_client_to_redis_tls_mode(mode);
                if let Some(certs) = certificates(access) {
                    builder = builder
                        .set_client_to_sentinel_certificates(certs.clone())
                        .set_client_to_redis_certificates(certs);
                }
            }
            let sentinel = builder.build()?;
            let sentinel = tokio::sync::Mutex::new(sentinel);
            // Few reconnections to one address: after a failover the primary is elsewhere, and commands
            // must fail (and so ask the Sentinels) rather than wait for the old one.
            let config = ConnectionManagerConfig::new()
                .set_connection_timeout(Some(Duration::from_secs(2)))
                .set_response_timeout(Some(Duration::from_secs(10)))
                .set_max_delay(Duration::from_millis(500))
                .set_number_of_retries(2);
            let primary = Failover::reach(&sentinel, &config, &push, &[]).await?;
            tracing::info!(primary = %primary.addr, master = %master, "the Sentinels name the Redis primary");
            let failover = Arc::new(Failover {
                sentinel,
                primary: std::sync::RwLock::new(primary),
                config,
                push,
                channels: Mutex::default(),
                switching: tokio::sync::Mutex::new(()),
                lost: AtomicBool::new(false),
            });
            Ok((
                Conn::new(Link::Sentinel(failover.clone()), access),
                Subscriber::Sentinel(failover),
            ))
        }
        Target::Cluster(nodes) => {
            let infos = nodes.iter().map(|n| node(n, access)).collect::<RedisResult<Vec<_>>>()?;
            let builder = || {
                let mut b = ClusterClientBuilder::new(infos.clone());
                if let Some(certs) = certificates(access) {
                    b = b.certs(certs);
                }
                b.use_protocol(redis::ProtocolVersion::RESP3)
                    .connection_timeout(Duration::from_secs(5))
                    .response_timeout(Duration::from_secs(10))
                    // A failover takes the cluster some seconds (the node timeout, then an election): the
                    // client keeps asking, with backoff, for about half a minute before it gives up.
                    .retries(12)
                    .max_retry_wait(2_000)
            };
            let conn = builder().build()?.get_async_connection().await?;
            let subscriber = builder().push_sender(push).build()?.get_async_connection().await?;
            Ok((Conn::new(Link::Cluster(conn), access), Subscriber::Cluster(subscriber)))
        }
    }
}

/// An answer that waiting will not change: the credentials or the server's certificate were refused.
pub fn refused(e: &redis::RedisError) -> bool {
    credentials_refused(e) || certificate_refused(e)
}

/// The server refused the user or password (`WRONGPASS`, `NOAUTH`, or the client's own verdict).
pub fn credentials_refused(e: &redis::RedisError) -> bool {
    e.kind() == redis::ErrorKind::AuthenticationFailed || matches!(e.code(), Some("WRONGPASS" | "NOAUTH"))
}

/// Whether a connection error is a TLS peer whose certificate was not accepted: rustls's error, inside
/// the I/O error the handshake returned, which redis keeps behind an `Arc`.
pub fn certificate_refused(e: &redis::RedisError) -> bool {
    type Shared = std::sync::Arc<dyn std::error::Error + Send + Sync>;
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = source {
        let io = match err.downcast_ref::<Shared>() {
            Some(shared) => shared.downcast_ref::<std::io::Error>(),
            None => err.downcast_ref::<std::io::Error>(),
        };
        // `io::Error::source` skips the error it wraps: `get_ref` is the way to it.
        let inner = io.and_then(|io| io.get_ref());
        if let Some(rustls::Error::InvalidCertificate(_)) = inner.and_then(|i| i.downcast_ref::<rustls::Error>()) {
            return true;
        }
        source = err.source();
    }
    false
}

impl Conn {
    /// A connection whose answers tell one `Health`; a command may wait `STALLED` (or a second more than
    /// `WAIT` may take) before Redis counts as down.
    fn new(link: Link, access: &Access) -> Conn {
        Conn {
            link,
            health: Arc::new(Health {
                down: AtomicBool::new(false),
                down_since: Mutex::new(None),
                stall: STALLED.max(access.ack_timeout + Duration::from_secs(1)),
            }),
        }
    }
}

impl ConnectionLike for Conn {
    fn req_packed_command<'a>(&'a mut self, cmd: &'a Cmd) -> RedisFuture<'a, Value> {
        let health = self.health.clone();
        let sent = match &mut self.link {
            Link::One(c) => c.req_packed_command(cmd),
            Link::Cluster(c) => c.req_packed_command(cmd),
            Link::Sentinel(f) => {
                let f = f.clone();
                Box::pin(async move {
                    let mut primary = f.current().commands;
                    let answer = primary.req_packed_command(cmd).await;
                    if let Err(e) = &answer {
                        f.check(e).await;
                    }
                    answer
                })
            }
        };
        Box::pin(async move { health.watch(sent).await })
    }

    fn req_packed_commands<'a>(
        &'a mut self,
        pipeline: &'a Pipeline,
        offset: usize,
        count: usize,
    ) -> RedisFuture<'a, Vec<Value>> {
        let health = self.health.clone();
        let sent = match &mut self.link {
            Link::One(c) => c.req_packed_commands(pipeline, offset, count),
            Link::Cluster(c) => c.req_packed_commands(pipeline, offset, count),
            Link::Sentinel(f) => {
                let f = f.clone();
                Box::pin(async move {
                    let mut primary = f.current().commands;
                    let answers = primary.req_packed_commands(pipeline, offset, count).await;
                    if let Err(e) = &answers {
                        f.check(e).await;
                    }
                    answers
                })
            }
        };
        Box::pin(async move { health.watch(sent).await })
    }

    fn get_db(&self) -> i64 {
        match &self.link {
            Link::One(c) => c.get_db(),
            Link::Cluster(c) => c.get_db(),
            Link::Sentinel(f) => f.current().commands.get_db(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cluster_urls_name_every_node_with_the_credentials() {
        assert_eq!(
            Target::parse("redis+cluster://:pw@10.0.0.1:7000,10.0.0.2:7001"),
            Target::Cluster(vec![
                "redis://:pw@10.0.0.1:7000/?protocol=resp3".into(),
                "redis://:pw@10.0.0.2:7001/?protocol=resp3".into(),
            ])
        );
        assert_eq!(
            Target::parse("redis://127.0.0.1:6379/2"),
            Target::One("redis://127.0.0.1:6379/2?protocol=resp3".into())
        );
    }

    #[test]
    fn sentinel_urls_name_the_sentinels_the_master_and_the_primary_s_credentials() {
        let sentinel = |scheme: &str, db| Target::Sentinel {
            sentinels: vec![
                format!("{scheme}://10.0.0.1:26379"),
                format!("{scheme}://10.0.0.2:26379"),
            ],
            master: "cases".into(),
            db,
            username: Some("app".into()),
            password: Some("pw".into()),
        };
        assert_eq!(
            Target::parse("redis+sentinel://app:pw@10.0.0.1:26379,10.0.0.2:26379/cases/3"),
            sentinel("redis", 3)
        );
        assert_eq!(
            Target::parse("rediss+sentinel://app:pw@10.0.0.1:26379,10.0.0.2:26379/cases"),
            sentinel("rediss", 0)
        );
    }
}
