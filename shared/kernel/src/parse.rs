//! Parsers of the plain values every service reads from requests (bodies, query
//! strings): each returns the value or the `errors[].reason` of the 400, for
//! [`crate::Fields`] to collect. Surrounding blanks are not part of a value.

use chrono::NaiveDate;
use uuid::Uuid;

/// A UUID (any of the usual forms, as `Uuid`'s parser reads them).
pub fn parse_uuid(value: &str) -> Result<Uuid, String> {
    value
        .trim()
        .parse()
        .map_err(|_| "must be a UUID".to_owned())
}

/// A calendar date written `YYYY-MM-DD`.
pub fn parse_date(value: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| "must be a date, YYYY-MM-DD".to_owned())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_trimmed_or_refused_with_a_reason() {
        let id = Uuid::now_v7();
        assert_eq!(parse_uuid(&format!(" {id} ")), Ok(id));
        assert_eq!(parse_uuid("42"), Err("must be a UUID".to_owned()));
    }

    #[test]
    fn dates_are_iso_days_that_exist() {
        assert_eq!(
            parse_date(" 2024-02-29 "),
            Ok(NaiveDate::from_ymd_opt(2024, 2, 29).unwrap())
        );
        for bad in ["2023-02-29", "29/02/2024", ""] {
            assert_eq!(
                parse_date(bad),
                Err("must be a date, YYYY-MM-DD".to_owned())
            );
        }
    }
}
