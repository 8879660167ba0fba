//! The image store as an S3-compatible bucket (AWS S3, MinIO, Ceph, R2...), so workers and servers on
//! different machines see the same pictures.

use std::sync::Arc;

use async_trait::async_trait;
use std::time::Duration;

use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey};
use object_store::path::Path;
use object_store::{BackoffConfig, ClientConfigKey, ObjectStore, PutPayload, RetryConfig};

use super::{ImageStore, ImageStoreError, is_safe_name};

/// Pictures as objects under an optional key prefix of one bucket.
#[derive(Debug, Clone)]
pub struct ObjectImages {
    store: Arc<dyn ObjectStore>,
    prefix: String,
}

impl ObjectImages {
    /// The objects under `prefix` (already checked, `ImagesLocation`) in `bucket`; credentials, region and
    /// endpoint come from the usual `AWS_*` environment variables (`AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`, `AWS_ENDPOINT_URL`, `AWS_ALLOW_HTTP` for a plain-HTTP endpoint).
    pub fn new(bucket: &str, prefix: &str) -> Result<Self, ImageStoreError> {
        // A bucket that stops answering is reported within seconds, not after object_store's default three
        // minutes of retries: the pipeline retries writes itself, and `/readyz` must answer promptly.
        let client = |key, value: &str| (AmazonS3ConfigKey::Client(key), value.to_owned());
        let store = [
            client(ClientConfigKey::ConnectTimeout, "5s"),
            client(ClientConfigKey::Timeout, "30s"),
        ]
        .into_iter()
        .fold(AmazonS3Builder::from_env(), |b, (k, v)| b.with_config(k, v))
        .with_bucket_name(bucket)
        .with_retry(RetryConfig {
            backoff: BackoffConfig::default(),
            max_retries: 3,
            retry_timeout: Duration::from_secs(10),
        })
        .build()
        .map_err(|e| ImageStoreError::Backend(format!("cannot use bucket {bucket:?}: {e}")))?;
        Ok(ObjectImages {
            store: Arc::new(store),
            prefix: prefix.to_owned(),
        })
    }

    fn path(&self, name: &str) -> Result<Path, ImageStoreError> {
        if !is_safe_name(name) {
            return Err(ImageStoreError::BadName(name.to_owned()));
        }
        Ok(match self.prefix.as_str() {
            "" => Path::from(name),
            prefix => Path::from(format!("{prefix}/{name}")),
        })
    }
}

fn backend(e: object_store::Error) -> ImageStoreError {
    ImageStoreError::Backend(format!("object store: {e}"))
}

#[async_trait]
impl ImageStore for ObjectImages {
    /// A single PUT: the object appears whole or not at all.
    async fn put(&self, name: &str, bytes: &[u8]) -> Result<(), ImageStoreError> {
        let path = self.path(name)?;
        self.store
            .put(&path, PutPayload::from(bytes.to_vec()))
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn get(&self, name: &str) -> Result<Option<Vec<u8>>, ImageStoreError> {
        let path = self.path(name)?;
        match self.store.get(&path).await {
            Ok(got) => Ok(Some(got.bytes().await.map_err(backend)?.to_vec())),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(backend(e)),
        }
    }
}
