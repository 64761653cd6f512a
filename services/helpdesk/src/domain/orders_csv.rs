//! The client's daily lists of AddOn orders from the other channels (the 147 call
//! center, Plasa Telkom shops, …): a CSV file read as a stream, one row at a time, each
//! row checked and normalised into a ticket to open.
//!
//! The reader follows prospect's DAPROS reader (its own copy: a service does not depend
//! on another's domain): a header row naming the columns in any order and case, `;` or
//! `,` as separator (sniffed from the header line), UTF-8 with or without a BOM, LF or
//! CRLF, quoted fields; errors name the line a spreadsheet shows (the header is line 1)
//! and the column; blank lines are skipped; a record longer than [`MAX_RECORD_BYTES`]
//! (an unclosed quote) fails the stream instead of filling memory.
//!
//! Columns: `indihome_number`, `customer_name`, `contact_number`, `product_code`,
//! `order_date` (required); `site`, `provisioning_order_number` (optional). Other
//! columns are ignored and listed in the report. Whether a product is in the desk's
//! catalogue and whether an open ticket already follows the order are the importer's
//! checks (against the database).

use std::collections::VecDeque;
use std::io::{Chain, Cursor, Read};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tam_kernel::Site;

use super::ticket::{
    optional_text, product_code, required_text, validate_contact_number, validate_indihome_number,
    MAX_NAME, MAX_ORDER_NUMBER,
};

/// One well-formed order row, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRow {
    /// The line where the record starts (the header is line 1).
    pub line: u64,
    /// Digits only, 10 to 13.
    pub indihome_number: String,
    pub customer_name: String,
    /// In E.164 (`+62…`).
    pub contact_number: String,
    /// Upper case, as the catalogue writes it.
    pub product_code: String,
    /// The day the channel took the order (never after the day of the import).
    pub order_date: NaiveDate,
    pub site: Option<Site>,
    pub provisioning_order_number: Option<String>,
}

/// Why one field of one line was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    /// The 1-based line where the record starts (the header is line 1).
    pub line: u64,
    /// The column, `record` for a line broken as a whole (wrong number of fields), or
    /// `file` when the stream itself failed.
    pub field: String,
    /// What is wrong, in words HD Support can act on.
    pub reason: String,
}

impl RowError {
    pub fn new(line: u64, field: &str, reason: impl Into<String>) -> Self {
        Self {
            line,
            field: field.to_owned(),
            reason: reason.into(),
        }
    }
}

/// Why the file cannot be read at all: nothing of it is imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderError {
    Empty,
    UnrecognisedSeparator,
    MissingColumns(Vec<&'static str>),
    DuplicateColumn(String),
    HeaderTooLong,
    InvalidUtf8,
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
                "the header row is longer than {MAX_HEADER_BYTES} bytes: this is not an order list"
            ),
            HeaderError::InvalidUtf8 => write!(f, "the header row is not valid UTF-8"),
            HeaderError::Io(reason) => write!(f, "the file could not be read: {reason}"),
        }
    }
}

impl std::error::Error for HeaderError {}

/// The longest header line accepted.
pub const MAX_HEADER_BYTES: usize = 64 * 1024;
/// The longest record accepted (approximately: the CSV reader reads ahead by its
/// buffer).
pub const MAX_RECORD_BYTES: u64 = 64 * 1024;

const COLUMNS: [&str; 7] = [
    "indihome_number",
    "customer_name",
    "contact_number",
    "product_code",
    "order_date",
    "site",
    "provisioning_order_number",
];
const REQUIRED: usize = 5;
const IDX_INDIHOME: usize = 0;
const IDX_NAME: usize = 1;
const IDX_CONTACT: usize = 2;
const IDX_PRODUCT: usize = 3;
const IDX_DATE: usize = 4;
const IDX_SITE: usize = 5;
const IDX_ORDER_NUMBER: usize = 6;

type Source<R> = Chain<Cursor<Vec<u8>>, R>;

/// Counts the bytes read since the last record (failing the stream past
/// [`MAX_RECORD_BYTES`]) and the lines: the `csv` crate's line numbers are off after
/// blank lines and with CRLF, and the report must name the line HD Support sees. For
/// each line with content not yet consumed it keeps (offset of its first byte, line).
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

    /// The line of the first record starting at or after byte `from`.
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

/// A streaming order-list reader: one item per data line, an [`OrderRow`] or every
/// [`RowError`] of the line. It holds one record at a time.
pub struct OrdersReader<R: Read> {
    csv: csv::Reader<Guarded<Source<R>>>,
    record: csv::ByteRecord,
    positions: [Option<usize>; 7],
    width: usize,
    ignored: Vec<String>,
    failed: bool,
    /// The day of the import: an order dated after it is a typo.
    today: NaiveDate,
}

impl<R: Read> std::fmt::Debug for OrdersReader<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OrdersReader")
            .field("positions", &self.positions)
            .field("ignored", &self.ignored)
            .field("failed", &self.failed)
            .finish_non_exhaustive()
    }
}

