//! The Gemini case generator: JSON against a response schema of the case model, validated, retried a bounded
//! number of times when the answer is not a valid case.

use std::sync::Arc;

use async_trait::async_trait;
use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;

use super::{Bills, CaseCounts, CaseGenError, CaseGenerator, CaseRequest};
use crate::clock::SharedClock;
use crate::common::Backoff;
use crate::common::retry::{Ended, Policy, Verdict, retry};
use crate::config::{GeminiConfig, Price, Prices};
use crate::domain::Case;
use crate::domain::spend::micros;
use crate::providers::gemini::wire::{Content, GenerateContentRequest, GenerateContentResponse, GenerationConfig};
use crate::providers::gemini::{bill, generate_url, remote};
use crate::providers::remote::Remote;
use crate::providers::retry::Failure;
use crate::providers::{ProviderError, SetupError};

const SYSTEM: &str = "You write the cases of Armchair Sleuths, a daily murder-mystery game for armchair \
detectives. Answer with one JSON object that follows the response schema exactly. Rules: every id is a short \
lowercase slug (like loc-library, sus-butler, ev-letter) and no two ids in the case are the same; every \
evidence item's foundAt is the id of one of the case's locations; solution.culpritId is the id of one of the \
suspects; solution.keyEvidence lists the ids of at least two evidence items that point at the culprit. The \
mystery is fair: a careful reader can name the culprit from the evidence and the alibis. Location and \
evidence descriptions become prompts for pictures: describe places and objects as they look, with no \
bodies, blood or wounds. Suspects are adults; their appearance describes face, hair, clothes and build for \
a portrait.";

/// Writes cases with a Gemini text model.
pub struct GeminiCases {
    remote: Remote,
    url: String,
    attempts: u32,
    backoff: Backoff,
    price: Price,
}

/// What a text model missing from the price table is charged as: the dearest text model we name.
const UNKNOWN_TEXT_MODEL: &str = "gemini-2.5-pro";

impl GeminiCases {
    /// `backoff` spaces the tries after a server error that gives no delay of its own.
    pub fn new(
        config: &GeminiConfig,
        prices: &Prices,
        backoff: Backoff,
        clock: SharedClock,
    ) -> Result<Self, SetupError> {
        let (price, known) = prices.of(&config.case_model, None);
        let price = if known {
            price
        } else {
            tracing::warn!(model = %config.case_model, "no price for this case model in [prices]: charging it as {UNKNOWN_TEXT_MODEL}");
            prices.of(UNKNOWN_TEXT_MODEL, None).0
        };
        Ok(GeminiCases {
            remote: remote(config, &config.case_model, "case model", clock)?,
            url: generate_url(&config.base_url, &config.api_version, &config.case_model),
            attempts: config.case_attempts.max(1),
            backoff,
            price,
        })
    }

    pub fn shared(
        config: &GeminiConfig,
        prices: &Prices,
        backoff: Backoff,
        clock: SharedClock,
    ) -> Result<Arc<dyn CaseGenerator>, SetupError> {
        Ok(Arc::new(Self::new(config, prices, backoff, clock)?))
    }

    /// The model and where it is called, for people.
    pub fn describe(&self) -> String {
        format!("model {} at {}", self.remote.endpoint.model, self.remote.endpoint.base)
    }

    /// The request of one try (`attempt` from 1 varies the seed, so a retry is not the same draw).
    pub fn request(&self, request: &CaseRequest, attempt: u32) -> GenerateContentRequest {
        let CaseCounts {
            locations,
            suspects,
            evidence,
        } = request.counts;
        let prompt = format!(
            "Write the case for {}: exactly {locations} locations, {suspects} suspects and {evidence} evidence \
             items. Give it a title, a victim, a weapon and the hidden solution.",
            request.date
        );
        GenerateContentRequest {
            contents: vec![Content::user_text(prompt)],
            system_instruction: Some(Content {
                role: None,
                parts: vec![crate::providers::gemini::wire::Part::text(SYSTEM)],
            }),
            generation_config: GenerationConfig {
                response_mime_type: Some("application/json".into()),
                response_schema: Some(schema(request.counts)),
                candidate_count: Some(1),
                seed: Some((request.seed.wrapping_add(u64::from(attempt - 1)) % i32::MAX as u64) as i32),
                ..Default::default()
            },
        }
    }

    /// One call and no retry (`sleuths providers check`): a valid case, or why the answer is not one.
    pub async fn probe(&self, request: &CaseRequest) -> Result<Result<Case, String>, Failure> {
        self.attempt(request, 1, &Bills::default()).await
    }

