//! OpenTelemetry traces, on when the standard variables ask for them (`OTEL_EXPORTER_OTLP_ENDPOINT` or
//! `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`; `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none` keep
//! them off) and off otherwise: nothing is built, sent or listened for. Spans are `tracing` spans,
//! exported over OTLP/HTTP (protobuf) by the SDK's batch processor on its own thread.
//!
//! A job continues a trace across processes through a W3C `traceparent` stored with it: the one of the
//! request that queued it when that request came with a `traceparent`; otherwise a trace of the job's
//! own, which the queuing span links to.

use std::collections::HashMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use opentelemetry::propagation::TextMapPropagator;
use opentelemetry::trace::{SpanContext, SpanId, TraceContextExt, TraceFlags, TraceId, TraceState, TracerProvider};
use opentelemetry_sdk::propagation::TraceContextPropagator;
use opentelemetry_sdk::trace::SdkTracerProvider;
use tracing_opentelemetry::OpenTelemetrySpanExt;

static ON: AtomicBool = AtomicBool::new(false);

tokio::task_local! {
    /// Set while an HTTP request that came with a `traceparent` is handled: the jobs it queues continue
    /// that trace.
    static CONTINUES: bool;
}

/// Whether traces are being exported.
pub fn enabled() -> bool {
    ON.load(Ordering::Relaxed)
}

/// The exporting side, kept until the process ends: `shutdown` sends what is still queued.
pub struct Tracing {
    provider: SdkTracerProvider,
}

/// Why the variables could not be used.
#[derive(Debug, thiserror::Error)]
pub enum TraceError {
    #[error(
        "{var}={value:?} is not supported: sleuths sends traces over OTLP/HTTP, so use http/protobuf (or leave it unset)"
    )]
    Protocol { var: &'static str, value: String },
    #[error("could not set up the OTLP exporter: {0}")]
    Exporter(String),
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// Builds the exporter and the tracing layer when the environment asks for traces; `None` when it does
/// not.
pub fn from_env<S>() -> Result<Option<(Tracing, impl tracing_subscriber::Layer<S>)>, TraceError>
where
    S: tracing::Subscriber + for<'span> tracing_subscriber::registry::LookupSpan<'span>,
{
    let disabled = var("OTEL_SDK_DISABLED").is_some_and(|v| v.eq_ignore_ascii_case("true"))
        || var("OTEL_TRACES_EXPORTER").is_some_and(|v| v.eq_ignore_ascii_case("none"));
    let endpoint = var("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT").or_else(|| var("OTEL_EXPORTER_OTLP_ENDPOINT"));
    if disabled || endpoint.is_none() {
        return Ok(None);
    }
    for name in ["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"] {
        if let Some(value) = var(name) {
            if value != "http/protobuf" {
                return Err(TraceError::Protocol { var: name, value });
            }
            break;
        }
    }
    use opentelemetry_otlp::{WithExportConfig, WithHttpConfig};
    let exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .with_protocol(opentelemetry_otlp::Protocol::HttpBinary)
        .with_http_client(BlockingHttp::default())
        .build()
        .map_err(|e| TraceError::Exporter(e.to_string()))?;
    // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES are read by the builder; the name is ours otherwise.
    let mut resource = opentelemetry_sdk::Resource::builder();
    if var("OTEL_SERVICE_NAME").is_none() {
        resource = resource.with_service_name("sleuths");
    }
    // The sampler comes from OTEL_TRACES_SAMPLER (and _ARG), read by the SDK.
    let provider = SdkTracerProvider::builder()
        .with_batch_exporter(exporter)
        .with_resource(resource.build())
        .build();
    let tracer = provider.tracer("sleuths");
    let layer = tracing_opentelemetry::layer().with_tracer(tracer);
    ON.store(true, Ordering::Relaxed);
    Ok(Some((Tracing { provider }, layer)))
}

impl Tracing {
    /// Sends the spans still queued (waiting at most the SDK's 5 s), off the async threads.
    pub async fn shutdown(self) {
        let provider = self.provider;
        let ended = tokio::task::spawn_blocking(move || provider.shutdown()).await;
        if let Ok(Err(e)) = ended {
            eprintln!("warning: the last traces could not be sent: {e}");
        }
    }
}

/// Runs `f` as the handling of a request whose `traceparent` header (if any) was given to its span.
pub async fn in_request<F: std::future::Future>(continues: bool, f: F) -> F::Output {
    CONTINUES.scope(continues, f).await
}

/// Makes `span` a child of the W3C `traceparent` given (from a request, or stored with a job). Returns
/// whether it was a valid one.
pub fn continue_from(span: &tracing::Span, traceparent: &str) -> bool {
    let carrier = HashMap::from([("traceparent".to_owned(), traceparent.to_owned())]);
    let cx = TraceContextPropagator::new().extract(&carrier);
    if !cx.span().span_context().is_valid() {
        return false;
    }
    span.set_parent(cx).is_ok()
}

/// The `traceparent` a job queued now keeps: the current span's, when the request being handled came
/// with one (the worker that paints the job continues the creator's trace); otherwise a new trace of
/// the job's own, which the current span links to. `None` while traces are off.
pub fn for_new_job() -> Option<String> {
    if !enabled() {
        return None;
    }
    let current = tracing::Span::current();
    let cx = current.context();
    let here = cx.span().span_context().clone();
    if CONTINUES.try_with(|c| *c).unwrap_or(false) && here.is_valid() {
        let mut carrier = HashMap::new();
        TraceContextPropagator::new().inject_context(&cx, &mut carrier);
        return carrier.remove("traceparent");
    }
    let own = SpanContext::new(
        TraceId::from(rand::random::<u128>().max(1)),
        SpanId::from(rand::random::<u64>().max(1)),
        TraceFlags::SAMPLED,
        true,
        TraceState::default(),
    );
    if here.is_valid() {
        current.add_link(own.clone());
    }
    Some(format!("00-{}-{}-01", own.trace_id(), own.span_id()))
}

/// OTLP/HTTP requests sent with a blocking reqwest client, made on the batch processor's own thread
/// (never an async one) the first time it exports.
#[derive(Debug, Default)]
struct BlockingHttp(OnceLock<reqwest::blocking::Client>);

#[async_trait::async_trait]
impl opentelemetry_http::HttpClient for BlockingHttp {
    async fn send_bytes(
        &self,
        request: http::Request<bytes::Bytes>,
    ) -> Result<http::Response<bytes::Bytes>, opentelemetry_http::HttpError> {
        let client = match self.0.get() {
            Some(c) => c,
            None => {
                let built = reqwest::blocking::Client::builder()
                    .timeout(std::time::Duration::from_secs(10))
                    .build()?;
                self.0.get_or_init(|| built)
            }
        };
        let (parts, body) = request.into_parts();
        let mut req = client.request(parts.method, parts.uri.to_string()).body(body.to_vec());
        for (name, value) in &parts.headers {
            req = req.header(name, value);
        }
        let res = req.send()?;
        let mut out = http::Response::builder().status(res.status());
        for (name, value) in res.headers() {
            out = out.header(name, value);
        }
        Ok(out.body(res.bytes()?)?)
    }
}
