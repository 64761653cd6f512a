//! Reading an uploaded CSV file one record at a time, whatever its size.
//!
//! The file: a header row naming the columns in any order and case; `;` or `,` as
//! separator (sniffed from the header line); UTF-8 with or without a BOM; LF or CRLF
//! line endings; fields may be quoted. Errors name the line a text editor or spreadsheet
//! shows (the header is line 1) and the column. Blank lines, and lines whose fields are
//! all blank (spreadsheets export trailing `;;;;` lines), are skipped. A record longer
//! than the layout's `max_record_bytes` (an unclosed quote) fails the stream instead of
//! filling memory.

use std::collections::VecDeque;
use std::io::{Chain, Cursor, Read};

use serde::{Deserialize, Serialize};

/// The longest header line accepted; bounds what is buffered before the separator is
/// known.
pub const MAX_HEADER_BYTES: usize = 64 * 1024;

/// How many errors an import report lists (every rejected row is counted).
pub const REPORTED_ERRORS: usize = 1_000;

/// What a service's file looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvLayout {
    /// The columns the service reads, by header name in lower case: the required ones
    /// first. A [`Record`] names a column by its index here.
    pub columns: &'static [&'static str],
    /// How many of `columns`, from the first, the header must name.
    pub required: usize,
    /// The longest record accepted (approximately: the CSV reader reads ahead by its
    /// 8 KiB buffer). A stray, unclosed quote would otherwise make the rest of the file
    /// a single field held in memory; past this limit the stream fails instead.
    pub max_record_bytes: u64,
    /// What the file is, for the refusal of an over-long header ("a DAPROS file").
    pub kind: &'static str,
}

/// Why one field of one line was refused, as the reader and the service's row checks
/// say it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The 1-based line number in the file where the record starts (the header is
    /// line 1), as a text editor or spreadsheet shows it.
    pub line: u64,
    /// The column name, or `"record"` when the line as a whole is broken (wrong number
    /// of fields), or `"file"` when the stream itself failed.
    pub field: &'static str,
    /// What is wrong, in words the importing user can act on.
    pub reason: String,
}

impl RowError {
    pub fn new(line: u64, field: &'static str, reason: impl Into<String>) -> Self {
        Self {
            line,
            field,
            reason: reason.into(),
        }
    }
}

/// One error of an import report, as stored and answered (a [`RowError`] with its field
/// owned, so that it can be read back from the database).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportedError {
    pub line: u64,
    pub field: String,
    pub reason: String,
}

impl ReportedError {
    pub fn new(line: u64, field: &str, reason: impl Into<String>) -> Self {
        Self {
            line,
            field: field.to_owned(),
            reason: reason.into(),
        }
    }
}

impl From<&RowError> for ReportedError {
    fn from(e: &RowError) -> Self {
        Self::new(e.line, e.field, e.reason.clone())
    }
}

/// Why the file cannot be read at all: nothing of it is imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderError {
    /// The file has no header line (empty, or only whitespace / a BOM).
    Empty,
    /// The header line has neither `;` nor `,` between its names, or as many of each, so
    /// the separator cannot be told.
    UnrecognisedSeparator,
    /// Required columns are absent from the header, by name.
    MissingColumns(Vec<&'static str>),
    /// A known column appears twice: which one to use would be a guess.
    DuplicateColumn(String),
    /// The header line is longer than [`MAX_HEADER_BYTES`]: not the kind of file named.
    HeaderTooLong(&'static str),
    /// The header line is not valid UTF-8.
    InvalidUtf8,
    /// Reading the stream failed before the header was complete.
    Io(String),
}

impl HeaderError {
    /// The field a 400 names: `body` when the upload itself failed, else `header`.
    pub fn field(&self) -> &'static str {
        match self {
            HeaderError::Io(_) => "body",
            _ => "header",
        }
    }
}

impl std::fmt::Display for HeaderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HeaderError::Empty => write!(f, "the file is empty: a header row is required"),
            HeaderError::UnrecognisedSeparator => write!(
                f,
                "cannot tell the separator from the header row: use ';' or ',' between the column names"
            ),
            HeaderError::MissingColumns(columns) => write!(
                f,
                "the header row lacks the required column(s): {}",
                columns.join(", ")
            ),
            HeaderError::DuplicateColumn(name) => {
                write!(f, "the header row names the column {name} twice")
            }
            HeaderError::HeaderTooLong(kind) => write!(
                f,
                "the header row is longer than {MAX_HEADER_BYTES} bytes: this is not {kind}"
            ),
            HeaderError::InvalidUtf8 => write!(f, "the header row is not valid UTF-8"),
            HeaderError::Io(reason) => write!(f, "the file could not be read: {reason}"),
        }
    }
}