impl<R: Read> OrdersReader<R> {
    /// Reads the header line (stripping a BOM), sniffs the separator and maps the
    /// columns. `today` is the import's day (in WIB).
    pub fn new(mut reader: R, today: NaiveDate) -> Result<Self, HeaderError> {
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
        let mut positions = [None; 7];
        let mut ignored = Vec::new();
        for (index, name) in header.iter().enumerate() {
            let name = std::str::from_utf8(name).map_err(|_| HeaderError::InvalidUtf8)?;
            let name = name.trim().to_ascii_lowercase();
            match COLUMNS.iter().position(|c| *c == name) {
                Some(column) => {
                    if positions.get(column).copied().flatten().is_some() {
                        return Err(HeaderError::DuplicateColumn(name));
                    }
                    if let Some(slot) = positions.get_mut(column) {
                        *slot = Some(index);
                    }
                }
                None if name.is_empty() => {}
                None => ignored.push(name),
            }
        }
        let missing: Vec<&'static str> = COLUMNS
            .iter()
            .zip(positions)
            .take(REQUIRED)
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
            today,
        })
    }

    /// Header columns the reader does not know (lower-cased, trimmed).
    pub fn ignored_columns(&self) -> &[String] {
        &self.ignored
    }

    /// Whether the stream itself failed: the import must be abandoned.
    pub fn failed(&self) -> bool {
        self.failed
    }

    fn check_record(&self, line: u64) -> Result<OrderRow, Vec<RowError>> {
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
            let index = self.positions.get(column).copied().flatten()?;
            let bytes = self.record.get(index)?;
            match std::str::from_utf8(bytes) {
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
        let product = text(IDX_PRODUCT);
        let date = text(IDX_DATE);
        let site = text(IDX_SITE);
        let order_number = text(IDX_ORDER_NUMBER);
        fn check<T>(
            errors: &mut Vec<RowError>,
            line: u64,
            column: usize,
            result: Result<T, String>,
        ) -> Option<T> {
            match result {
                Ok(value) => Some(value),
                Err(reason) => {
                    errors.push(RowError::new(line, COLUMNS[column], reason));
                    None
                }
            }
        }
        let e = &mut errors;
        let indihome =
            indihome.and_then(|v| check(e, line, IDX_INDIHOME, validate_indihome_number(&v)));
        let name = name.and_then(|v| check(e, line, IDX_NAME, required_text(&v, MAX_NAME)));
        let contact =
            contact.and_then(|v| check(e, line, IDX_CONTACT, validate_contact_number(&v)));
        let product = product.and_then(|v| check(e, line, IDX_PRODUCT, product_code(&v)));
        let date = date.and_then(|v| check(e, line, IDX_DATE, order_date(&v, self.today)));
        let site = match site {
            Some(v) if !v.is_empty() => check(e, line, IDX_SITE, site_of(&v)).map(Some),
            _ => Some(None),
        };
        let order_number = match order_number {
            Some(v) => check(
                e,
                line,
                IDX_ORDER_NUMBER,
                optional_text(Some(&v), MAX_ORDER_NUMBER),
            ),
            None => Some(None),
        };
        match (indihome, name, contact, product, date, site, order_number) {
            (
                Some(indihome_number),
                Some(customer_name),
                Some(contact_number),
                Some(product_code),
                Some(order_date),
                Some(site),
                Some(provisioning_order_number),
            ) if errors.is_empty() => Ok(OrderRow {
                line,
                indihome_number,
                customer_name,
                contact_number,
                product_code,
                order_date,
                site,
                provisioning_order_number,
            }),
            _ => Err(errors),
        }
    }
}

impl<R: Read> Iterator for OrdersReader<R> {
    type Item = Result<OrderRow, Vec<RowError>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        loop {
            let from = self.csv.position().byte();
            let read = self.csv.read_byte_record(&mut self.record);
            self.csv.get_mut().since_record = 0;
            let line = self.csv.get_mut().line_from(from);
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

/// An order date: `YYYY-MM-DD` (what the client's exports write) or `DD/MM/YYYY` (what
/// a spreadsheet in an Indonesian locale turns it into), never after `today`.
pub fn order_date(raw: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Err("is required".to_owned());
    }
    let date = NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(value, "%d/%m/%Y"))
        .map_err(|_| format!("{value:?} is not a date (YYYY-MM-DD or DD/MM/YYYY)"))?;
    if date > today {
        return Err(format!("{date} is after the day of the import ({today})"));
    }
    Ok(date)
}

