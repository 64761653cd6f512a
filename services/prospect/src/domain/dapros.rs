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
//! UTF-8 with or without a BOM; LF or CRLF line endings; fields may be quoted. The
//! reading itself (line numbers, header checks, the record cap) is the runtime's
//! [`tam_runtime::csv_import`], shared with the helpdesk's order lists; this module has
//! the columns and the row checks.

use std::io::Read;

use tam_runtime::csv_import::{CsvLayout, CsvRecords, Record};

pub use tam_runtime::csv_import::{
    HeaderError, ReportedError, RowError, Tally, MAX_HEADER_BYTES, REPORTED_ERRORS,
};

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

pub use tam_kernel::validate_indihome_number;

/// The columns the reader knows, by header name.
const COLUMNS: [&str; 6] = [
    "indihome_number",
    "customer_name",
    "contact_number",
    "alt_contact_number",
    "region",
    "notes",
];
const IDX_INDIHOME: usize = 0;
const IDX_NAME: usize = 1;
const IDX_CONTACT: usize = 2;
const IDX_ALT: usize = 3;
const IDX_REGION: usize = 4;
const IDX_NOTES: usize = 5;

/// A DAPROS file, for the shared reader: the first three columns are required.
const LAYOUT: CsvLayout = CsvLayout {
    columns: &COLUMNS,
    required: 3,
    max_record_bytes: MAX_RECORD_BYTES,
    kind: "a DAPROS file",
};

/// A streaming DAPROS reader: one item per data line, a [`DaprosRow`] or every
/// [`RowError`] of that line. It holds one record at a time, whatever the file's size,
/// so the importer can stream a million-row upload. Blank lines, and lines whose fields
/// are all blank (spreadsheets export trailing `;;;;` lines), are skipped.
///
/// Unknown extra columns are ignored, not refused: clients' exports often carry extra
/// columns (package, STO, …). [`DaprosReader::ignored_columns`] lists them so the import
/// report can show them (a misspelt optional column shows up there).
///
/// If the stream itself fails (a dropped connection, an over-long record), the reader
/// yields one error with field `"file"` and then ends; [`DaprosReader::failed`] tells
/// the importer to abort the whole import.
#[derive(Debug)]
pub struct DaprosReader<R: Read> {
    records: CsvRecords<R>,
}

impl<R: Read> DaprosReader<R> {
    /// Reads the header line (stripping a BOM), sniffs the separator and maps the
    /// columns; the data lines are read as the iterator is consumed.
    pub fn new(reader: R) -> Result<Self, HeaderError> {
        Ok(Self {
            records: CsvRecords::new(reader, LAYOUT)?,
        })
    }

    /// Header columns the reader does not know and ignores (lower-cased, trimmed), for
    /// the import report.
    pub fn ignored_columns(&self) -> &[String] {
        self.records.ignored_columns()
    }

    /// Whether the stream itself failed: the file was not read to its end, and the
    /// import must be abandoned (all or nothing).
    pub fn failed(&self) -> bool {
        self.records.failed()
    }

    /// The line (1-based, the header is line 1) where the record last returned by the
    /// iterator starts: a good row's line, which the importer keeps with its prospect.
    pub fn line(&self) -> u64 {
        self.records.line()
    }
}

/// The checked row of a record, or all its errors.
fn check_record(mut record: Record<'_>) -> Result<DaprosRow, Vec<RowError>> {
    let indihome = record.text(IDX_INDIHOME);
    let name = record.text(IDX_NAME);
    let contact = record.text(IDX_CONTACT);
    let alt = record.text(IDX_ALT).filter(|v| !v.is_empty());
    let region = record.text(IDX_REGION).filter(|v| !v.is_empty());
    let notes = record.text(IDX_NOTES).filter(|v| !v.is_empty());
    let indihome = indihome.and_then(|v| record.check(IDX_INDIHOME, validate_indihome_number(&v)));
    let name = name.and_then(|v| {
        let result = if v.is_empty() {
            Err("is required".to_owned())
        } else {
            Ok(v)
        };
        record.check(IDX_NAME, result)
    });
    let contact = contact.and_then(|v| {
        let result = if v.is_empty() {
            Err("is required".to_owned())
        } else {
            normalize_phone(&v)
        };
        record.check(IDX_CONTACT, result)
    });
    let alt = match alt {
        Some(v) => record.check(IDX_ALT, normalize_phone(&v)).map(Some),
        None => Some(None),
    };
    let row = match (indihome, name, contact, alt) {
        (Some(indihome_number), Some(customer_name), Some(contact_number), Some(alt)) => {
            Some(DaprosRow {
                indihome_number,
                customer_name,
                contact_number,
                alt_contact_number: alt,
                region,
                notes,
            })
        }
        _ => None,
    };
    record.finish(row)
}

impl<R: Read> Iterator for DaprosReader<R> {
    type Item = Result<DaprosRow, Vec<RowError>>;

    fn next(&mut self) -> Option<Self::Item> {
        self.records.next_row(check_record)
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

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
        assert_eq!(new(&long), HeaderError::HeaderTooLong("a DAPROS file"));
        assert!(new(&long)
            .to_string()
            .ends_with("bytes: this is not a DAPROS file"));
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
    fn dedupe_key_is_the_indihome_number() {
        let r = row("122101234567", "Ani", "+6281234567890");
        assert_eq!(dedupe_key(&r), "122101234567");
    }
}
