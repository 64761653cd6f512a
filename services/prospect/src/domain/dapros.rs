//! DAPROS (*data prospek*) files: the client's customer contact list for a work order,
//! read as a CSV stream, one row at a time, each row checked and normalised.
//!
//! Pure domain code: no I/O of its own (it reads whatever `std::io::Read` it is given),
//! no async, no database. Duplicates within the work order and do-not-call numbers are
//! the importer's job (in SQL, against the whole work order); this module only says
//! which rows are well formed and what their normalised values are.
//!
//! The file: a header row naming the columns `indihome_number`, `customer_name`,
//! `contact_number` (required) and `alt_contact_number`, `region`, `notes` (optional), in
//! any order, case-insensitive; `;` or `,` as separator (sniffed from the header line);
//! UTF-8 with or without a BOM; LF or CRLF line endings; fields may be quoted.

use std::collections::VecDeque;
use std::io::{Chain, Cursor, Read};

use super::phone::normalize_phone;

/// One well-formed DAPROS row, normalised: what the importer copies into the work
/// order's prospects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DaprosRow {
    /// The IndiHome service number, digits only: identifies the customer (see
    /// [`dedupe_key`]).
    pub indihome_number: String,
    /// The customer's name as the client wrote it, trimmed; never empty, because the
    /// agent greets the customer by name.
    pub customer_name: String,
    /// The number to call, in E.164 (`+62…`), so that the DNC list and duplicate checks
    /// compare like with like.
    pub contact_number: String,
    /// A second number to try, in E.164; `None` when the column is absent or blank.
    pub alt_contact_number: Option<String>,
    /// The client's region label, trimmed; `None` when absent or blank.
    pub region: Option<String>,
    /// Free notes from the client for the agent, trimmed; `None` when absent or blank.
    pub notes: Option<String>,
}

/// Why one field of one line was refused: what the import report lists, so that a
/// supervisor can find the line in the file and fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The 1-based line number in the file where the record starts (the header is
    /// line 1), as a text editor or spreadsheet shows it.
    pub line: u64,
    /// The column name, or `"record"` when the line as a whole is broken (wrong number
    /// of fields), or `"file"` when the stream itself failed.
    pub field: &'static str,
    /// What is wrong, in words a supervisor can act on.
    pub reason: String,
}

impl RowError {
    fn new(line: u64, field: &'static str, reason: impl Into<String>) -> Self {
        Self {
            line,
            field,
            reason: reason.into(),
        }
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
    /// The header line is longer than [`MAX_HEADER_BYTES`] (not a DAPROS file).
    HeaderTooLong,
    /// The header line is not valid UTF-8.
    InvalidUtf8,
    /// Reading the stream failed before the header was complete.
    Io(String),
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
            HeaderError::HeaderTooLong => write!(
                f,
                "the header row is longer than {MAX_HEADER_BYTES} bytes: this is not a DAPROS file"
            ),
            HeaderError::InvalidUtf8 => write!(f, "the header row is not valid UTF-8"),
            HeaderError::Io(reason) => write!(f, "the file could not be read: {reason}"),
        }
    }
}

impl std::error::Error for HeaderError {}

/// The longest header line accepted; bounds what is buffered before the separator is
/// known.
pub const MAX_HEADER_BYTES: usize = 64 * 1024;

/// The longest record accepted (approximately: the CSV reader reads ahead by its 8 KiB
/// buffer). A stray, unclosed quote would otherwise make the rest of the file a single
/// field held in memory; past this limit the stream fails instead.
pub const MAX_RECORD_BYTES: u64 = 1024 * 1024;

/// The key under which the importer detects duplicates: the IndiHome service number,
/// because a customer is one IndiHome service (one line, one subscription) per work
/// order, whatever numbers the client lists to reach them.
pub fn dedupe_key(row: &DaprosRow) -> &str {
    &row.indihome_number
}