impl std::error::Error for HeaderError {}

/// What the reader side of an import counts while the file streams past: the rows
/// read, the rows refused for a bad field, and the first [`REPORTED_ERRORS`] errors in
/// file order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tally {
    /// Data rows read (blank lines and all-blank lines are not rows).
    pub total: u64,
    /// Rows with at least one bad field (a row with three bad fields counts once).
    pub rejected: u64,
    /// The first [`REPORTED_ERRORS`] errors (a row may contribute several).
    pub errors: Vec<RowError>,
}

impl Tally {
    /// Counts one item of a reader that is a row of the file (not the stream failure,
    /// which aborts the import and is not counted).
    pub fn count<T>(&mut self, item: &Result<T, Vec<RowError>>) {
        self.total += 1;
        if let Err(errors) = item {
            self.rejected += 1;
            let room = REPORTED_ERRORS.saturating_sub(self.errors.len());
            self.errors.extend(errors.iter().take(room).cloned());
        }
    }
}

/// The byte stream under the CSV reader: the already-read start of the file (header
/// line, BOM removed), then the rest, with a guard on the bytes read per record.
type Source<R> = Chain<Cursor<Vec<u8>>, R>;

/// Counts bytes read since the last record, and fails the stream past the layout's
/// `max_record_bytes`, so that memory stays bounded even with an unclosed quote.
///
/// Also counts lines itself: the `csv` crate's line numbers are off after blank lines
/// and with CRLF endings, and the report must name the line the user sees. For each
/// line that has content it keeps (byte offset of its first content byte, line number)
/// for the bytes not yet consumed as records (the reader's buffer and one record).
#[derive(Debug)]
struct Guarded<R> {
    inner: R,
    max_record_bytes: u64,
    since_record: u64,
    offset: u64,
    line: u64,
    line_has_content: bool,
    content_lines: VecDeque<(u64, u64)>,
}

impl<R> Guarded<R> {
    fn new(inner: R, max_record_bytes: u64) -> Self {
        Self {
            inner,
            max_record_bytes,
            since_record: 0,
            offset: 0,
            line: 1,
            line_has_content: false,
            content_lines: VecDeque::new(),
        }
    }

    /// The line of the first record starting at or after byte `from` (the end of the
    /// previous record: the blank lines csv skipped lie between).
    fn line_from(&mut self, from: u64) -> u64 {
        while self
            .content_lines
            .front()
            .is_some_and(|&(offset, _)| offset < from)
        {
            self.content_lines.pop_front();
        }
        self.content_lines
            .front()
            .map_or(self.line, |&(_, line)| line)
    }
}

impl<R: Read> Read for Guarded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.since_record > self.max_record_bytes {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "a record is longer than {} bytes (an unclosed quote?)",
                    self.max_record_bytes
                ),
            ));
        }
        let n = self.inner.read(buf)?;
        self.since_record += n as u64;
        for &b in buf.get(..n).unwrap_or_default() {
            match b {
                b'\n' => {
                    self.line += 1;
                    self.line_has_content = false;
                }
                b'\r' => {}
                _ if !self.line_has_content => {
                    self.content_lines.push_back((self.offset, self.line));
                    self.line_has_content = true;
                }
                _ => {}
            }
            self.offset += 1;
        }
        Ok(n)
    }
}

/// A streaming CSV reader over a service's [`CsvLayout`]: [`CsvRecords::next_row`]
/// hands each data record to the service's row check. It holds one record at a time (a
/// reused byte record and the CSV reader's buffer), whatever the file's size.
///
/// Unknown extra columns are ignored, not refused: clients' exports often carry extra
/// columns and refusing the whole file for them would only make users edit files by
/// hand. [`CsvRecords::ignored_columns`] lists them for the report (a misspelt optional
/// column shows up there).
///
/// If the stream itself fails (a dropped connection, an over-long record), the reader
/// yields one error with field `"file"` and then ends; [`CsvRecords::failed`] tells the
/// importer to abort the whole import.
pub struct CsvRecords<R: Read> {
    csv: csv::Reader<Guarded<Source<R>>>,
    record: csv::ByteRecord,
    layout: CsvLayout,
    /// Index in the record of each of the layout's columns, when present.
    positions: Vec<Option<usize>>,
    width: usize,
    ignored: Vec<String>,
    failed: bool,
    /// The line of the record last read.
    line: u64,
}

