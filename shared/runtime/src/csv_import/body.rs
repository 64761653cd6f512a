//! Carrying a streamed request body to the blocking thread that reads it.
//!
//! The CSV reader reads a `std::io::Read`, so it runs on a blocking thread
//! (`spawn_blocking`); the async side only forwards the body's chunks through a bounded
//! channel ([`pump`]), so a slow reader holds the upload back instead of letting it pile
//! up in memory. [`BodyReader`] hashes what passes (SHA-256), for the Idempotency-Key
//! replay, which [`body_sha256`] checks without reading the file.

use std::fmt::Display;
use std::io::Read;

use bytes::Bytes;
use futures::{Stream, StreamExt};
use sha2::{Digest, Sha256};
use tokio::sync::mpsc;

/// How many body chunks wait between the HTTP side and the reader thread.
pub const CHUNKS_IN_FLIGHT: usize = 8;

/// A piece of the request body on its way to the reader thread.
#[derive(Debug)]
pub enum Chunk {
    Data(Bytes),
    /// The body is complete.
    End,
    /// Reading the body failed (the client went away mid-upload).
    Failed(String),
}

/// The two ends of a body's way: the sender for [`pump`], the reader for the thread.
pub fn body_channel() -> (mpsc::Sender<Chunk>, BodyReader) {
    let (tx, rx) = mpsc::channel(CHUNKS_IN_FLIGHT);
    (tx, BodyReader::new(rx))
}

/// Forwards the request body to the reader thread, then says it ended (or failed).
/// Stops quietly when the reader is gone (it failed or the import ended).
pub async fn pump<S, E>(mut body: S, chunks: mpsc::Sender<Chunk>)
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: Display,
{
    while let Some(item) = body.next().await {
        let chunk = match item {
            Ok(bytes) if bytes.is_empty() => continue,
            Ok(bytes) => Chunk::Data(bytes),
            Err(e) => Chunk::Failed(e.to_string()),
        };
        let failed = matches!(chunk, Chunk::Failed(_));
        if chunks.send(chunk).await.is_err() || failed {
            return;
        }
    }
    let _ = chunks.send(Chunk::End).await;
}

/// The request body as a `std::io::Read` for the reader thread, hashing what it
/// receives. A channel closed without [`Chunk::End`] is an error, never a short file: an
/// import must not commit half a file.
#[derive(Debug)]
pub struct BodyReader {
    chunks: mpsc::Receiver<Chunk>,
    current: Bytes,
    ended: bool,
    digest: Sha256,
}

impl BodyReader {
    pub fn new(chunks: mpsc::Receiver<Chunk>) -> Self {
        Self {
            chunks,
            current: Bytes::new(),
            ended: false,
            digest: Sha256::new(),
        }
    }

    /// Reads what is left of the body (a CSV reader stops at its end of file), then the
    /// SHA-256 of the whole body, lower-case hex.
    pub fn finish(mut self) -> std::io::Result<String> {
        let mut rest = [0u8; 8 * 1024];
        while self.read(&mut rest)? > 0 {}
        Ok(hex(&self.digest.finalize()))
    }
}

impl Read for BodyReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.current.is_empty() {
            if self.ended {
                return Ok(0);
            }
            match self.chunks.blocking_recv() {
                Some(Chunk::Data(bytes)) => {
                    self.digest.update(&bytes);
                    self.current = bytes;
                }
                Some(Chunk::End) => self.ended = true,
                Some(Chunk::Failed(reason)) => {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::ConnectionAborted,
                        reason,
                    ))
                }
                None => {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::UnexpectedEof,
                        "the upload stopped before its end",
                    ))
                }
            }
        }
        let n = buf.len().min(self.current.len());
        let head = self.current.split_to(n);
        if let Some(target) = buf.get_mut(..n) {
            target.copy_from_slice(&head);
        }
        Ok(n)
    }
}

/// The SHA-256 of a whole body, lower-case hex, for comparing a replayed request with
/// the stored import; the body's own error, in words, if the upload failed.
pub async fn body_sha256<S, E>(mut body: S) -> Result<String, String>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: Display,
{
    let mut digest = Sha256::new();
    while let Some(chunk) = body.next().await {
        digest.update(&chunk.map_err(|e| e.to_string())?);
    }
    Ok(hex(&digest.finalize()))
}