/// Plausible IndiHome number lengths. IndiHome service numbers are typically 12 digits
/// (`1221xxxxxxxx`, `1311xxxxxxxx`: a regional prefix and a sequence); older and
/// regional series are a little shorter or longer, so 10 to 13 digits are accepted and
/// anything else is certainly a typo or another kind of number.
const INDIHOME_LEN: std::ops::RangeInclusive<usize> = 10..=13;

/// The IndiHome service number, trimmed, or why it is not one. Digits only: separators
/// inside are refused rather than stripped, because the number is an identifier copied
/// from the client's systems and a space or dash in it means the cell was edited by hand.
pub fn validate_indihome_number(raw: &str) -> Result<String, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Err("is required".to_owned());
    }
    if value.contains(['E', 'e']) && value.contains(['+', '.']) {
        return Err(format!(
            "{value:?} looks like a spreadsheet's scientific notation: format the column as text and export again"
        ));
    }
    if !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "{value:?} must be digits only (no spaces, dashes or letters)"
        ));
    }
    if !INDIHOME_LEN.contains(&value.len()) {
        return Err(format!(
            "{value:?} has {} digits; an IndiHome number has 10 to 13 (usually 12, e.g. 122101234567)",
            value.len()
        ));
    }
    Ok(value.to_owned())
}

/// The columns the reader knows, by header name.
const COLUMNS: [&str; 6] = [
    "indihome_number",
    "customer_name",
    "contact_number",
    "alt_contact_number",
    "region",
    "notes",
];
const REQUIRED: usize = 3;
const IDX_INDIHOME: usize = 0;
const IDX_NAME: usize = 1;
const IDX_CONTACT: usize = 2;
const IDX_ALT: usize = 3;
const IDX_REGION: usize = 4;
const IDX_NOTES: usize = 5;

/// The byte stream under the CSV reader: the already-read start of the file (header
/// line, BOM removed), then the rest, with a guard on the bytes read per record.
type Source<R> = Chain<Cursor<Vec<u8>>, R>;

/// Counts bytes read since the last record, and fails the stream past
/// [`MAX_RECORD_BYTES`], so that memory stays bounded even with an unclosed quote.
///
/// Also counts lines itself: the `csv` crate's line numbers are off after blank lines
/// and with CRLF endings, and the report must name the line a supervisor sees. For each
/// line that has content it keeps (byte offset of its first content byte, line number)
/// for the bytes not yet consumed as records (the reader's buffer and one record).
#[derive(Debug)]
struct Guarded<R> {
    inner: R,
    since_record: u64,
    offset: u64,
    line: u64,
    line_has_content: bool,
    content_lines: VecDeque<(u64, u64)>,
}

impl<R> Guarded<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
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
        if self.since_record > MAX_RECORD_BYTES {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("a record is longer than {MAX_RECORD_BYTES} bytes (an unclosed quote?)"),
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

/// A streaming DAPROS reader: one item per data line, a [`DaprosRow`] or every
/// [`RowError`] of that line. It holds one record at a time (a reused byte record and
/// the CSV reader's buffer), whatever the file's size, so the importer can stream a
/// million-row upload. Blank lines, and lines whose fields are all blank (spreadsheets
/// export trailing `;;;;` lines), are skipped.
///
/// Unknown extra columns are ignored, not refused: clients' exports often carry extra
/// columns (package, STO, …) and refusing the whole file for them would only make
/// supervisors edit files by hand. [`DaprosReader::ignored_columns`] lists them so the
/// import report can show them (a misspelt optional column shows up there).
///
/// If the stream itself fails (a dropped connection, an over-long record), the reader
/// yields one error with field `"file"` and then ends; [`DaprosReader::failed`] tells
/// the importer to abort the whole import.
pub struct DaprosReader<R: Read> {
    csv: csv::Reader<Guarded<Source<R>>>,
    record: csv::ByteRecord,
    /// Index in the record of each of [`COLUMNS`], when present.
    positions: [Option<usize>; 6],
    width: usize,
    ignored: Vec<String>,
    failed: bool,
    /// The line of the record last returned.
    line: u64,
}

impl<R: Read> std::fmt::Debug for DaprosReader<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DaprosReader")
            .field("positions", &self.positions)
            .field("width", &self.width)
            .field("ignored", &self.ignored)
            .field("failed", &self.failed)
            .finish_non_exhaustive()
    }
}

