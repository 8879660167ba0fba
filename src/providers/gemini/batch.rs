//! Gemini's Batch API for pictures: one `batchGenerateContent` with inlined requests, polled until it
//! ends, each answer read exactly as a live one (blocks, thought parts, magic bytes) and billed at half
//! the price.

use std::collections::BTreeMap;

use async_trait::async_trait;

use super::wire::{
    BatchCreateRequest, BatchList, BatchOperation, BatchSpec, InlinedRequest, InlinedRequests, InlinedResponse,
    InputConfig,
};
use super::{GeminiImages, bill, picture};
use crate::domain::Slot;
use crate::providers::retry::Failure;
use crate::providers::{BatchPainter, BatchPoll, Call, ImageRequest, Picture, ProviderError};

/// What a picture costs through the Batch API, as a share of the live price.
pub const BATCH_SHARE: f64 = 0.5;

/// `{base}/{version}/models/{model}:batchGenerateContent`.
pub fn batch_url(base: &str, version: &str, model: &str) -> String {
    format!(
        "{}/{version}/models/{model}:batchGenerateContent",
        base.trim_end_matches('/')
    )
}

/// A page token as a query value: only unreserved characters pass as they are.
fn urlencoding(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The state without its prefix: `RUNNING` for `BATCH_STATE_RUNNING` or `JOB_STATE_RUNNING`.
fn bare(state: &str) -> &str {
    state
        .strip_prefix("BATCH_STATE_")
        .or_else(|| state.strip_prefix("JOB_STATE_"))
        .unwrap_or(state)
}

/// A batch id must be `batches/NAME`, one path segment: it goes into a URL.
fn check_id(id: &str) -> Result<(), ProviderError> {
    let ok = id.strip_prefix("batches/").is_some_and(|n| {
        !n.is_empty()
            && n.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    });
    if ok {
        Ok(())
    } else {
        Err(ProviderError::JobFatal(format!(
            "Gemini named its batch {id:?}, which is not batches/ID"
        )))
    }
}

impl GeminiImages {
    /// One answer of a batch as a call: the same reading as a live answer, billed at the batch share.
    fn answer_of(&self, answer: InlinedResponse) -> Call {
        if let Some(error) = answer.error {
            // A request the batch refused as malformed is final for its slot; anything else (a quota, an
            // internal error) is left to live painting, which classifies it by its HTTP answer.
            let message = format!(
                "Gemini's batch could not answer this request: {} ({})",
                error.message, error.code
            );
            let error = if matches!(error.code, 3 | 400) {
                ProviderError::SlotFinal(message)
            } else {
                ProviderError::Retryable {
                    message,
                    retry_after: None,
                }
            };
            return Err(error).into();
        }
        let Some(response) = answer.response else {
            return Err(ProviderError::from(Failure::BadAnswer(
                "Gemini's batch answered a request with neither a response nor an error".into(),
            )))
            .into();
        };
        let usage = response.usage();
        let result = picture(response);
        let bill = bill(
            &self.remote.endpoint.model,
            &self.price,
            usage,
            result.is_ok(),
            BATCH_SHARE,
        );
        Call {
            result: result.map(Picture::Encoded).map_err(Into::into),
            bill,
        }
    }
}

#[async_trait]
impl BatchPainter for GeminiImages {
    fn share(&self) -> f64 {
        BATCH_SHARE
    }

    async fn submit(&self, display_name: &str, requests: &[ImageRequest]) -> Result<String, ProviderError> {
        let body = BatchCreateRequest {
            batch: BatchSpec {
                display_name: display_name.to_owned(),
                input_config: InputConfig {
                    requests: InlinedRequests {
                        requests: requests
                            .iter()
                            .map(|r| InlinedRequest {
                                request: self.request(&r.prompt, r.slot.kind),
                                metadata: BTreeMap::from([("key".to_owned(), r.slot.key())]),
                            })
                            .collect(),
                    },
                },
            },
        };
        let operation: BatchOperation = self.remote.post(&self.batch_url, &body).await?;
        check_id(&operation.name)?;
        tracing::info!(batch.id = %operation.name, requests = requests.len(), state = %operation.metadata.state, "Gemini batch submitted");
        Ok(operation.name)
    }

    async fn poll(&self, id: &str, slots: &[Slot]) -> Result<BatchPoll, ProviderError> {
        check_id(id)?;
        let operation: BatchOperation = self.remote.get(&format!("{}/{id}", self.api_root)).await?;
        let state = operation.metadata.state.clone();
        match bare(&state) {
            "SUCCEEDED" => {}
            "FAILED" | "CANCELLED" | "EXPIRED" => return Ok(BatchPoll::Ended(state)),
            // Pending, running, cancelling, or a state added after this was written: not finished.
            _ if !operation.done => return Ok(BatchPoll::Running(state)),
            _ => return Ok(BatchPoll::Ended(state)),
        }
        let answers = operation
            .metadata
            .output
            .and_then(|o| o.inlined_responses)
            .or_else(|| operation.response.and_then(|r| r.inlined_responses))
            .map(|r| r.inlined_responses)
            .unwrap_or_default();
        // Answers name their request by `metadata.key`; one without a key is matched by its position.
        let mut out: Vec<(Slot, Call)> = Vec::new();
        for (i, answer) in answers.into_iter().enumerate() {
            let keyed = answer
                .metadata
                .get("key")
                .and_then(|k| k.as_str())
                .and_then(Slot::from_key);
            let Some(slot) = keyed.or_else(|| slots.get(i).copied()) else {
                continue;
            };
            if !slots.contains(&slot) || out.iter().any(|(s, _)| *s == slot) {
                continue;
            }
            out.push((slot, self.answer_of(answer)));
        }
        Ok(BatchPoll::Answered(out))
    }

    /// Lists the account's batches (`GET {base}/{version}/batches`, newest first, a few pages at most).
    async fn find(&self, display_name: &str) -> Result<Option<String>, ProviderError> {
        let mut token = String::new();
        for _ in 0..10 {
            let mut url = format!("{}/batches?pageSize=100", self.api_root);
            if !token.is_empty() {
                url.push_str("&pageToken=");
                url.push_str(&urlencoding(&token));
            }
            let page: BatchList = self.remote.get(&url).await?;
            if let Some(op) = page.operations.iter().find(|o| o.metadata.display_name == display_name) {
                check_id(&op.name)?;
                return Ok(Some(op.name.clone()));
            }
            match page.next_page_token {
                Some(next) if !next.is_empty() => token = next,
                _ => break,
            }
        }
        Ok(None)
    }

    async fn cancel(&self, id: &str) -> Result<(), ProviderError> {
        check_id(id)?;
        let _: serde_json::Value = self
            .remote
            .post(&format!("{}/{id}:cancel", self.api_root), &serde_json::json!({}))
            .await?;
        tracing::info!(batch.id = %id, "Gemini batch cancelled");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_are_read_with_either_prefix_and_ids_must_be_one_batch_name() {
        assert_eq!(bare("BATCH_STATE_SUCCEEDED"), "SUCCEEDED");
        assert_eq!(bare("JOB_STATE_EXPIRED"), "EXPIRED");
        assert!(check_id("batches/abc-123_x").is_ok());
        for bad in ["abc", "batches/", "batches/a/b", "batches/../x?y", "operations/1"] {
            assert!(check_id(bad).is_err(), "{bad}");
        }
    }
}