    /// One call, answered by a valid case or why not; an answer's bill goes into `bills`.
    async fn attempt(
        &self,
        request: &CaseRequest,
        attempt: u32,
        bills: &Bills,
    ) -> Result<Result<Case, String>, Failure> {
        let answer: GenerateContentResponse = self.remote.post(&self.url, &self.request(request, attempt)).await?;
        let usage = answer.usage();
        // Every answer is billed, a useless one too; without usage, at the model's price per call.
        if let Some(b) = bill(&self.remote.endpoint.model, &self.price, usage, true, 1.0) {
            bills.lock().unwrap_or_else(|e| e.into_inner()).push(b);
        }
        Ok(answer_text(answer).and_then(|text| parse_case(&text, request)))
    }
}

#[async_trait]
impl CaseGenerator for GeminiCases {
    fn name(&self) -> &'static str {
        "gemini"
    }

    fn estimate(&self) -> i64 {
        micros(self.price.picture) * i64::from(self.attempts)
    }

    async fn generate(&self, request: &CaseRequest, bills: &Bills) -> Result<Case, CaseGenError> {
        let policy = Policy {
            attempts: self.attempts,
            backoff: self.backoff,
        };
        // The caller stops a case being written by dropping this future (the daily job selects on its
        // token), so the loop needs no token of its own.
        let never = CancellationToken::new();
        let ended = retry(policy, &never, |attempt| async move {
            match self.attempt(request, attempt, bills).await {
                Ok(Ok(case)) => {
                    tracing::info!(provider = "gemini", case.id = %request.id, attempt, "case written");
                    Verdict::Done(case)
                }
                Ok(Err(problem)) => {
                    tracing::warn!(provider = "gemini", case.id = %request.id, attempt, error = %problem, "invalid case answer");
                    Verdict::again(problem)
                }
                Err(
                    f @ (Failure::Unreachable(_)
                    | Failure::Unavailable { .. }
                    | Failure::Throttled { .. }
                    | Failure::BadAnswer(_)),
                ) => {
                    tracing::warn!(provider = "gemini", case.id = %request.id, attempt, error = %f, "case call failed");
                    let delay = f.retry_after();
                    Verdict::again(f.to_string()).waiting(delay)
                }
                Err(f) => Verdict::Stop(CaseGenError::Remote(ProviderError::from(f))),
            }
        })
        .await;
        match ended {
            Ok(case) => Ok(case),
            Err(Ended::Stopped(e)) => Err(e),
            Err(Ended::Exhausted { error, attempts }) => Err(CaseGenError::NoValidCase { attempts, last: error }),
            Err(Ended::Cancelled) => Err(CaseGenError::Provider("stopped".into())),
        }
    }
}

/// The JSON text of the answer, or why there is none.
fn answer_text(answer: GenerateContentResponse) -> Result<String, String> {
    let Some(candidate) = answer.candidates.into_iter().next() else {
        let reason = answer
            .prompt_feedback
            .and_then(|f| f.block_reason)
            .unwrap_or_else(|| "no candidates".into());
        return Err(format!("Gemini answered with no case ({reason})"));
    };
    let text: String = candidate
        .content
        .map(|c| c.parts)
        .unwrap_or_default()
        .into_iter()
        .filter(|p| !p.is_thought())
        .filter_map(|p| p.text)
        .collect();
    match candidate.finish_reason.as_deref() {
        None | Some("STOP") if !text.trim().is_empty() => Ok(text),
        None | Some("STOP") => Err("Gemini answered with an empty text".into()),
        Some(reason) => Err(format!("Gemini stopped early: {reason}")),
    }
}

/// Parses and validates a case answer; `id`, `date` and `createdAt` come from the request.
pub fn parse_case(text: &str, request: &CaseRequest) -> Result<Case, String> {
    let text = text.trim();
    // JSON mode should not fence its answer, but a model sometimes does.
    let text = text
        .strip_prefix("```json")
        .or_else(|| text.strip_prefix("```"))
        .and_then(|t| t.strip_suffix("```"))
        .unwrap_or(text);
    let mut v: Value = serde_json::from_str(text).map_err(|e| format!("the answer is not JSON: {e}"))?;
    let Some(o) = v.as_object_mut() else {
        return Err("the answer is not a JSON object".into());
    };
    o.insert("id".into(), json!(request.id));
    o.insert("date".into(), json!(request.date));
    o.insert("createdAt".into(), json!(request.created_at));
    let mut case: Case = serde_json::from_value(v).map_err(|e| format!("the answer is not a case: {e}"))?;
    for slot in case.slots() {
        case.set_image_url(slot, None);
    }
    let counts = [
        ("locations", case.locations.len(), request.counts.locations),
        ("suspects", case.suspects.len(), request.counts.suspects),
        ("evidence items", case.evidence.len(), request.counts.evidence),
    ];
    for (what, got, want) in counts {
        if got != want {
            return Err(format!("the answer has {got} {what}; {want} were asked for"));
        }
    }
    case.validate()
        .map_err(|e| format!("the answer is not a valid case: {e}"))?;
    Ok(case)
}