impl<R: Read> DaprosReader<R> {
    /// Reads the header line (stripping a BOM), sniffs the separator and maps the
    /// columns; the data lines are read as the iterator is consumed.
    pub fn new(mut reader: R) -> Result<Self, HeaderError> {
        let mut start = Vec::with_capacity(8 * 1024);
        let mut chunk = [0u8; 8 * 1024];
        let header_end = loop {
            if let Some(pos) = start.iter().position(|&b| b == b'\n') {
                break pos;
            }
            if start.len() > MAX_HEADER_BYTES {
                return Err(HeaderError::HeaderTooLong);
            }
            let n = match reader.read(&mut chunk) {
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(HeaderError::Io(e.to_string())),
            };
            if n == 0 {
                break start.len();
            }
            start.extend_from_slice(&chunk[..n]);
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
        let source = Guarded::new(Cursor::new(start).chain(reader));
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
        let mut positions = [None; 6];
        let mut ignored = Vec::new();
        for (index, name) in header.iter().enumerate() {
            let name = std::str::from_utf8(name).map_err(|_| HeaderError::InvalidUtf8)?;
            let name = name.trim().to_ascii_lowercase();
            match COLUMNS.iter().position(|c| *c == name) {
                Some(column) => {
                    if positions[column].is_some() {
                        return Err(HeaderError::DuplicateColumn(name));
                    }
                    positions[column] = Some(index);
                }
                None if name.is_empty() => {}
                None => ignored.push(name),
            }
        }
        let missing: Vec<&'static str> = COLUMNS[..REQUIRED]
            .iter()
            .zip(positions)
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
            positions,
            width: header.len(),
            ignored,
            failed: false,
            line: 1,
        })
    }

    /// Header columns the reader does not know and ignores (lower-cased, trimmed), for
    /// the import report.
    pub fn ignored_columns(&self) -> &[String] {
        &self.ignored
    }

    /// Whether the stream itself failed: the file was not read to its end, and the
    /// import must be abandoned (all or nothing).
    pub fn failed(&self) -> bool {
        self.failed
    }

    /// The line (1-based, the header is line 1) where the record last returned by the
    /// iterator starts: a good row's line, which the importer keeps with its prospect.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The checked row of the current record, or all its errors.
    fn check_record(&self, line: u64) -> Result<DaprosRow, Vec<RowError>> {
        if self.record.len() != self.width {
            return Err(vec![RowError::new(
                line,
                "record",
                format!(
                    "has {} field(s) but the header has {}: a missing or extra separator, or an unclosed quote",
                    self.record.len(),
                    self.width
                ),
            )]);
        }
        let mut errors = Vec::new();
        let mut text = |column: usize| -> Option<String> {
            let index = self.positions[column]?;
            let bytes = self.record.get(index)?;
            match std::str::from_utf8(bytes) {
                // Valid UTF-8, but PostgreSQL stores no U+0000 in text (the COPY of the
                // whole file would fail): the row is refused like any bad field.
                Ok(value) if tam_kernel::contains_nul(value) => {
                    errors.push(RowError::new(line, COLUMNS[column], tam_kernel::NUL_REASON));
                    None
                }
                Ok(value) => Some(value.trim().to_owned()),
                Err(_) => {
                    errors.push(RowError::new(
                        line,
                        COLUMNS[column],
                        "is not valid UTF-8: save the file as UTF-8",
                    ));
                    None
                }
            }
        };
        let indihome = text(IDX_INDIHOME);
        let name = text(IDX_NAME);
        let contact = text(IDX_CONTACT);
        let alt = text(IDX_ALT).filter(|v| !v.is_empty());
        let region = text(IDX_REGION).filter(|v| !v.is_empty());
        let notes = text(IDX_NOTES).filter(|v| !v.is_empty());
        let mut check = |column: usize, result: Result<String, String>| match result {
            Ok(value) => Some(value),
            Err(reason) => {
                errors.push(RowError::new(line, COLUMNS[column], reason));
                None
            }
        };
        let indihome = indihome.and_then(|v| check(IDX_INDIHOME, validate_indihome_number(&v)));
        let name = name.and_then(|v| {
            let result = if v.is_empty() {
                Err("is required".to_owned())
            } else {
                Ok(v)
            };
            check(IDX_NAME, result)
        });
        let contact = contact.and_then(|v| {
            let result = if v.is_empty() {
                Err("is required".to_owned())
            } else {
                normalize_phone(&v)
            };
            check(IDX_CONTACT, result)
        });
        let alt = match alt {
            Some(v) => check(IDX_ALT, normalize_phone(&v)).map(Some),
            None => Some(None),
        };
        match (indihome, name, contact, alt) {
            (Some(indihome_number), Some(customer_name), Some(contact_number), Some(alt))
                if errors.is_empty() =>
            {
                Ok(DaprosRow {
                    indihome_number,
                    customer_name,
                    contact_number,
                    alt_contact_number: alt,
                    region,
                    notes,
                })
            }
            _ => Err(errors),
        }
    }
}

