//! The recordings store: where the audio of calls is kept, through the `object_store`
//! crate — a local directory by default, S3-compatible storage in production
//! (`TAM_RECORDINGS_STORE=s3://bucket/prefix`, credentials and endpoint from the usual
//! `AWS_*` variables).
//!
//! Uploads are streamed: the body goes to a multipart upload in 5 MiB parts (S3's least
//! part size), at most two in flight, while its size and SHA-256 are counted; at most
//! ~15 MiB of one upload is ever in memory, whatever the recording's size.

use std::ops::Range;
use std::sync::Arc;

use actix_web::web::Bytes;
use futures::stream::BoxStream;
use futures::{Stream, StreamExt};
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::prefix::PrefixStore;
use object_store::{GetOptions, GetRange, ObjectStore, ObjectStoreExt, WriteMultipart};
use sha2::{Digest, Sha256};

use crate::error::Own;

/// The size of each uploaded part.
const PART_SIZE: usize = 5 * 1024 * 1024;
/// Parts uploaded at once.
const PARTS_IN_FLIGHT: usize = 2;

/// What an upload stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub size_bytes: u64,
    /// Lowercase hex.
    pub sha256: String,
}

/// Where recordings are kept.
#[derive(Debug, Clone)]
pub struct RecordingStore {
    store: Arc<dyn ObjectStore>,
}

impl RecordingStore {
    /// Opens `location`: `s3://bucket[/prefix]`, or a directory (created if missing).
    pub fn open(location: &str) -> anyhow::Result<Self> {
        let store: Arc<dyn ObjectStore> = if let Some(rest) = location.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            if bucket.is_empty() {
                anyhow::bail!("TAM_RECORDINGS_STORE {location:?} names no bucket");
            }
            let s3 = AmazonS3Builder::from_env()
                .with_bucket_name(bucket)
                .build()
                .map_err(|e| anyhow::anyhow!("TAM_RECORDINGS_STORE {location:?}: {e}"))?;
            let prefix = prefix.trim_matches('/');
            if prefix.is_empty() {
                Arc::new(s3)
            } else {
                Arc::new(PrefixStore::new(s3, prefix))
            }
        } else if location.contains("://") {
            anyhow::bail!(
                "TAM_RECORDINGS_STORE {location:?}: only a directory or s3://bucket/prefix"
            );
        } else {
            std::fs::create_dir_all(location)
                .map_err(|e| anyhow::anyhow!("creating recordings directory {location}: {e}"))?;
            Arc::new(
                LocalFileSystem::new_with_prefix(location)
                    .map_err(|e| anyhow::anyhow!("recordings directory {location}: {e}"))?,
            )
        };
        Ok(Self { store })
    }

    /// Streams `body` to `key`, counting size and SHA-256. Over `max_bytes` the upload
    /// is aborted and nothing is kept ([`Own::TooLarge`]); so it is when the body
    /// breaks off ([`Own::Upload`]) or the store fails.
    pub async fn upload<S, E>(&self, key: &str, mut body: S, max_bytes: u64) -> Result<Stored, Own>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        let upload = self.store.put_multipart(&Path::from(key)).await?;
        let mut writer = WriteMultipart::new_with_chunk_size(upload, PART_SIZE);
        let mut hasher = Sha256::new();
        let mut size: u64 = 0;
        while let Some(chunk) = body.next().await {
            let failure = match chunk {
                Err(e) => Some(Own::Upload(e.to_string())),
                Ok(chunk) => {
                    size += chunk.len() as u64;
                    if size > max_bytes {
                        Some(Own::TooLarge(max_bytes))
                    } else {
                        hasher.update(&chunk);
                        match writer.wait_for_capacity(PARTS_IN_FLIGHT).await {
                            Ok(()) => {
                                writer.put(chunk);
                                None
                            }
                            Err(e) => Some(Own::Store(e)),
                        }
                    }
                }
            };
            if let Some(failure) = failure {
                if let Err(e) = writer.abort().await {
                    tracing::warn!(error = %e, key, "aborting a recording upload");
                }
                return Err(failure);
            }
        }
        if size == 0 {
            if let Err(e) = writer.abort().await {
                tracing::warn!(error = %e, key, "aborting an empty recording upload");
            }
            return Err(Own::Upload("the recording is empty".to_owned()));
        }
        writer.finish().await?;
        Ok(Stored {
            size_bytes: size,
            sha256: format!("{:x}", hasher.finalize()),
        })
    }

    /// The bytes of `key` in `range` (all of it without one), as a stream.
    pub async fn read(
        &self,
        key: &str,
        range: Option<Range<u64>>,
    ) -> Result<BoxStream<'static, object_store::Result<Bytes>>, Own> {
        let options = GetOptions {
            range: range.map(GetRange::Bounded),
            ..GetOptions::default()
        };
        let got = self.store.get_opts(&Path::from(key), options).await?;
        Ok(got.into_stream())
    }

    /// Removes `key` (an upload whose row could not be written). Best effort: a failure
    /// leaves an object no row points at, which is logged.
    pub async fn remove(&self, key: &str) {
        if let Err(e) = self.store.delete(&Path::from(key)).await {
            tracing::warn!(error = %e, key, "removing an orphaned recording");
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn locations() {
        assert!(RecordingStore::open("s3://").is_err());
        assert!(RecordingStore::open("gs://bucket").is_err());
        let dir = std::env::temp_dir().join(format!("tam-rec-{}", uuid::Uuid::now_v7()));
        RecordingStore::open(dir.to_str().unwrap()).unwrap();
        assert!(dir.is_dir());
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[tokio::test]
    async fn uploads_count_size_and_hash_and_refuse_too_much() {
        let dir = std::env::temp_dir().join(format!("tam-rec-{}", uuid::Uuid::now_v7()));
        let store = RecordingStore::open(dir.to_str().unwrap()).unwrap();
        let chunks = || {
            futures::stream::iter(vec![
                Ok::<_, std::io::Error>(Bytes::from_static(b"hello ")),
                Ok(Bytes::from_static(b"world")),
            ])
        };
        let stored = store.upload("calls/a/1", chunks(), 11).await.unwrap();
        assert_eq!(stored.size_bytes, 11);
        assert_eq!(
            stored.sha256,
            "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"
        );
        let read: Vec<_> = store
            .read("calls/a/1", Some(6..11))
            .await
            .unwrap()
            .collect()
            .await;
        let bytes: Vec<u8> = read.into_iter().flat_map(|b| b.unwrap().to_vec()).collect();
        assert_eq!(bytes, b"world");
        assert!(matches!(
            store.upload("calls/a/2", chunks(), 10).await,
            Err(Own::TooLarge(10))
        ));
        assert!(!dir.join("calls/a/2").exists());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
