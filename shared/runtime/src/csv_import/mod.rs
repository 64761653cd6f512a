//! The machinery of a CSV import that services share: reading an uploaded file record
//! by record with the line numbers a spreadsheet shows ([`CsvRecords`]), the header
//! checks, the per-field reasons of a bad row ([`Record`]), the report's counts
//! ([`Tally`]), and carrying a streamed request body to the blocking thread that reads
//! it ([`pump`], [`BodyReader`]) while hashing it for Idempotency-Key replays, and the
//! HTTP ends ([`require_csv`], [`Imported`]).
//!
//! Each service keeps its own columns, its own row checks and its own store writes: it
//! describes its file with a [`CsvLayout`] and turns each [`Record`] into its own row
//! type. It lives in the runtime rather than the kernel because it needs the `csv`
//! crate and tokio's channels, which the kernel does not carry.

mod body;
mod http;
mod reader;

pub use body::{
    body_channel, body_sha256, pump, upload_failed, BodyReader, Chunk, CHUNKS_IN_FLIGHT,
};
pub use http::{require_csv, Imported, IDEMPOTENT_REPLAYED};
pub use reader::{
    CsvLayout, CsvRecords, HeaderError, Record, ReportedError, RowError, Tally, MAX_HEADER_BYTES,
    REPORTED_ERRORS,
};