impl<R: Read> Iterator for DaprosReader<R> {
    type Item = Result<DaprosRow, Vec<RowError>>;

    fn next(&mut self) -> Option<Self::Item> {
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
                    return Some(self.check_record(line));
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

/// How many errors an import report lists; every left-out line is in the
/// rejected-lines download whatever their number.
pub const REPORTED_ERRORS: usize = 1_000;

/// What the reader side of an import counts while the file streams past: the rows
/// read, the rows refused for a bad field, and the first [`REPORTED_ERRORS`] errors in
/// file order. Duplicates and do-not-call numbers are counted later, in SQL.
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
    /// Counts one item of a [`DaprosReader`] that is a row of the file (not the stream
    /// failure, which aborts the import and is not counted).
    pub fn count(&mut self, item: &Result<DaprosRow, Vec<RowError>>) {
        self.total += 1;
        if let Err(errors) = item {
            self.rejected += 1;
            let room = REPORTED_ERRORS.saturating_sub(self.errors.len());
            self.errors.extend(errors.iter().take(room).cloned());
        }
    }
}

/// The report of one import, as stored and answered.
///
/// `total` = `accepted` + `rejected` + `duplicates` + `dnc_excluded`: every data row is
/// exactly one of those, checked in that order of precedence (a bad row is `rejected`
/// even if its IndiHome number is a duplicate; a duplicate on the DNC list is a
/// `duplicate`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub id: uuid::Uuid,
    pub work_order_id: uuid::Uuid,
    pub idempotency_key: Option<String>,
    /// SHA-256 of the request body as received, lower-case hex.
    pub sha256: String,
    pub total: u32,
    pub accepted: u32,
    pub rejected: u32,
    pub duplicates: u32,
    pub dnc_excluded: u32,
    /// The first [`REPORTED_ERRORS`] errors of rejected rows, in file order.
    pub errors: Vec<ReportedError>,
    pub imported_by: uuid::Uuid,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// One error of an import report (a [`RowError`] as stored).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReportedError {
    pub line: u64,
    pub field: String,
    pub reason: String,
}

