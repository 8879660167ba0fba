//! `sleuths providers check`: one real request per configured remote provider, and a plain verdict.

use std::sync::Arc;
use std::time::Instant;

use crate::casegen::{CaseCounts, CaseRequest, GeminiCases};
use crate::clock::{SharedClock, SystemClock};
use crate::config::{CaseProviderKind, Config, ImageProviderKind};
use crate::domain::SlotKind;
use crate::providers::retry::Failure;
use crate::providers::{GeminiImages, OpenAiImages};

#[derive(Debug, clap::Subcommand)]
pub enum ProvidersCommand {
    /// Make one real request with each configured provider and key, and print a verdict per provider:
    /// works, key rejected, model not found, quota exhausted, unavailable, unreachable, request refused or
    /// no usable answer (for the case model: no valid case). Exits 0 only if all work.
    Check,
}

/// A prompt no filter should mind.
const PROBE: &str = "A plain white teacup on a bare wooden table, soft daylight, photograph. No text.";

pub async fn run(config: &Config, cmd: ProvidersCommand) -> anyhow::Result<()> {
    let ProvidersCommand::Check = cmd;
    let clock: SharedClock = Arc::new(SystemClock);
    let mut lines = Vec::new();
    lines.push(match config.image_provider {
        ImageProviderKind::Procedural => ("procedural images".to_owned(), Ok("offline, no key needed".to_owned())),
        ImageProviderKind::Gemini => {
            let g = GeminiImages::new(&config.gemini, &config.prices, clock.clone())?;
            let started = Instant::now();
            let result = g.paint(PROBE, SlotKind::Evidence).await;
            (format!("gemini images ({})", g.describe()), picture(result, started))
        }
        ImageProviderKind::Openai => {
            let o = OpenAiImages::new(&config.openai, &config.prices, clock.clone())?;
            let started = Instant::now();
            let result = o.paint(PROBE, SlotKind::Evidence).await;
            (format!("openai images ({})", o.describe()), picture(result, started))
        }
    });
    lines.push(match config.case_provider {
        CaseProviderKind::Procedural => ("procedural cases".to_owned(), Ok("offline, no key needed".to_owned())),
        CaseProviderKind::Gemini => {
            let g = GeminiCases::new(
                &config.gemini,
                &config.prices,
                config.pipeline.slot_backoff,
                clock.clone(),
            )?;
            let now = clock.now_ms();
            let request = CaseRequest {
                id: "case-provider-check".into(),
                date: crate::clock::rfc3339(now)[..10].to_owned(),
                seed: now as u64,
                counts: CaseCounts::default(),
                created_at: now,
            };
            let started = Instant::now();
            let result = match g.probe(&request).await {
                Ok(Ok(case)) => Ok(format!(
                    "a valid case, \"{}\", in {:.1}s",
                    case.title,
                    started.elapsed().as_secs_f64()
                )),
                // The key and model work, but a model that writes no valid case cannot run the game.
                Ok(Err(problem)) => Err(Failure::BadAnswer(format!(
                    "the model answered, but not with a valid case ({problem})"
                ))),
                Err(f) => Err(f),
            };
            (format!("gemini cases ({})", g.describe()), result)
        }
    });
    let mut all_work = true;
    for (label, result) in lines {
        let (verdict, detail) = match result {
            Ok(detail) => ("works", detail),
            Err(f) => {
                all_work &= matches!(f, Failure::Blocked(_));
                (verdict(&f), f.to_string())
            }
        };
        println!("{label}: {verdict}: {detail}");
    }
    if !all_work {
        anyhow::bail!("a provider does not work (see above)");
    }
    Ok(())
}

fn picture(result: Result<Vec<u8>, Failure>, started: Instant) -> Result<String, Failure> {
    let bytes = result?;
    let seconds = started.elapsed().as_secs_f64();
    let format = crate::providers::sniff(&bytes).unwrap_or("picture");
    Ok(match image::load_from_memory(&bytes) {
        Ok(img) => format!("a {}x{} {format} in {seconds:.1}s", img.width(), img.height()),
        Err(_) => format!("{} bytes of {format} in {seconds:.1}s", bytes.len()),
    })
}

/// The plain word for a failure.
fn verdict(f: &Failure) -> &'static str {
    match f {
        // The key and model were accepted; only the test prompt was refused.
        Failure::Blocked(_) => "works",
        Failure::KeyRejected(_) => "key rejected",
        Failure::ModelNotFound(_) => "model not found",
        Failure::Throttled { .. } | Failure::QuotaExhausted { .. } | Failure::OutOfCredit(_) => "quota exhausted",
        // No answer at all.
        Failure::Unreachable(_) => "unreachable",
        // An answer: the server is there but overloaded or down for a while (408, 5xx).
        Failure::Unavailable { .. } => "unavailable",
        Failure::Rejected(_) => "request refused",
        Failure::BadAnswer(_) => "no usable answer",
    }
}