/// The response schema of a case without what the engine sets itself (id, date, createdAt,
/// image URLs): Gemini's OpenAPI subset, UPPERCASE types, int64 bounds as strings.
pub fn schema(counts: CaseCounts) -> Value {
    fn object(fields: &[(&str, Value)]) -> Value {
        let properties: serde_json::Map<String, Value> =
            fields.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect();
        let names: Vec<&str> = fields.iter().map(|(k, _)| *k).collect();
        json!({ "type": "OBJECT", "properties": properties, "required": names, "propertyOrdering": names })
    }
    fn list(items: Value, n: usize) -> Value {
        json!({ "type": "ARRAY", "items": items, "minItems": n.to_string(), "maxItems": n.to_string() })
    }
    let text = || json!({ "type": "STRING" });
    let age = || json!({ "type": "INTEGER", "minimum": 18, "maximum": 99 });
    object(&[
        ("title", text()),
        (
            "victim",
            object(&[
                ("name", text()),
                ("age", age()),
                ("occupation", text()),
                ("description", text()),
            ]),
        ),
        ("weapon", object(&[("name", text()), ("description", text())])),
        (
            "locations",
            list(
                object(&[("id", text()), ("name", text()), ("description", text())]),
                counts.locations,
            ),
        ),
        (
            "suspects",
            list(
                object(&[
                    ("id", text()),
                    ("name", text()),
                    ("age", age()),
                    ("gender", text()),
                    ("occupation", text()),
                    ("appearance", text()),
                    ("background", text()),
                    ("alibi", text()),
                ]),
                counts.suspects,
            ),
        ),
        (
            "evidence",
            list(
                object(&[
                    ("id", text()),
                    ("name", text()),
                    ("description", text()),
                    (
                        "foundAt",
                        json!({ "type": "STRING", "description": "the id of a location" }),
                    ),
                ]),
                counts.evidence,
            ),
        ),
        (
            "solution",
            object(&[
                (
                    "culpritId",
                    json!({ "type": "STRING", "description": "the id of a suspect" }),
                ),
                ("motive", text()),
                ("method", text()),
                ("explanation", text()),
                (
                    "keyEvidence",
                    json!({ "type": "ARRAY", "items": { "type": "STRING" }, "minItems": "2",
                            "description": "ids of evidence items that point at the culprit" }),
                ),
            ]),
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> CaseRequest {
        CaseRequest {
            id: "case-2026-11-28".into(),
            date: "2026-11-28".into(),
            seed: 7,
            counts: CaseCounts::default(),
            created_at: 1_795_824_000_000,
        }
    }

    /// A procedural case as a model would send it: without what the engine sets.
    fn answer() -> Value {
        let case = case_writer::write(&request()).unwrap();
        let mut v = serde_json::to_value(case).unwrap();
        for k in ["id", "date", "createdAt"] {
            v.as_object_mut().unwrap().remove(k);
        }
        v
    }

    #[test]
    fn a_valid_answer_becomes_the_requested_case() {
        let mut v = answer();
        v["id"] = json!("made-up-by-the-model");
        let case = parse_case(&v.to_string(), &request()).unwrap();
        assert_eq!(case.id, "case-2026-11-28");
        assert_eq!(case.date, "2026-11-28");
        assert_eq!(case.created_at, 1_795_824_000_000);
        assert_eq!(case.slots().len(), 15);
        let fenced = format!("```json\n{}\n```", answer());
        assert!(parse_case(&fenced, &request()).is_ok());
    }

    #[test]
    fn invalid_answers_say_what_is_wrong() {
        let mut v = answer();
        v["solution"]["culpritId"] = json!("nobody");
        assert!(
            parse_case(&v.to_string(), &request())
                .unwrap_err()
                .contains("culpritId \"nobody\"")
        );
        let mut v = answer();
        v["locations"].as_array_mut().unwrap().pop();
        assert!(
            parse_case(&v.to_string(), &request())
                .unwrap_err()
                .contains("3 locations; 4 were asked for")
        );
        assert!(parse_case("I cannot", &request()).unwrap_err().contains("not JSON"));
        let mut v = answer();
        v.as_object_mut().unwrap().remove("victim");
        assert!(parse_case(&v.to_string(), &request()).unwrap_err().contains("victim"));
    }

    #[test]
    fn the_schema_asks_for_the_requested_counts() {
        let s = schema(CaseCounts {
            locations: 2,
            suspects: 5,
            evidence: 6,
        });
        assert_eq!(s["properties"]["locations"]["minItems"], "2");
        assert_eq!(s["properties"]["suspects"]["maxItems"], "5");
        assert_eq!(s["properties"]["evidence"]["items"]["required"][3], "foundAt");
        assert_eq!(s["required"].as_array().unwrap().len(), 7);
    }
}
