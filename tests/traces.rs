//! OpenTelemetry, end to end: an OTLP/HTTP receiver on a local port decodes the real protobuf messages
//! (`opentelemetry-proto`); `serve` creates a case with a W3C `traceparent` and a separate `worker`
//! process paints it, in the creator's trace. Without the variables, nothing is sent.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{KillOnDrop, SpawnGuarded};
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::any_value::Value as AnyValue;
use opentelemetry_proto::tonic::trace::v1::Span;
use prost::Message;
use serde_json::Value;

const TOKEN: &str = "trace-token";
const TRACE_ID: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const PARENT_ID: &str = "00f067aa0ba902b7";

/// A span as received, with the service that sent it.
#[derive(Debug, Clone)]
struct Got {
    service: String,
    span: Span,
}

impl Got {
    fn trace(&self) -> String {
        hex(&self.span.trace_id)
    }

    fn attr(&self, key: &str) -> Option<String> {
        self.span.attributes.iter().find(|a| a.key == key).and_then(|a| {
            a.value.as_ref().and_then(|v| v.value.as_ref()).map(|v| match v {
                AnyValue::StringValue(s) => s.clone(),
                AnyValue::IntValue(i) => i.to_string(),
                AnyValue::DoubleValue(d) => d.to_string(),
                AnyValue::BoolValue(b) => b.to_string(),
                other => format!("{other:?}"),
            })
        })
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// An OTLP/HTTP receiver: answers every POST with 200 and keeps the spans it decodes.
struct Receiver {
    port: u16,
    spans: Arc<Mutex<Vec<Got>>>,
    requests: Arc<Mutex<usize>>,
}

impl Receiver {
    fn start() -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let spans = Arc::new(Mutex::new(Vec::new()));
        let requests = Arc::new(Mutex::new(0));
        let (s, r) = (spans.clone(), requests.clone());
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(conn) = conn else { continue };
                let (s, r) = (s.clone(), r.clone());
                std::thread::spawn(move || serve(conn, &s, &r));
            }
        });
        Receiver { port, spans, requests }
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn spans(&self) -> Vec<Got> {
        self.spans.lock().unwrap().clone()
    }
}

/// Reads HTTP/1.1 requests off one connection (kept alive) and decodes their bodies.
fn serve(conn: std::net::TcpStream, spans: &Mutex<Vec<Got>>, requests: &Mutex<usize>) {
    let mut reader = BufReader::new(conn.try_clone().unwrap());
    let mut conn = conn;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        assert!(line.starts_with("POST /v1/traces "), "{line}");
        let mut length = 0;
        loop {
            let mut header = String::new();
            reader.read_line(&mut header).unwrap();
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let request = ExportTraceServiceRequest::decode(body.as_slice()).expect("an OTLP protobuf trace export");
        *requests.lock().unwrap() += 1;
        for rs in request.resource_spans {
            let service = rs
                .resource
                .iter()
                .flat_map(|r| &r.attributes)
                .find(|a| a.key == "service.name")
                .and_then(|a| a.value.as_ref().and_then(|v| v.value.as_ref()))
                .map(|v| match v {
                    AnyValue::StringValue(s) => s.clone(),
                    other => format!("{other:?}"),
                })
                .unwrap_or_default();
            for ss in rs.scope_spans {
                for span in ss.spans {
                    spans.lock().unwrap().push(Got {
                        service: service.clone(),
                        span,
                    });
                }
            }
        }
        conn.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/x-protobuf\r\ncontent-length: 0\r\n\r\n")
            .unwrap();
    }
}

fn sleuths(config: &Path, otel: Option<&str>) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sleuths"));
    c.arg("--config").arg(config);
    for var in [
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
        "OTEL_SERVICE_NAME",
    ] {
        c.env_remove(var);
    }
    if let Some(endpoint) = otel {
        c.env("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint)
            .env("OTEL_BSP_SCHEDULE_DELAY", "200");
    }
    c
}

/// Starts `serve --no-worker` and returns it with its base URL.
fn serve_process(config: &Path, otel: Option<&str>) -> (KillOnDrop, String) {
    let mut child = sleuths(config, otel)
        .args(["serve", "--no-worker", "--port", "0", "--admin-token", TOKEN])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn_guarded();
    let base = common::serve_url(&mut child);
    (child, base)
}

/// SIGTERM, then the exit: the process sends its last spans as it ends.
fn stop(mut child: KillOnDrop) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(child.wait().unwrap().success());
}

/// Creates a case over HTTP (with a `traceparent` when given) and returns (case id, job id).
fn create(http: &reqwest::blocking::Client, base: &str, traceparent: Option<&str>) -> (String, String) {
    let mut req = http.post(format!("{base}/api/case/create")).bearer_auth(TOKEN);
    if let Some(tp) = traceparent {
        req = req.header("traceparent", tp);
    }
    let res = req.send().unwrap();
    assert_eq!(res.status(), 201);
    let body: Value = res.json().unwrap();
    (
        body["case"]["id"].as_str().unwrap().to_owned(),
        body["jobId"].as_str().unwrap().to_owned(),
    )
}

