//! The image store as a local directory.

use std::path::{Path, PathBuf};

use async_trait::async_trait;

use super::{ImageStore, ImageStoreError, is_safe_name};

/// Pictures as files under one directory.
#[derive(Debug, Clone)]
pub struct LocalImages {
    root: PathBuf,
}

impl LocalImages {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        LocalImages { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn path(&self, name: &str) -> Result<PathBuf, ImageStoreError> {
        if !is_safe_name(name) {
            return Err(ImageStoreError::BadName(name.to_owned()));
        }
        Ok(self.root.join(name))
    }
}

#[async_trait]
impl ImageStore for LocalImages {
    async fn put(&self, name: &str, bytes: &[u8]) -> Result<(), ImageStoreError> {
        let path = self.path(name)?;
        if let Some(dir) = path.parent() {
            tokio::fs::create_dir_all(dir).await?;
        }
        // Write aside, then rename: a crash mid-write never leaves a torn picture under the real name.
        let tmp = path.with_extension(format!("tmp-{}", &crate::ids::token()[..8]));
        tokio::fs::write(&tmp, bytes).await?;
        tokio::fs::rename(&tmp, &path).await?;
        Ok(())
    }

    async fn get(&self, name: &str) -> Result<Option<Vec<u8>>, ImageStoreError> {
        let path = self.path(name)?;
        match tokio::fs::read(&path).await {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }
}