impl<R: Read> std::fmt::Debug for CsvRecords<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvRecords")
            .field("positions", &self.positions)
            .field("width", &self.width)
            .field("ignored", &self.ignored)
            .field("failed", &self.failed)
            .finish_non_exhaustive()
    }
}

impl<R: Read> CsvRecords<R> {
    /// Reads the header line (stripping a BOM), sniffs the separator and maps the
    /// columns; the data lines are read as [`CsvRecords::next_row`] is called.
    pub fn new(mut reader: R, layout: CsvLayout) -> Result<Self, HeaderError> {
        let mut start = Vec::with_capacity(8 * 1024);
        let mut chunk = [0u8; 8 * 1024];
        let header_end = loop {
            if let Some(pos) = start.iter().position(|&b| b == b'\n') {
                break pos;
            }
            if start.len() > MAX_HEADER_BYTES {
                return Err(HeaderError::HeaderTooLong(layout.kind));
            }
            let n = match reader.read(&mut chunk) {
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(HeaderError::Io(e.to_string())),
            };
            if n == 0 {
                break start.len();
            }
            start.extend_from_slice(chunk.get(..n).unwrap_or_default());
        };
        let bom = if start.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        let header_line = start.get(bom..header_end).unwrap_or_default();
        if header_line.iter().all(u8::is_ascii_whitespace) {
            return Err(HeaderError::Empty);
        }
        let delimiter = sniff_separator(header_line)?;
        start.drain(..bom);
        let source = Guarded::new(Cursor::new(start).chain(reader), layout.max_record_bytes);
        let mut csv = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(source);
        let mut header = csv::ByteRecord::new();
        match csv.read_byte_record(&mut header) {
            Ok(true) => {}
            Ok(false) => return Err(HeaderError::Empty),
            Err(e) => return Err(HeaderError::Io(e.to_string())),
        }
        let mut positions = vec![None; layout.columns.len()];
        let mut ignored = Vec::new();
        for (index, name) in header.iter().enumerate() {
            let name = std::str::from_utf8(name).map_err(|_| HeaderError::InvalidUtf8)?;
            let name = name.trim().to_ascii_lowercase();
            match layout.columns.iter().position(|c| *c == name) {
                Some(column) => {
                    let Some(slot) = positions.get_mut(column) else {
                        continue;
                    };
                    if slot.is_some() {
                        return Err(HeaderError::DuplicateColumn(name));
                    }
                    *slot = Some(index);
                }
                None if name.is_empty() => {}
                None => ignored.push(name),
            }
        }
        let missing: Vec<&'static str> = layout
            .columns
            .iter()
            .zip(&positions)
            .take(layout.required)
            .filter(|(_, position)| position.is_none())
            .map(|(name, _)| *name)
            .collect();
        if !missing.is_empty() {
            return Err(HeaderError::MissingColumns(missing));
        }
        csv.get_mut().since_record = 0;
        Ok(Self {
            csv,
            record: csv::ByteRecord::new(),
            layout,
            positions,
            width: header.len(),
            ignored,
            failed: false,
            line: 1,
        })
    }

    /// Header columns the layout does not know and the reader ignores (lower-cased,
    /// trimmed), for the import report.
    pub fn ignored_columns(&self) -> &[String] {
        &self.ignored
    }

    /// Whether the stream itself failed: the file was not read to its end, and the
    /// import must be abandoned (all or nothing).
    pub fn failed(&self) -> bool {
        self.failed
    }