fn wait_completed(http: &reqwest::blocking::Client, base: &str, case_id: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let s: Value = http
            .get(format!("{base}/api/image-status/{case_id}"))
            .send()
            .unwrap()
            .json()
            .unwrap();
        if s["status"] == "completed" {
            return;
        }
        assert!(Instant::now() < deadline, "{case_id} was not painted: {s}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn config(dir: &Path) -> std::path::PathBuf {
    let config = dir.join("sleuths.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = {:?}\nimage_latency = \"20ms\"\nlog_level = \"warn\"\n[scheduler]\npoll = \"100ms\"\n",
            dir
        ),
    )
    .unwrap();
    config
}

#[test]
fn a_worker_process_paints_a_case_in_the_trace_of_the_request_that_created_it() {
    let receiver = Receiver::start();
    let endpoint = receiver.endpoint();
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path());
    let (serve, base) = serve_process(&config, Some(&endpoint));
    let http = reqwest::blocking::Client::new();
    let traceparent = format!("00-{TRACE_ID}-{PARENT_ID}-01");
    let (continued, continued_job) = create(&http, &base, Some(&traceparent));
    let (own, own_job) = create(&http, &base, None);
    let worker = sleuths(&config, Some(&endpoint))
        .args(["worker", "--no-cron"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn_guarded();
    wait_completed(&http, &base, &continued);
    wait_completed(&http, &base, &own);
    stop(worker);
    stop(serve);

    let spans = receiver.spans();
    assert!(spans.iter().all(|s| s.service == "sleuths"), "service.name is sleuths");
    let in_trace: Vec<&Got> = spans.iter().filter(|s| s.trace() == TRACE_ID).collect();
    let named = |name: &str| in_trace.iter().filter(|s| s.span.name.starts_with(name)).count();
    // The request, a child of the caller's span.
    let request = in_trace
        .iter()
        .find(|s| s.span.name == "POST /api/case/create")
        .expect("the creating request's span");
    assert_eq!(hex(&request.span.parent_span_id), PARENT_ID);
    // The worker's run of the job, a child of the request.
    let job = in_trace
        .iter()
        .find(|s| s.span.name == "job")
        .expect("the job's span in the creator's trace");
    assert_eq!(job.attr("job.id").as_deref(), Some(continued_job.as_str()));
    assert_eq!(job.span.parent_span_id, request.span.span_id);
    // One span per slot and per call, and the store steps.
    assert_eq!(
        named("slot "),
        15,
        "{:?}",
        in_trace.iter().map(|s| &s.span.name).collect::<Vec<_>>()
    );
    let calls: Vec<&&Got> = in_trace.iter().filter(|s| s.span.name == "procedural call").collect();
    assert_eq!(calls.len(), 15);
    for call in &calls {
        assert_eq!(call.attr("provider").as_deref(), Some("procedural"));
        assert_eq!(call.attr("outcome").as_deref(), Some("painted"));
        assert!(call.attr("latency_ms").is_some());
    }
    assert_eq!(named("store.record_slot"), 15);
    assert_eq!(named("store.complete"), 1);

    // A request without a traceparent: the job has a trace of its own, which the request links to.
    let own_run = spans
        .iter()
        .find(|s| s.span.name == "job" && s.attr("job.id").as_deref() == Some(own_job.as_str()))
        .expect("the second job's span");
    assert_ne!(own_run.trace(), TRACE_ID);
    let linked = spans
        .iter()
        .filter(|s| s.span.name == "POST /api/case/create" && s.trace() != TRACE_ID)
        .any(|s| s.span.links.iter().any(|l| l.trace_id == own_run.span.trace_id));
    assert!(linked, "the creating request links to the job's own trace");
    assert_ne!(hex(&own_run.span.trace_id), hex(&request.span.trace_id));
    let slots_of_own = spans
        .iter()
        .filter(|s| s.trace() == own_run.trace() && s.span.name.starts_with("slot "))
        .count();
    assert_eq!(slots_of_own, 15);
}

#[test]
fn without_the_variables_nothing_is_sent() {
    let receiver = Receiver::start();
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path());
    let (serve, base) = serve_process(&config, None);
    let http = reqwest::blocking::Client::new();
    let (case_id, _) = create(&http, &base, Some(&format!("00-{TRACE_ID}-{PARENT_ID}-01")));
    let worker = sleuths(&config, None)
        .args(["worker", "--no-cron"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn_guarded();
    wait_completed(&http, &base, &case_id);
    stop(worker);
    stop(serve);
    assert_eq!(*receiver.requests.lock().unwrap(), 0);
    // Nor is a traceparent kept with the job.
    let listed: Value = serde_json::from_slice(
        &sleuths(&config, None)
            .args(["jobs", "list", "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(listed["jobs"][0].get("traceparent").is_none(), "{listed}");
}