impl From<&RowError> for ReportedError {
    fn from(e: &RowError) -> Self {
        Self {
            line: e.line,
            field: e.field.to_owned(),
            reason: e.reason.clone(),
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

    #[test]
    fn indihome_numbers() {
        assert_eq!(
            validate_indihome_number(" 122101234567 ").unwrap(),
            "122101234567"
        );
        assert_eq!(
            validate_indihome_number("1311012345").unwrap(),
            "1311012345"
        );
        assert_eq!(
            validate_indihome_number("1311012345678").unwrap(),
            "1311012345678"
        );
        assert_eq!(validate_indihome_number("").unwrap_err(), "is required");
        assert!(validate_indihome_number("1221 0123 4567")
            .unwrap_err()
            .contains("digits only"));
        assert!(validate_indihome_number("1221-01234567")
            .unwrap_err()
            .contains("digits only"));
        assert!(validate_indihome_number("12210123456x")
            .unwrap_err()
            .contains("digits only"));
        assert!(validate_indihome_number("1.22101E+11")
            .unwrap_err()
            .contains("scientific"));
        assert!(validate_indihome_number("122101234")
            .unwrap_err()
            .contains("has 9 digits"));
        assert!(validate_indihome_number("12210123456789")
            .unwrap_err()
            .contains("has 14 digits"));
    }

    fn row(indihome: &str, name: &str, contact: &str) -> DaprosRow {
        DaprosRow {
            indihome_number: indihome.into(),
            customer_name: name.into(),
            contact_number: contact.into(),
            alt_contact_number: None,
            region: None,
            notes: None,
        }
    }

    fn read(bytes: &[u8]) -> Vec<Result<DaprosRow, Vec<RowError>>> {
        DaprosReader::new(bytes).unwrap().collect()
    }

    fn err(line: u64, field: &'static str, reason: &str) -> RowError {
        RowError::new(line, field, reason)
    }

    #[test]
    fn a_semicolon_file_with_bom_crlf_and_bad_rows() {
        let file = "\u{FEFF}No;Customer_Name ; INDIHOME_NUMBER;contact_number;alt_contact_number;region;notes;paket\r\n\
            1;Budi Santoso;122101234567;0812-3456-7890;;Jakarta;;50M\r\n\
            2;\"Siti; Aminah\";131101234567;(022) 7654321;+62 813 1111 2222; Bandung ;\"call after 10; ask for Siti\";\r\n\
            \r\n\
            3;  ;122101234568;0812 3456 7891;;;;\r\n\
            4;Andi;1221 0123 4569;+1 415 555 2671;0800123456;;;\r\n\
            5;Broken line;122101234570\r\n\
            ;;;;;;;\r\n\
            6;\"Dewi\r\nLestari\";122101234571;6281299998888;;;;\r\n\
            7;Rina;122101234572;0341 123456;;Malang;;\r\n\
            \r\n\
            8;Eko;122101234573;0812;021-1234;;;\r\n";
        let mut reader = DaprosReader::new(file.as_bytes()).unwrap();
        assert_eq!(reader.ignored_columns(), ["no", "paket"]);
        let items: Vec<_> = reader.by_ref().collect();
        assert!(!reader.failed());
        let mut budi = row("122101234567", "Budi Santoso", "+6281234567890");
        budi.region = Some("Jakarta".into());
        let mut siti = row("131101234567", "Siti; Aminah", "+62227654321");
        siti.alt_contact_number = Some("+6281311112222".into());
        siti.region = Some("Bandung".into());
        siti.notes = Some("call after 10; ask for Siti".into());
        let dewi = row("122101234571", "Dewi\r\nLestari", "+6281299998888");
        let mut rina = row("122101234572", "Rina", "+62341123456");
        rina.region = Some("Malang".into());
        let expected = vec![
            Ok(budi),
            Ok(siti),
            Err(vec![err(5, "customer_name", "is required")]),
            Err(vec![
                err(
                    6,
                    "indihome_number",
                    "\"1221 0123 4569\" must be digits only (no spaces, dashes or letters)",
                ),
                err(
                    6,
                    "contact_number",
                    "\"+1 415 555 2671\" is not an Indonesian number (+62…): foreign numbers are not called",
                ),
                err(
                    6,
                    "alt_contact_number",
                    "\"0800123456\" is a toll-free or premium number (0800/0809…): it cannot be called",
                ),
            ]),
            Err(vec![err(
                7,
                "record",
                "has 3 field(s) but the header has 8: a missing or extra separator, or an unclosed quote",
            )]),
            Ok(dewi),
            Ok(rina),
            Err(vec![
                err(
                    13,
                    "contact_number",
                    "\"0812\" has 3 digits after the leading 0 or +62: a mobile number has 9 to 12 (10 to 13 digits written 08…)",
                ),
                err(
                    13,
                    "alt_contact_number",
                    "\"021-1234\": a landline has 8 to 12 digits written with its area code (0 + 2 to 4 digit area code + 5 to 8 digit number), this has 7",
                ),
            ]),
        ];
        assert_eq!(items, expected);
        // Line 13 (Eko) proves the quoted line break in line 9 and the blank lines are
        // counted.
    }

    #[test]
    fn the_reader_tells_each_rows_line() {
        let file = b"indihome_number,customer_name,contact_number\n\
            \n\
            122101234567,\"Budi\nSantoso\",081234567890\n\
            122101234568,Ani,021-1234567\n";
        let mut reader = DaprosReader::new(&file[..]).unwrap();
        let mut lines = Vec::new();
        while let Some(item) = reader.next() {
            assert!(item.is_ok());
            lines.push(reader.line());
        }
        assert_eq!(lines, [3, 5]);
    }

    #[test]
    fn a_comma_file_with_quoted_commas_and_lf() {
        let file = b"indihome_number,customer_name,contact_number\n\
            122101234567,\"Santoso, Budi\",081234567890\n\
            122101234568,Ani,021-1234567\n\
            \n\
            \n\
            122101234569,Ani,\n";
        let items = read(file);
        assert_eq!(
            items,
            vec![
                Ok(row("122101234567", "Santoso, Budi", "+6281234567890")),
                Ok(row("122101234568", "Ani", "+62211234567")),
                Err(vec![err(6, "contact_number", "is required")]),
            ]
        );
    }

    #[test]
    fn invalid_utf8_is_that_lines_error() {
        let mut file = b"indihome_number;customer_name;contact_number\n".to_vec();
        file.extend_from_slice(b"122101234567;Bud\xFF;081234567890\n");
        file.extend_from_slice(b"122101234568;Ani;081234567891\n");
        let items = read(&file);
        assert_eq!(
            items,
            vec![
                Err(vec![err(
                    2,
                    "customer_name",
                    "is not valid UTF-8: save the file as UTF-8"
                )]),
                Ok(row("122101234568", "Ani", "+6281234567891")),
            ]
        );
    }

    #[test]
    fn a_nul_is_that_lines_error() {
        let mut file = b"indihome_number;customer_name;contact_number;notes\n".to_vec();
        file.extend_from_slice(b"122101234567;Bud\0i;081234567890;\n");
        file.extend_from_slice(b"122101234569;Budi;081234567892;a\0b\n");
        file.extend_from_slice(b"122101234568;Ani;081234567891;\n");
        let items = read(&file);
        assert_eq!(
            items,
            vec![
                Err(vec![err(2, "customer_name", tam_kernel::NUL_REASON)]),
                Err(vec![err(3, "notes", tam_kernel::NUL_REASON)]),
                Ok(row("122101234568", "Ani", "+6281234567891")),
            ]
        );
    }

    #[test]
    fn header_errors() {
        let new = |bytes: &[u8]| DaprosReader::new(bytes).map(|_| ()).unwrap_err();
        assert_eq!(new(b""), HeaderError::Empty);
        assert_eq!(new(b"\xEF\xBB\xBF\r\n"), HeaderError::Empty);
        assert_eq!(
            new(b"indihome_number\tcustomer_name\tcontact_number\n"),
            HeaderError::UnrecognisedSeparator
        );
        assert_eq!(
            new(b"indihome_number;name;phone\n1;2;3\n"),
            HeaderError::MissingColumns(vec!["customer_name", "contact_number"])
        );
        assert_eq!(
            new(b"indihome_number,customer_name,contact_number,Region,region"),
            HeaderError::DuplicateColumn("region".into())
        );
        assert_eq!(
            new(b"indihome_number;customer_\xFFname;contact_number\n"),
            HeaderError::InvalidUtf8
        );
        let long = vec![b'a'; MAX_HEADER_BYTES + 10];
        assert_eq!(new(&long), HeaderError::HeaderTooLong);
        assert_eq!(
            HeaderError::MissingColumns(vec!["customer_name", "contact_number"]).to_string(),
            "the header row lacks the required column(s): customer_name, contact_number"
        );
    }

    #[test]
    fn header_only_file_has_no_rows() {
        assert!(read(b"indihome_number;customer_name;contact_number").is_empty());
        assert!(read(b"indihome_number;customer_name;contact_number\r\n\r\n").is_empty());
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
    fn a_dropped_stream_fails_the_reader() {
        let data = b"indihome_number;customer_name;contact_number\n122101234567;Ani;081234567890\n122101234568;B".to_vec();
        let mut reader = DaprosReader::new(Dropped(Cursor::new(data))).unwrap();
        let first = reader.next().unwrap();
        assert!(first.is_ok());
        let second = reader.next().unwrap().unwrap_err();
        assert_eq!(second.len(), 1);
        assert_eq!(second[0].field, "file");
        assert!(reader.failed());
        assert!(reader.next().is_none());
    }

    #[test]
    fn an_unclosed_quote_does_not_swallow_the_file() {
        let mut data =
            b"indihome_number;customer_name;contact_number\n122101234567;\"Ani;081234567890\n"
                .to_vec();
        for _ in 0..40_000 {
            data.extend_from_slice(b"122101234568;Budi;081234567890\n");
        }
        let mut reader = DaprosReader::new(data.as_slice()).unwrap();
        let error = reader.next().unwrap().unwrap_err();
        assert_eq!(error[0].field, "file");
        assert!(error[0].reason.contains("unclosed quote"), "{error:?}");
        assert!(reader.failed());
    }

    #[test]
    fn the_tally_counts_rows_and_keeps_the_first_errors() {
        let mut tally = Tally::default();
        tally.count(&Ok(row("122101234567", "Ani", "+6281234567890")));
        let three = vec![
            err(3, "indihome_number", "a"),
            err(3, "contact_number", "b"),
            err(3, "alt_contact_number", "c"),
        ];
        tally.count(&Err(three.clone()));
        assert_eq!((tally.total, tally.rejected), (2, 1));
        assert_eq!(tally.errors, three);
        for line in 4..(4 + REPORTED_ERRORS as u64) {
            tally.count(&Err(vec![err(line, "customer_name", "is required")]));
        }
        assert_eq!(tally.total, 2 + REPORTED_ERRORS as u64);
        assert_eq!(tally.rejected, 1 + REPORTED_ERRORS as u64);
        assert_eq!(tally.errors.len(), REPORTED_ERRORS);
        assert_eq!(tally.errors[..3], three[..]);
        // 3 errors of line 3, then one per line 4, 5, …: the last kept is line 1,000.
        assert_eq!(tally.errors[REPORTED_ERRORS - 1].line, 1_000);
    }

    #[test]
    fn dedupe_key_is_the_indihome_number() {
        let r = row("122101234567", "Ani", "+6281234567890");
        assert_eq!(dedupe_key(&r), "122101234567");
    }
}