/// The reason of the 400 (naming `body`) of an upload that broke off.
pub fn upload_failed(reason: &dyn Display) -> String {
    format!("the upload failed before its end ({reason}); nothing was imported")
}

/// Lower-case hex.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    /// SHA-256 of "abcde".
    const ABCDE: &str = "36bbe50ed96841d10443bcb670d6554f0a34b761be67ec9c4a8ad2c0c44ca42c";

    #[test]
    fn the_body_reader_ends_only_at_the_end_marker() {
        let (tx, mut reader) = body_channel();
        tx.try_send(Chunk::Data(Bytes::from_static(b"ab"))).unwrap();
        tx.try_send(Chunk::Data(Bytes::from_static(b"cde")))
            .unwrap();
        tx.try_send(Chunk::End).unwrap();
        let mut text = String::new();
        reader.read_to_string(&mut text).unwrap();
        assert_eq!(text, "abcde");
        assert_eq!(reader.finish().unwrap(), ABCDE);

        let (tx, mut reader) = body_channel();
        tx.try_send(Chunk::Data(Bytes::from_static(b"ab"))).unwrap();
        drop(tx);
        let err = reader.read_to_string(&mut String::new()).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::UnexpectedEof);
    }

    #[test]
    fn a_failed_upload_is_an_error_with_its_reason() {
        let (tx, mut reader) = body_channel();
        tx.try_send(Chunk::Data(Bytes::from_static(b"ab"))).unwrap();
        tx.try_send(Chunk::Failed("connection reset".into()))
            .unwrap();
        let err = reader.read_to_string(&mut String::new()).unwrap_err();
        assert_eq!(err.to_string(), "connection reset");
    }

    #[test]
    fn finish_hashes_what_the_csv_reader_left_unread() {
        let (tx, mut reader) = body_channel();
        tx.try_send(Chunk::Data(Bytes::from_static(b"ab"))).unwrap();
        tx.try_send(Chunk::Data(Bytes::from_static(b"cde")))
            .unwrap();
        tx.try_send(Chunk::End).unwrap();
        let mut first = [0u8; 1];
        reader.read_exact(&mut first).unwrap();
        assert_eq!(reader.finish().unwrap(), ABCDE);
    }

    #[tokio::test]
    async fn the_pump_forwards_the_body_and_its_end_or_failure() {
        let body = futures::stream::iter(vec![
            Ok::<_, String>(Bytes::from_static(b"ab")),
            Ok(Bytes::new()),
            Ok(Bytes::from_static(b"cde")),
        ]);
        let (tx, reader) = body_channel();
        pump(body, tx).await;
        let read = tokio::task::spawn_blocking(move || {
            let mut reader = reader;
            let mut text = String::new();
            reader.read_to_string(&mut text).map(|_| text)
        });
        assert_eq!(read.await.unwrap().unwrap(), "abcde");

        let body = futures::stream::iter(vec![
            Ok(Bytes::from_static(b"ab")),
            Err("client went away".to_owned()),
            Ok(Bytes::from_static(b"never sent")),
        ]);
        let (tx, reader) = body_channel();
        pump(body, tx).await;
        let read = tokio::task::spawn_blocking(move || {
            let mut reader = reader;
            reader.read_to_string(&mut String::new())
        });
        assert_eq!(
            read.await.unwrap().unwrap_err().to_string(),
            "client went away"
        );
    }

    #[tokio::test]
    async fn body_sha256_is_the_whole_bodys_or_its_failure() {
        let body = futures::stream::iter(vec![
            Ok::<_, String>(Bytes::from_static(b"ab")),
            Ok(Bytes::from_static(b"cde")),
        ]);
        assert_eq!(body_sha256(body).await.unwrap(), ABCDE);
        let body =
            futures::stream::iter(vec![Ok(Bytes::from_static(b"ab")), Err("reset".to_owned())]);
        assert_eq!(body_sha256(body).await.unwrap_err(), "reset");
        assert_eq!(
            upload_failed(&"reset"),
            "the upload failed before its end (reset); nothing was imported"
        );
    }
}