    /// The line (1-based, the header is line 1) where the record last read starts.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The next data record, checked by `check`, or every error of its line: a wrong
    /// number of fields is refused here, whole; a failed stream is one error with field
    /// `file` and the end of the reading. `None` at the end of the file.
    pub fn next_row<T>(
        &mut self,
        check: impl FnOnce(Record<'_>) -> Result<T, Vec<RowError>>,
    ) -> Option<Result<T, Vec<RowError>>> {
        if self.failed {
            return None;
        }
        loop {
            let from = self.csv.position().byte();
            let read = self.csv.read_byte_record(&mut self.record);
            self.csv.get_mut().since_record = 0;
            let line = self.csv.get_mut().line_from(from);
            self.line = line;
            match read {
                Ok(false) => return None,
                Ok(true) => {
                    if self.record.iter().all(|f| f.trim_ascii().is_empty()) {
                        continue;
                    }
                    if self.record.len() != self.width {
                        return Some(Err(vec![RowError::new(
                            line,
                            "record",
                            format!(
                                "has {} field(s) but the header has {}: a missing or extra separator, or an unclosed quote",
                                self.record.len(),
                                self.width
                            ),
                        )]));
                    }
                    return Some(check(Record {
                        line,
                        fields: &self.record,
                        positions: &self.positions,
                        columns: self.layout.columns,
                        errors: Vec::new(),
                    }));
                }
                Err(e) => {
                    self.failed = true;
                    return Some(Err(vec![RowError::new(
                        line,
                        "file",
                        format!("the file could not be read to its end: {e}"),
                    )]));
                }
            }
        }
    }
}

/// One data record with as many fields as the header, being checked: the service reads
/// its columns with [`Record::text`], checks each with [`Record::check`] and ends with
/// [`Record::finish`]; the errors come out in the order they were found.
#[derive(Debug)]
pub struct Record<'a> {
    line: u64,
    fields: &'a csv::ByteRecord,
    positions: &'a [Option<usize>],
    columns: &'static [&'static str],
    errors: Vec<RowError>,
}

impl Record<'_> {
    /// The line where the record starts.
    pub fn line(&self) -> u64 {
        self.line
    }

    fn name(&self, column: usize) -> &'static str {
        self.columns.get(column).copied().unwrap_or_default()
    }

    /// The trimmed text of a column of the layout; `None` when the header lacks the
    /// column, or when the field is not UTF-8 or holds a NUL (an error of the row).
    pub fn text(&mut self, column: usize) -> Option<String> {
        let index = self.positions.get(column).copied().flatten()?;
        let bytes = self.fields.get(index)?;
        match std::str::from_utf8(bytes) {
            // Valid UTF-8, but PostgreSQL stores no U+0000 in text: the row is refused
            // like any bad field.
            Ok(value) if tam_kernel::contains_nul(value) => {
                let name = self.name(column);
                self.errors
                    .push(RowError::new(self.line, name, tam_kernel::NUL_REASON));
                None
            }
            Ok(value) => Some(value.trim().to_owned()),
            Err(_) => {
                let name = self.name(column);
                self.errors.push(RowError::new(
                    self.line,
                    name,
                    "is not valid UTF-8: save the file as UTF-8",
                ));
                None
            }
        }
    }

    /// The value of a column's check, or `None` with its reason noted as an error of the
    /// row.
    pub fn check<T>(&mut self, column: usize, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(reason) => {
                let name = self.name(column);
                self.errors.push(RowError::new(self.line, name, reason));
                None
            }
        }
    }

    /// The row, when every field was good; else every error noted.
    pub fn finish<T>(self, row: Option<T>) -> Result<T, Vec<RowError>> {
        match row {
            Some(row) if self.errors.is_empty() => Ok(row),
            _ => Err(self.errors),
        }
    }
}

