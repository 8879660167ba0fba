//! The faults the fake answers with, by name.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    Ok,
    /// 401, 403, 404, 408, 429, 500, 502, 503, 504.
    Status(u16),
    DailyQuota,
    KeyInvalid,
    Hang,
    Block(String),
    Finish(String),
    TextOnly,
    /// A 200 text-only answer that quotes the API key it was sent (to test redaction in answers).
    EchoKey,
    WrongMime,
    Thought,
    Safety,
    BadCase,
    NotJson,
}

impl FromStr for Fault {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        Ok(match s {
            "ok" => Fault::Ok,
            "429-daily" | "quota-daily" => Fault::DailyQuota,
            "key-invalid" => Fault::KeyInvalid,
            "hang" => Fault::Hang,
            "block" => Fault::Block("PROHIBITED_CONTENT".into()),
            "text-only" => Fault::TextOnly,
            "echo-key" => Fault::EchoKey,
            "wrong-mime" => Fault::WrongMime,
            "thought" => Fault::Thought,
            "safety" => Fault::Safety,
            "bad-case" => Fault::BadCase,
            "not-json" => Fault::NotJson,
            _ => {
                if let Some(reason) = s.strip_prefix("block:") {
                    Fault::Block(reason.to_owned())
                } else if let Some(reason) = s.strip_prefix("finish:") {
                    Fault::Finish(reason.to_owned())
                } else {
                    match s.parse::<u16>() {
                        Ok(code @ (401 | 403 | 404 | 408 | 429 | 500 | 502 | 503 | 504)) => Fault::Status(code),
                        _ => return Err(format!("unknown fault {s:?}")),
                    }
                }
            }
        })
    }
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fault::Ok => f.write_str("ok"),
            Fault::Status(c) => write!(f, "{c}"),
            Fault::DailyQuota => f.write_str("429-daily"),
            Fault::KeyInvalid => f.write_str("key-invalid"),
            Fault::Hang => f.write_str("hang"),
            Fault::Block(r) => write!(f, "block:{r}"),
            Fault::Finish(r) => write!(f, "finish:{r}"),
            Fault::TextOnly => f.write_str("text-only"),
            Fault::EchoKey => f.write_str("echo-key"),
            Fault::WrongMime => f.write_str("wrong-mime"),
            Fault::Thought => f.write_str("thought"),
            Fault::Safety => f.write_str("safety"),
            Fault::BadCase => f.write_str("bad-case"),
            Fault::NotJson => f.write_str("not-json"),
        }
    }
}

impl Serialize for Fault {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Fault {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}
