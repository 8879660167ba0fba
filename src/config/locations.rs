//! Where the engine keeps its records and its pictures: parsed once, from the setting's text, into what
//! the code matches on.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Where records and jobs live: `sqlite` (the embedded file under the data directory),
/// `redis://HOST:PORT[/DB]` (`rediss://` with TLS) or `redis+cluster://HOST:PORT[,HOST:PORT...]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum StoreLocation {
    Sqlite,
    Redis { url: String },
}

impl StoreLocation {
    /// The location without a password, for messages and `sleuths config`.
    pub fn redacted(&self) -> StoreLocation {
        match self {
            StoreLocation::Sqlite => StoreLocation::Sqlite,
            StoreLocation::Redis { url } => StoreLocation::Redis { url: redact_url(url) },
        }
    }
}

impl FromStr for StoreLocation {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if s == "sqlite" {
            return Ok(StoreLocation::Sqlite);
        }
        let host = s
            .strip_prefix("redis://")
            .or_else(|| s.strip_prefix("rediss://"))
            .or_else(|| s.strip_prefix("redis+cluster://"))
            .or_else(|| s.strip_prefix("rediss+cluster://"))
            .or_else(|| s.strip_prefix("redis+sentinel://"))
            .or_else(|| s.strip_prefix("rediss+sentinel://"));
        match host {
            Some(rest) if !rest.is_empty() => Ok(StoreLocation::Redis { url: s.to_owned() }),
            _ => Err(format!(
                "store {:?} is not available: use sqlite, redis://HOST:PORT[/DB] (rediss:// over TLS) or redis+cluster://HOST:PORT[,HOST:PORT...] (rediss+cluster:// over TLS) or redis+sentinel://S1:PORT[,S2:PORT...]/MASTER[/DB] (rediss+sentinel:// over TLS)",
                redact_url(s)
            )),
        }
    }
}

impl fmt::Display for StoreLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreLocation::Sqlite => f.write_str("sqlite"),
            StoreLocation::Redis { url } => f.write_str(url),
        }
    }
}

impl TryFrom<String> for StoreLocation {
    type Error = String;

    fn try_from(s: String) -> Result<Self, String> {
        s.parse()
    }
}

impl From<StoreLocation> for String {
    fn from(l: StoreLocation) -> String {
        l.to_string()
    }
}

/// Where pictures live: `local` (the data directory's `images/`) or `s3://BUCKET[/PREFIX]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum ImagesLocation {
    Local,
    S3 { bucket: String, prefix: String },
}

impl FromStr for ImagesLocation {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if s == "local" {
            return Ok(ImagesLocation::Local);
        }
        let Some(rest) = s.strip_prefix("s3://") else {
            return Err(format!(
                "images {s:?} is not available: use local or s3://BUCKET[/PREFIX]"
            ));
        };
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        let prefix = prefix.trim_matches('/');
        if bucket.is_empty() || !(prefix.is_empty() || crate::ids::is_safe_name(prefix)) {
            return Err(format!("{s:?} is not an s3://BUCKET[/PREFIX] address"));
        }
        Ok(ImagesLocation::S3 {
            bucket: bucket.to_owned(),
            prefix: prefix.to_owned(),
        })
    }
}

impl fmt::Display for ImagesLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImagesLocation::Local => f.write_str("local"),
            ImagesLocation::S3 { bucket, prefix } if prefix.is_empty() => write!(f, "s3://{bucket}"),
            ImagesLocation::S3 { bucket, prefix } => write!(f, "s3://{bucket}/{prefix}"),
        }
    }
}

impl TryFrom<String> for ImagesLocation {
    type Error = String;

    fn try_from(s: String) -> Result<Self, String> {
        s.parse()
    }
}

impl From<ImagesLocation> for String {
    fn from(l: ImagesLocation) -> String {
        l.to_string()
    }
}

/// A URL without its password.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://[redacted]@{}", &url[..scheme], &url[at + 1..]),
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_and_images_locations_parse_once_and_print_as_written() {
        assert_eq!("sqlite".parse(), Ok(StoreLocation::Sqlite));
        let redis: StoreLocation = "redis://:pw@127.0.0.1:6379/2".parse().unwrap();
        assert_eq!(redis.to_string(), "redis://:pw@127.0.0.1:6379/2");
        assert_eq!(redis.redacted().to_string(), "redis://[redacted]@127.0.0.1:6379/2");
        let refused = "postgres://u:pw@db".parse::<StoreLocation>().unwrap_err();
        assert!(
            refused.contains("is not available") && !refused.contains("pw"),
            "{refused}"
        );
        assert!("redis://".parse::<StoreLocation>().is_err());
        let cluster: StoreLocation = "redis+cluster://10.0.0.1:7000,10.0.0.2:7000".parse().unwrap();
        assert_eq!(cluster.to_string(), "redis+cluster://10.0.0.1:7000,10.0.0.2:7000");

        assert_eq!("local".parse(), Ok(ImagesLocation::Local));
        let s3: ImagesLocation = "s3://pictures/armchair/".parse().unwrap();
        assert_eq!(
            s3,
            ImagesLocation::S3 {
                bucket: "pictures".into(),
                prefix: "armchair".into()
            }
        );
        assert_eq!(s3.to_string(), "s3://pictures/armchair");
        assert!(
            "s3://"
                .parse::<ImagesLocation>()
                .unwrap_err()
                .contains("is not an s3://BUCKET[/PREFIX] address")
        );
        assert!("s3://b/../x".parse::<ImagesLocation>().is_err());
        assert!(
            "ftp://pictures"
                .parse::<ImagesLocation>()
                .unwrap_err()
                .contains("is not available")
        );
    }
}