/// A site by its code, case-insensitive.
fn site_of(raw: &str) -> Result<Site, String> {
    raw.trim()
        .to_ascii_lowercase()
        .parse::<Site>()
        .map_err(|_| {
            format!(
                "{raw:?} is not a site ({})",
                Site::ALL
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
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

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
    }

    fn read(file: &str) -> Vec<Result<OrderRow, Vec<RowError>>> {
        OrdersReader::new(file.as_bytes(), today())
            .unwrap()
            .collect()
    }

    #[test]
    fn a_semicolon_file_with_bom_crlf_blank_lines_and_bad_rows() {
        let file = "\u{FEFF}No;Product_Code;INDIHOME_NUMBER;customer_name;contact_number;order_date;site\r\n\
            1;minipack;122101234567;Budi Santoso;0812-3456-7890;2026-12-02;Medan\r\n\
            \r\n\
            2;NETFLIX;1221 0123 4568;Siti;0813 1111 2222;02/12/2026;\r\n\
            3;HBO;122101234569;;+1 415 555 2671;2026-12-09;atlantis\r\n\
            4;HBO;122101234570\r\n\
            ;;;;;;\r\n\
            5;STB2;131101234571;\"Dewi; Lestari\";6281299998888;01/12/2026;bandung\r\n";
        let mut reader = OrdersReader::new(file.as_bytes(), today()).unwrap();
        assert_eq!(reader.ignored_columns(), ["no"]);
        let items: Vec<_> = reader.by_ref().collect();
        assert!(!reader.failed());
        let date = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        assert_eq!(
            items,
            vec![
                Ok(OrderRow {
                    line: 2,
                    indihome_number: "122101234567".into(),
                    customer_name: "Budi Santoso".into(),
                    contact_number: "+6281234567890".into(),
                    product_code: "MINIPACK".into(),
                    order_date: date(2),
                    site: Some(Site::Medan),
                    provisioning_order_number: None,
                }),
                Err(vec![RowError::new(
                    4,
                    "indihome_number",
                    "\"1221 0123 4568\" must be digits only (no spaces, dashes or letters)"
                )]),
                Err(vec![
                    RowError::new(5, "customer_name", "is required"),
                    RowError::new(
                        5,
                        "contact_number",
                        "\"+1 415 555 2671\" is not an Indonesian number (+62…, 62… or 0… then 7 to 13 digits)"
                    ),
                    RowError::new(
                        5,
                        "order_date",
                        "2026-12-09 is after the day of the import (2026-12-03)"
                    ),
                    RowError::new(
                        5,
                        "site",
                        "\"atlantis\" is not a site (medan, tangerang, bandung, semarang, malang, makassar)"
                    ),
                ]),
                Err(vec![RowError::new(
                    6,
                    "record",
                    "has 3 field(s) but the header has 7: a missing or extra separator, or an unclosed quote"
                )]),
                Ok(OrderRow {
                    line: 8,
                    indihome_number: "131101234571".into(),
                    customer_name: "Dewi; Lestari".into(),
                    contact_number: "+6281299998888".into(),
                    product_code: "STB2".into(),
                    order_date: date(1),
                    site: Some(Site::Bandung),
                    provisioning_order_number: None,
                }),
            ]
        );
    }

    #[test]
    fn a_comma_file_with_the_optional_order_number() {
        let items = read(
            "indihome_number,customer_name,contact_number,product_code,order_date,provisioning_order_number\n\
             122101234567,Budi,081234567890,HBO,2026-12-03,SC-0099812\n\
             122101234568,Ani,081234567891,HBO,2026-12-03,\n",
        );
        let rows: Vec<_> = items.into_iter().map(Result::unwrap).collect();
        assert_eq!(
            rows[0].provisioning_order_number.as_deref(),
            Some("SC-0099812")
        );
        assert_eq!(rows[1].provisioning_order_number, None);
        assert_eq!(rows[1].line, 3);
    }

    #[test]
    fn a_header_without_the_required_columns_is_refused_whole() {
        assert_eq!(
            OrdersReader::new("indihome_number;customer_name\n1;2\n".as_bytes(), today())
                .unwrap_err(),
            HeaderError::MissingColumns(vec!["contact_number", "product_code", "order_date"])
        );
        assert_eq!(
            OrdersReader::new("".as_bytes(), today()).unwrap_err(),
            HeaderError::Empty
        );
        assert_eq!(
            OrdersReader::new("a b c\n".as_bytes(), today()).unwrap_err(),
            HeaderError::UnrecognisedSeparator
        );
    }

    #[test]
    fn an_unclosed_quote_fails_the_stream_instead_of_filling_memory() {
        let mut file = String::from(
            "indihome_number;customer_name;contact_number;product_code;order_date\n\
             122101234567;\"Budi;0812;HBO;2026-12-01\n",
        );
        file.push_str(&"x".repeat(usize::try_from(MAX_RECORD_BYTES).unwrap() * 2));
        let mut reader = OrdersReader::new(file.as_bytes(), today()).unwrap();
        let items: Vec<_> = reader.by_ref().collect();
        assert!(reader.failed());
        let last = items.last().unwrap().as_ref().unwrap_err();
        assert_eq!(last[0].field, "file");
    }

    #[test]
    fn order_dates() {
        assert_eq!(
            order_date("2026-12-01", today()).unwrap(),
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
        );
        assert_eq!(
            order_date("01/12/2026", today()).unwrap(),
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
        );
        assert_eq!(order_date(" ", today()).unwrap_err(), "is required");
        assert!(order_date("12/31/2026", today())
            .unwrap_err()
            .contains("not a date"));
        assert!(order_date("2026-12-04", today())
            .unwrap_err()
            .contains("after the day of the import"));
    }
}
