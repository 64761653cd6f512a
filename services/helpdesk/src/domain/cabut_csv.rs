//! The client's cancellation lists (CABUT): a CSV file read as a stream, one row at a
//! time, each row checked and normalised into a case to file. Same reader as the order
//! lists ([`tam_runtime::csv_import`], see [`super::orders_csv`]).
//!
//! Columns: `indihome_number`, `product_code`, `cancelled_on` (`YYYY-MM-DD` or
//! `DD/MM/YYYY`, never after the day of the import), `channel` (the channel the AddOn
//! was sold through) are required; `customer_name`, `contact_number` optional. Other
//! columns are ignored and listed in the report. Whether the product is in the
//! catalogue, and the link to an OBC sale, are the importer's checks (the database).

use std::io::Read;

use chrono::NaiveDate;
use tam_runtime::csv_import::{self, CsvLayout, CsvRecords, Record};

pub use tam_runtime::csv_import::HeaderError;

use super::orders_csv::{order_date, MAX_RECORD_BYTES};
use super::policy::Channel;
use super::ticket::{
    optional_text, product_code, validate_contact_number, validate_indihome_number, MAX_NAME,
};

/// One well-formed cancellation row, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CancellationRow {
    pub line: u64,
    pub indihome_number: String,
    pub product_code: String,
    pub cancelled_on: NaiveDate,
    pub channel: Channel,
    pub customer_name: Option<String>,
    pub contact_number: Option<String>,
}

const COLUMNS: [&str; 6] = [
    "indihome_number",
    "product_code",
    "cancelled_on",
    "channel",
    "customer_name",
    "contact_number",
];

const LAYOUT: CsvLayout = CsvLayout {
    columns: &COLUMNS,
    required: 4,
    max_record_bytes: MAX_RECORD_BYTES,
    kind: "a cancellation list",
};

/// A channel by its code, case-insensitive (a 422 naming `channel` by API; a row error
/// naming it in a file).
pub fn channel_of(raw: &str) -> Result<Channel, String> {
    raw.trim()
        .to_ascii_lowercase()
        .parse::<Channel>()
        .map_err(|_| {
            format!(
                "{raw:?} is not a sales channel ({})",
                Channel::CODES.join(", ")
            )
        })
}

/// A streaming cancellation-list reader: one item per data line.
#[derive(Debug)]
pub struct CancellationsReader<R: Read> {
    records: CsvRecords<R>,
    today: NaiveDate,
}

impl<R: Read> CancellationsReader<R> {
    pub fn new(reader: R, today: NaiveDate) -> Result<Self, HeaderError> {
        Ok(Self {
            records: CsvRecords::new(reader, LAYOUT)?,
            today,
        })
    }

    pub fn ignored_columns(&self) -> &[String] {
        self.records.ignored_columns()
    }

    pub fn failed(&self) -> bool {
        self.records.failed()
    }
}

fn check_record(
    mut record: Record<'_>,
    today: NaiveDate,
) -> Result<CancellationRow, Vec<csv_import::RowError>> {
    let indihome = record.text(0);
    let product = record.text(1);
    let date = record.text(2);
    let channel = record.text(3);
    let name = record.text(4);
    let contact = record.text(5);
    let r = &mut record;
    let indihome = indihome.and_then(|v| r.check(0, validate_indihome_number(&v)));
    let product = product.and_then(|v| r.check(1, product_code(&v)));
    let date = date.and_then(|v| r.check(2, order_date(&v, today)));
    let channel = channel.and_then(|v| r.check(3, channel_of(&v)));
    let name = match name {
        Some(v) => r.check(4, optional_text(Some(&v), MAX_NAME)),
        None => Some(None),
    };
    let contact = match contact {
        Some(v) if !v.trim().is_empty() => r.check(5, validate_contact_number(&v)).map(Some),
        _ => Some(None),
    };
    let line = record.line();
    let row = match (indihome, product, date, channel, name, contact) {
        (
            Some(indihome_number),
            Some(product_code),
            Some(cancelled_on),
            Some(channel),
            Some(customer_name),
            Some(contact_number),
        ) => Some(CancellationRow {
            line,
            indihome_number,
            product_code,
            cancelled_on,
            channel,
            customer_name,
            contact_number,
        }),
        _ => None,
    };
    record.finish(row)
}

impl<R: Read> Iterator for CancellationsReader<R> {
    type Item = Result<CancellationRow, Vec<csv_import::RowError>>;

    fn next(&mut self) -> Option<Self::Item> {
        let today = self.today;
        self.records.next_row(|record| check_record(record, today))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use tam_runtime::csv_import::RowError;

    #[test]
    fn rows_are_checked_and_bad_fields_named() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let file = "indihome_number;product_code;cancelled_on;channel;note\n\
                    122101234567;stb2;2026-12-01;OBC;x\n\
                    122101234568;HBO;02/12/2026;pigeon;\n\
                    12x;HBO;2026-12-09;plasa;\n";
        let mut reader = CancellationsReader::new(file.as_bytes(), today).unwrap();
        assert_eq!(reader.ignored_columns(), ["note"]);
        let items: Vec<_> = reader.by_ref().collect();
        assert_eq!(
            items[0],
            Ok(CancellationRow {
                line: 2,
                indihome_number: "122101234567".into(),
                product_code: "STB2".into(),
                cancelled_on: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
                channel: Channel::Obc,
                customer_name: None,
                contact_number: None,
            })
        );
        let errors = items[1].as_ref().unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "channel");
        let fields: Vec<_> = items[2]
            .as_ref()
            .unwrap_err()
            .iter()
            .map(|e: &RowError| e.field)
            .collect();
        assert_eq!(fields, ["indihome_number", "cancelled_on"]);
    }
}
