//! The client's daily lists of AddOn orders from the other channels (the 147 call
//! center, Plasa Telkom shops, …): a CSV file read as a stream, one row at a time, each
//! row checked and normalised into a ticket to open.
//!
//! The reading is the runtime's [`tam_runtime::csv_import`], shared with prospect's
//! DAPROS import: a header row naming the columns in any order and case, `;` or `,` as
//! separator (sniffed from the header line), UTF-8 with or without a BOM, LF or CRLF,
//! quoted fields; errors name the line a spreadsheet shows (the header is line 1) and
//! the column; blank lines are skipped; a record longer than [`MAX_RECORD_BYTES`] (an
//! unclosed quote) fails the stream instead of filling memory. This module has the
//! desk's columns and row checks.
//!
//! Columns: `indihome_number`, `customer_name`, `contact_number`, `product_code`,
//! `order_date` (required); `site`, `provisioning_order_number` (optional). Other
//! columns are ignored and listed in the report. Whether a product is in the desk's
//! catalogue and whether an open ticket already follows the order are the importer's
//! checks (against the database).

use std::io::Read;

use chrono::NaiveDate;
use tam_kernel::Site;
use tam_runtime::csv_import::{self, CsvLayout, CsvRecords, Record};

/// One error of an import report as stored and answered: a reader's
/// [`csv_import::RowError`] with its field owned.
pub use tam_runtime::csv_import::ReportedError as RowError;
pub use tam_runtime::csv_import::{HeaderError, MAX_HEADER_BYTES};

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
const IDX_INDIHOME: usize = 0;
const IDX_NAME: usize = 1;
const IDX_CONTACT: usize = 2;
const IDX_PRODUCT: usize = 3;
const IDX_DATE: usize = 4;
const IDX_SITE: usize = 5;
const IDX_ORDER_NUMBER: usize = 6;

/// An order list, for the shared reader: the first five columns are required.
const LAYOUT: CsvLayout = CsvLayout {
    columns: &COLUMNS,
    required: 5,
    max_record_bytes: MAX_RECORD_BYTES,
    kind: "an order list",
};

/// A streaming order-list reader: one item per data line, an [`OrderRow`] or every
/// [`csv_import::RowError`] of the line. It holds one record at a time.
#[derive(Debug)]
pub struct OrdersReader<R: Read> {
    records: CsvRecords<R>,
    /// The day of the import: an order dated after it is a typo.
    today: NaiveDate,
}

impl<R: Read> OrdersReader<R> {
    /// Reads the header line (stripping a BOM), sniffs the separator and maps the
    /// columns. `today` is the import's day (in WIB).
    pub fn new(reader: R, today: NaiveDate) -> Result<Self, HeaderError> {
        Ok(Self {
            records: CsvRecords::new(reader, LAYOUT)?,
            today,
        })
    }

    /// Header columns the reader does not know (lower-cased, trimmed).
    pub fn ignored_columns(&self) -> &[String] {
        self.records.ignored_columns()
    }

    /// Whether the stream itself failed: the import must be abandoned.
    pub fn failed(&self) -> bool {
        self.records.failed()
    }
}

/// The checked row of a record, or all its errors.
fn check_record(
    mut record: Record<'_>,
    today: NaiveDate,
) -> Result<OrderRow, Vec<csv_import::RowError>> {
    let indihome = record.text(IDX_INDIHOME);
    let name = record.text(IDX_NAME);
    let contact = record.text(IDX_CONTACT);
    let product = record.text(IDX_PRODUCT);
    let date = record.text(IDX_DATE);
    let site = record.text(IDX_SITE);
    let order_number = record.text(IDX_ORDER_NUMBER);
    let r = &mut record;
    let indihome = indihome.and_then(|v| r.check(IDX_INDIHOME, validate_indihome_number(&v)));
    let name = name.and_then(|v| r.check(IDX_NAME, required_text(&v, MAX_NAME)));
    let contact = contact.and_then(|v| r.check(IDX_CONTACT, validate_contact_number(&v)));
    let product = product.and_then(|v| r.check(IDX_PRODUCT, product_code(&v)));
    let date = date.and_then(|v| r.check(IDX_DATE, order_date(&v, today)));
    let site = match site {
        Some(v) if !v.is_empty() => r.check(IDX_SITE, site_of(&v)).map(Some),
        _ => Some(None),
    };
    let order_number = match order_number {
        Some(v) => r.check(IDX_ORDER_NUMBER, optional_text(Some(&v), MAX_ORDER_NUMBER)),
        None => Some(None),
    };
    let line = record.line();
    let row = match (indihome, name, contact, product, date, site, order_number) {
        (
            Some(indihome_number),
            Some(customer_name),
            Some(contact_number),
            Some(product_code),
            Some(order_date),
            Some(site),
            Some(provisioning_order_number),
        ) => Some(OrderRow {
            line,
            indihome_number,
            customer_name,
            contact_number,
            product_code,
            order_date,
            site,
            provisioning_order_number,
        }),
        _ => None,
    };
    record.finish(row)
}

impl<R: Read> Iterator for OrdersReader<R> {
    type Item = Result<OrderRow, Vec<csv_import::RowError>>;

    fn next(&mut self) -> Option<Self::Item> {
        let today = self.today;
        self.records.next_row(|record| check_record(record, today))
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    // The reader's errors (the glob brings the stored form under this name).
    use tam_runtime::csv_import::RowError;

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