/// `;` or `,`, whichever separates the header's names (counted outside quotes).
fn sniff_separator(header: &[u8]) -> Result<u8, HeaderError> {
    let (mut semicolons, mut commas, mut quoted) = (0usize, 0usize, false);
    for &b in header {
        match b {
            b'"' => quoted = !quoted,
            b';' if !quoted => semicolons += 1,
            b',' if !quoted => commas += 1,
            _ => {}
        }
    }
    match semicolons.cmp(&commas) {
        std::cmp::Ordering::Greater => Ok(b';'),
        std::cmp::Ordering::Less => Ok(b','),
        std::cmp::Ordering::Equal => Err(HeaderError::UnrecognisedSeparator),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    /// A small layout: `id` and `name` required, `note` optional.
    const LAYOUT: CsvLayout = CsvLayout {
        columns: &["id", "name", "note"],
        required: 2,
        max_record_bytes: 4 * 1024,
        kind: "a test file",
    };

    /// A row of the test layout: the id must be digits, the name is required.
    #[derive(Debug, PartialEq, Eq)]
    struct Row {
        line: u64,
        id: String,
        name: String,
        note: Option<String>,
    }

    fn check(mut r: Record<'_>) -> Result<Row, Vec<RowError>> {
        let id = r.text(0);
        let name = r.text(1);
        let note = r.text(2).filter(|v| !v.is_empty());
        let id = id.and_then(|v| {
            let digits = !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit());
            r.check(
                0,
                if digits {
                    Ok(v)
                } else {
                    Err(format!("{v:?} is not digits"))
                },
            )
        });
        let name = name.and_then(|v| {
            r.check(
                1,
                if v.is_empty() {
                    Err("is required".to_owned())
                } else {
                    Ok(v)
                },
            )
        });
        let line = r.line();
        let row = match (id, name) {
            (Some(id), Some(name)) => Some(Row {
                line,
                id,
                name,
                note,
            }),
            _ => None,
        };
        r.finish(row)
    }

    fn read_all(bytes: &[u8]) -> (Vec<Result<Row, Vec<RowError>>>, bool) {
        let mut reader = CsvRecords::new(bytes, LAYOUT).unwrap();
        let mut items = Vec::new();
        while let Some(item) = reader.next_row(check) {
            items.push(item);
        }
        (items, reader.failed())
    }

    fn row(line: u64, id: &str, name: &str) -> Row {
        Row {
            line,
            id: id.into(),
            name: name.into(),
            note: None,
        }
    }

    #[test]
    fn lines_are_the_ones_a_spreadsheet_shows() {
        // BOM, CRLF, a blank line, an all-blank line, a quoted line break: the rows
        // still name the line where they start.
        let file = "\u{FEFF}Extra; NAME ;id\r\n\
            x;Ani;1\r\n\
            \r\n\
            x;\"Budi\r\nSantoso\";2\r\n\
            ;;\r\n\
            x;Cici;3\r\n";
        let mut reader = CsvRecords::new(file.as_bytes(), LAYOUT).unwrap();
        assert_eq!(reader.ignored_columns(), ["extra"]);
        let mut lines = Vec::new();
        let mut items = Vec::new();
        while let Some(item) = reader.next_row(check) {
            lines.push(reader.line());
            items.push(item);
        }
        assert_eq!(lines, [2, 4, 7]);
        assert_eq!(
            items,
            vec![
                Ok(row(2, "1", "Ani")),
                Ok(row(4, "2", "Budi\r\nSantoso")),
                Ok(row(7, "3", "Cici")),
            ]
        );
    }

    #[test]
    fn a_row_has_every_error_of_its_fields_in_column_order() {
        let mut file = b"id,name,note\n".to_vec();
        file.extend_from_slice(b"12x,,\n");
        file.extend_from_slice(b"5,Bud\xFF,a\0b\n");
        file.extend_from_slice(b"6,Eko\n");
        file.extend_from_slice(b"7,\"Rina, A\",call later\n");
        let (items, failed) = read_all(&file);
        assert!(!failed);
        assert_eq!(
            items,
            vec![
                Err(vec![
                    RowError::new(2, "id", "\"12x\" is not digits"),
                    RowError::new(2, "name", "is required"),
                ]),
                Err(vec![
                    RowError::new(3, "name", "is not valid UTF-8: save the file as UTF-8"),
                    RowError::new(3, "note", tam_kernel::NUL_REASON),
                ]),
                Err(vec![RowError::new(
                    4,
                    "record",
                    "has 2 field(s) but the header has 3: a missing or extra separator, or an unclosed quote"
                )]),
                Ok(Row {
                    note: Some("call later".into()),
                    ..row(5, "7", "Rina, A")
                }),
            ]
        );
    }

    #[test]
    fn header_errors() {
        let new = |bytes: &[u8]| CsvRecords::new(bytes, LAYOUT).map(|_| ()).unwrap_err();
        assert_eq!(new(b""), HeaderError::Empty);
        assert_eq!(new(b"\xEF\xBB\xBF\r\n"), HeaderError::Empty);
        assert_eq!(new(b"id\tname\n"), HeaderError::UnrecognisedSeparator);
        assert_eq!(
            new(b"note;other\n1;2\n"),
            HeaderError::MissingColumns(vec!["id", "name"])
        );
        assert_eq!(
            new(b"id,name,Note,note"),
            HeaderError::DuplicateColumn("note".into())
        );
        assert_eq!(new(b"id;na\xFFme\n"), HeaderError::InvalidUtf8);
        let long = vec![b'a'; MAX_HEADER_BYTES + 10];
        assert_eq!(new(&long), HeaderError::HeaderTooLong("a test file"));
        assert_eq!(
            HeaderError::HeaderTooLong("a test file").to_string(),
            "the header row is longer than 65536 bytes: this is not a test file"
        );
        assert_eq!(
            HeaderError::MissingColumns(vec!["id", "name"]).to_string(),
            "the header row lacks the required column(s): id, name"
        );
        assert_eq!(HeaderError::Io("reset".into()).field(), "body");
        assert_eq!(HeaderError::Empty.field(), "header");
    }

    #[test]
    fn a_header_only_file_has_no_rows() {
        assert!(read_all(b"id;name").0.is_empty());
        assert!(read_all(b"id;name\r\n\r\n").0.is_empty());
    }

    #[test]
    fn an_unclosed_quote_fails_the_stream_at_the_layouts_limit() {
        let mut file = b"id;name\n1;\"Ani\n".to_vec();
        // Past the CSV reader's 8 KiB read-ahead, so that the guard is reached.
        for _ in 0..5_000 {
            file.extend_from_slice(b"2;Budi\n");
        }
        let (items, failed) = read_all(&file);
        assert!(failed);
        let errors = items.last().unwrap().as_ref().unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "file");
        assert!(
            errors[0]
                .reason
                .contains("a record is longer than 4096 bytes (an unclosed quote?)"),
            "{errors:?}"
        );
    }

    /// A stream that fails after its data, like a dropped connection.
    struct Dropped(Cursor<Vec<u8>>);

    impl Read for Dropped {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            match self.0.read(buf)? {
                0 => Err(std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "reset",
                )),
                n => Ok(n),
            }
        }
    }

    #[test]
    fn a_dropped_stream_fails_the_reader_once() {
        let data = b"id;name\n1;Ani\n2;B".to_vec();
        let mut reader = CsvRecords::new(Dropped(Cursor::new(data)), LAYOUT).unwrap();
        assert_eq!(reader.next_row(check), Some(Ok(row(2, "1", "Ani"))));
        let errors = reader.next_row(check).unwrap().unwrap_err();
        assert_eq!(
            errors,
            vec![RowError::new(
                3,
                "file",
                "the file could not be read to its end: reset"
            )]
        );
        assert!(reader.failed());
        assert!(reader.next_row(check).is_none());
    }

    #[test]
    fn the_tally_counts_rows_and_keeps_the_first_errors() {
        let mut tally = Tally::default();
        tally.count::<()>(&Ok(()));
        let three = vec![
            RowError::new(3, "id", "a"),
            RowError::new(3, "name", "b"),
            RowError::new(3, "note", "c"),
        ];
        tally.count::<()>(&Err(three.clone()));
        assert_eq!((tally.total, tally.rejected), (2, 1));
        assert_eq!(tally.errors, three);
        for line in 4..(4 + REPORTED_ERRORS as u64) {
            tally.count::<()>(&Err(vec![RowError::new(line, "name", "is required")]));
        }
        assert_eq!(tally.total, 2 + REPORTED_ERRORS as u64);
        assert_eq!(tally.rejected, 1 + REPORTED_ERRORS as u64);
        assert_eq!(tally.errors.len(), REPORTED_ERRORS);
        assert_eq!(tally.errors[..3], three[..]);
        // 3 errors of line 3, then one per line 4, 5, …: the last kept is line 1,000.
        assert_eq!(tally.errors[REPORTED_ERRORS - 1].line, 1_000);
    }

    #[test]
    fn a_reported_error_is_the_row_error_owned() {
        let reported = ReportedError::from(&RowError::new(7, "name", "is required"));
        assert_eq!(reported, ReportedError::new(7, "name", "is required"));
        assert_eq!(
            serde_json::to_value(&reported).unwrap(),
            serde_json::json!({"line": 7, "field": "name", "reason": "is required"})
        );
    }
}
