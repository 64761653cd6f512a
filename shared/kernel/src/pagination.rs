//! Keyset pagination for every list endpoint: `?limit=&cursor=` in, `next_cursor` out.
//!
//! Lists are ordered by a timestamp and then the row id (UUID v7), both descending or
//! both ascending. The cursor is the (timestamp, id) of the last item of the page; the
//! next page is the rows strictly after it in the list's order, e.g.
//! `WHERE (created_at, id) < ($at, $id) ORDER BY created_at DESC, id DESC LIMIT $fetch`.
//! Fetch `limit + 1` rows ([`Limit::fetch`]) and let [`Page::from_fetched`] decide
//! whether there is a next page. Keyset cursors stay correct while rows are inserted,
//! unlike offsets.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use uuid::Uuid;

use crate::problem::{FieldError, Problem};

/// Items per page when the client does not say.
pub const DEFAULT_LIMIT: u32 = 50;

/// The most items a client may ask for in one page.
pub const MAX_LIMIT: u32 = 200;

/// The pagination part of a list request's query string.
///
/// Both fields are optional. It can be a `web::Query<PageRequest>` on its own or
/// `#[serde(flatten)]`ed into a list's filter struct: `limit` accepts a number or a
/// numeric string for that reason (serde buffers flattened query values as strings).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct PageRequest {
    /// Items per page, 1..=[`MAX_LIMIT`]; [`DEFAULT_LIMIT`] when absent.
    #[serde(default, deserialize_with = "optional_u32")]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page; absent (or empty) for the first page.
    #[serde(default)]
    pub cursor: Option<String>,
}

/// A validated page size, 1..=[`MAX_LIMIT`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Limit(u32);

impl Default for Limit {
    fn default() -> Self {
        Limit(DEFAULT_LIMIT)
    }
}

impl Limit {
    /// The page size.
    pub const fn get(self) -> u32 {
        self.0
    }

    /// The number of rows to fetch: one more than the page size, so that a fetched
    /// extra row tells there is a next page (for SQL `LIMIT`, hence `i64`).
    pub const fn fetch(self) -> i64 {
        self.0 as i64 + 1
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl PageRequest {
    /// The page size: [`DEFAULT_LIMIT`] when absent; 0 or more than [`MAX_LIMIT`] is a
    /// validation problem naming `limit` (rejected, not clamped, so that a client asking
    /// for 1000 learns it gets at most 200).
    pub fn limit(&self) -> Result<Limit, Problem> {
        self.limit_checked()
            .map_err(|e| Problem::validation(vec![e]))
    }

    /// The decoded cursor, `None` for the first page; garbage is a validation problem
    /// naming `cursor`.
    pub fn cursor(&self) -> Result<Option<Cursor>, Problem> {
        self.cursor_checked()
            .map_err(|e| Problem::validation(vec![e]))
    }

    /// Both, with every error reported in one validation problem.
    pub fn validate(&self) -> Result<(Limit, Option<Cursor>), Problem> {
        match (self.limit_checked(), self.cursor_checked()) {
            (Ok(limit), Ok(cursor)) => Ok((limit, cursor)),
            (limit, cursor) => {
                let errors = [limit.err(), cursor.err()].into_iter().flatten().collect();
                Err(Problem::validation(errors))
            }
        }
    }

    fn limit_checked(&self) -> Result<Limit, FieldError> {
        match self.limit {
            None => Ok(Limit::default()),
            Some(n @ 1..=MAX_LIMIT) => Ok(Limit(n)),
            Some(_) => Err(FieldError::new(
                "limit",
                format!("must be between 1 and {MAX_LIMIT}"),
            )),
        }
    }

    fn cursor_checked(&self) -> Result<Option<Cursor>, FieldError> {
        match self.cursor.as_deref() {
            None | Some("") => Ok(None),
            Some(text) => Cursor::decode_field(text).map(Some),
        }
    }
}

/// Accepts a JSON number, a numeric string (query strings, flattened structs) or nothing.
fn optional_u32<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u32>, D::Error> {
    struct OptionalU32;

    impl<'de> serde::de::Visitor<'de> for OptionalU32 {
        type Value = Option<u32>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a whole number")
        }

        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }

        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
            u32::try_from(v)
                .map(Some)
                .map_err(|_| E::custom(format!("limit {v} is too large")))
        }

        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
            u32::try_from(v).map(Some).map_err(|_| {
                E::custom(format!(
                    "limit must be a whole number from 1 to {MAX_LIMIT}, got {v}"
                ))
            })
        }

        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            if v.is_empty() {
                return Ok(None);
            }
            v.parse::<u32>().map(Some).map_err(|_| {
                E::custom(format!(
                    "limit must be a whole number from 1 to {MAX_LIMIT}, got `{v}`"
                ))
            })
        }
    }

    deserializer.deserialize_option(OptionalU32)
}

/// The position after which the next page starts: the sort timestamp and id of the
/// last item of the previous page.
///
/// Clients see it only as an opaque string (48 lowercase hex digits: the timestamp in
/// microseconds since the epoch as a big-endian `i64`, then the 16 bytes of the id).
/// Microseconds because that is what Postgres `timestamptz` stores; finer precision is
/// dropped on encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cursor {
    /// The sort timestamp of the last item.
    pub at: DateTime<Utc>,
    /// The id of the last item (the tie-breaker).
    pub id: Uuid,
}

const CURSOR_BYTES: usize = 8 + 16;
const HEX: &[u8; 16] = b"0123456789abcdef";

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

impl Cursor {
    /// The cursor after the item with sort timestamp `at` and id `id`.
    pub fn new(at: DateTime<Utc>, id: Uuid) -> Self {
        Self { at, id }
    }

    /// The opaque text given to the client as `next_cursor`.
    pub fn encode(&self) -> String {
        let mut bytes = [0u8; CURSOR_BYTES];
        bytes[..8].copy_from_slice(&self.at.timestamp_micros().to_be_bytes());
        bytes[8..].copy_from_slice(self.id.as_bytes());
        let mut text = String::with_capacity(CURSOR_BYTES * 2);
        for byte in bytes {
            text.push(char::from(HEX[usize::from(byte >> 4)]));
            text.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
        text
    }

    /// Decodes a cursor from a client; anything this crate did not encode is a
    /// validation problem naming `cursor`.
    pub fn decode(text: &str) -> Result<Self, Problem> {
        Self::decode_field(text).map_err(|e| Problem::validation(vec![e]))
    }

    fn decode_field(text: &str) -> Result<Self, FieldError> {
        let invalid = || {
            FieldError::new(
                "cursor",
                "is not a cursor from this list; pass the `next_cursor` of the previous page unchanged",
            )
        };
        let digits = text.as_bytes();
        if digits.len() != CURSOR_BYTES * 2 {
            return Err(invalid());
        }
        let mut bytes = [0u8; CURSOR_BYTES];
        for (byte, pair) in bytes.iter_mut().zip(digits.chunks_exact(2)) {
            let high = hex_value(pair[0]).ok_or_else(invalid)?;
            let low = hex_value(pair[1]).ok_or_else(invalid)?;
            *byte = (high << 4) | low;
        }
        let mut micros = [0u8; 8];
        micros.copy_from_slice(&bytes[..8]);
        let at = DateTime::from_timestamp_micros(i64::from_be_bytes(micros)).ok_or_else(invalid)?;
        let id = Uuid::from_slice(&bytes[8..]).map_err(|_| invalid())?;
        Ok(Self { at, id })
    }
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.encode())
    }
}

impl FromStr for Cursor {
    type Err = Problem;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::decode(s)
    }
}

/// One page of a list: the items and, if there are more, the cursor of the next page
/// (`null` on the last page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The items of this page, in the list's order.
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; `null` when this is the last one.
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// A page from items and the cursor of the next page, if any.
    pub fn new(items: Vec<T>, next: Option<Cursor>) -> Self {
        Self {
            items,
            next_cursor: next.map(|c| c.encode()),
        }
    }

    /// A page from rows fetched with `LIMIT limit.fetch()`: if there is an extra row it
    /// is dropped and the cursor of the last kept row becomes `next_cursor`.
    pub fn from_fetched(mut rows: Vec<T>, limit: Limit, cursor_of: impl Fn(&T) -> Cursor) -> Self {
        let page_size = usize::try_from(limit.get()).unwrap_or(usize::MAX);
        if rows.len() > page_size {
            rows.truncate(page_size);
            let next = rows.last().map(cursor_of);
            Self::new(rows, next)
        } else {
            Self::new(rows, None)
        }
    }

    /// The same page with each item converted (row → API type).
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next_cursor: self.next_cursor,
        }
    }
}

/// The `limit` and `cursor` of a list query as the client wrote them, checked; their
/// errors are recorded in `f` (so that a query's other fields are reported together).
pub fn parse_page(
    f: &mut crate::Fields,
    limit: Option<&str>,
    cursor: Option<String>,
) -> Option<(Limit, Option<Cursor>)> {
    let limit = match limit {
        None => None,
        Some(v) => Some(
            f.check(
                "limit",
                v.trim()
                    .parse::<u32>()
                    .map_err(|_| format!("must be a whole number between 1 and {MAX_LIMIT}")),
            )?,
        ),
    };
    match (PageRequest { limit, cursor }).validate() {
        Ok(page) => Some(page),
        Err(problem) => {
            f.extend(problem.errors.iter().cloned());
            None
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::problem::slug;
    use chrono::TimeZone;

    fn request(limit: Option<u32>, cursor: Option<&str>) -> PageRequest {
        PageRequest {
            limit,
            cursor: cursor.map(str::to_owned),
        }
    }

    fn sample_cursor() -> Cursor {
        Cursor::new(
            Utc.with_ymd_and_hms(2024, 5, 1, 1, 2, 3).unwrap()
                + chrono::Duration::microseconds(456_789),
            Uuid::parse_str("01890a5d-ac96-774b-bcce-b302099a8057").unwrap(),
        )
    }

    #[test]
    fn limit_defaults_to_fifty() {
        assert_eq!(request(None, None).limit().unwrap().get(), DEFAULT_LIMIT);
        assert_eq!(DEFAULT_LIMIT, 50);
        assert_eq!(MAX_LIMIT, 200);
    }

    #[test]
    fn limit_within_bounds_is_kept() {
        assert_eq!(request(Some(1), None).limit().unwrap().get(), 1);
        assert_eq!(request(Some(200), None).limit().unwrap().get(), 200);
        assert_eq!(request(Some(20), None).limit().unwrap().fetch(), 21);
    }

    #[test]
    fn limit_zero_or_above_max_is_a_validation_problem_naming_limit() {
        for bad in [0, 201, u32::MAX] {
            let problem = request(Some(bad), None).limit().unwrap_err();
            assert_eq!(problem.status, 400);
            assert!(problem.is(slug::VALIDATION));
            assert_eq!(problem.errors.len(), 1);
            assert_eq!(problem.errors[0].field, "limit");
            assert_eq!(problem.errors[0].reason, "must be between 1 and 200");
        }
    }

    #[test]
    fn cursor_round_trips() {
        let cursor = sample_cursor();
        let text = cursor.encode();
        assert_eq!(text.len(), 48);
        assert!(text
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        assert_eq!(Cursor::decode(&text).unwrap(), cursor);
        assert_eq!(text.parse::<Cursor>().unwrap(), cursor);
        assert_eq!(cursor.to_string(), text);
        assert_eq!(request(None, Some(&text)).cursor().unwrap(), Some(cursor));
        assert_eq!(Cursor::decode(&text.to_uppercase()).unwrap(), cursor);
    }

    #[test]
    fn cursor_keeps_microseconds_and_drops_nanoseconds() {
        let at = Utc.with_ymd_and_hms(2024, 5, 1, 0, 0, 0).unwrap()
            + chrono::Duration::nanoseconds(1_234_567);
        let decoded = Cursor::decode(&Cursor::new(at, Uuid::nil()).encode()).unwrap();
        assert_eq!(
            decoded.at,
            Utc.with_ymd_and_hms(2024, 5, 1, 0, 0, 0).unwrap()
                + chrono::Duration::microseconds(1_234)
        );
    }

    #[test]
    fn cursor_before_the_epoch_round_trips() {
        let cursor = Cursor::new(
            Utc.with_ymd_and_hms(1960, 1, 1, 0, 0, 0).unwrap(),
            Uuid::max(),
        );
        assert_eq!(Cursor::decode(&cursor.encode()).unwrap(), cursor);
    }

    #[test]
    fn garbage_cursor_is_a_validation_problem_naming_cursor() {
        let valid = sample_cursor().encode();
        let wrong_digit = format!("g{}", &valid[1..]);
        let plus = format!("+{}", &valid[1..]);
        let out_of_range = format!("7fffffffffffffff{}", &valid[16..]);
        for garbage in [
            "x",
            "not-a-cursor",
            &valid[..46],
            &format!("{valid}00"),
            &wrong_digit,
            &plus,
            &out_of_range,
            "ééééééééééééééééééééééééé",
        ] {
            let problem = Cursor::decode(garbage).unwrap_err();
            assert!(problem.is(slug::VALIDATION), "{garbage}");
            assert_eq!(problem.errors[0].field, "cursor", "{garbage}");
            let problem = request(None, Some(garbage)).cursor().unwrap_err();
            assert_eq!(problem.errors[0].field, "cursor");
        }
    }

    #[test]
    fn absent_or_empty_cursor_is_the_first_page() {
        assert_eq!(request(None, None).cursor().unwrap(), None);
        assert_eq!(request(None, Some("")).cursor().unwrap(), None);
    }

    #[test]
    fn validate_reports_both_errors_at_once() {
        let problem = request(Some(0), Some("zz")).validate().unwrap_err();
        let fields: Vec<_> = problem.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["limit", "cursor"]);
        let (limit, cursor) = request(Some(10), None).validate().unwrap();
        assert_eq!(limit.get(), 10);
        assert_eq!(cursor, None);
    }

    #[test]
    fn page_request_from_query_strings() {
        let parse = |q: &str| serde_urlencoded_like(q);
        assert_eq!(parse(""), request(None, None));
        assert_eq!(parse("limit=10"), request(Some(10), None));
        assert_eq!(parse("limit=10&cursor=abc"), request(Some(10), Some("abc")));
    }

    /// Parses a query string the way `web::Query` does.
    fn serde_urlencoded_like(q: &str) -> PageRequest {
        actix_web::web::Query::<PageRequest>::from_query(q)
            .unwrap()
            .into_inner()
    }

    #[test]
    fn non_numeric_limit_in_query_is_rejected() {
        let err = actix_web::web::Query::<PageRequest>::from_query("limit=ten").unwrap_err();
        assert!(
            err.to_string().contains("limit must be a whole number"),
            "{err}"
        );
        assert!(actix_web::web::Query::<PageRequest>::from_query("limit=-1").is_err());
    }

    #[test]
    fn page_request_flattens_into_a_filter() {
        #[derive(Debug, Deserialize)]
        struct CallFilter {
            site: crate::Site,
            #[serde(flatten)]
            page: PageRequest,
        }
        let filter =
            actix_web::web::Query::<CallFilter>::from_query("site=medan&limit=20&cursor=c")
                .unwrap()
                .into_inner();
        assert_eq!(filter.site, crate::Site::Medan);
        assert_eq!(filter.page, request(Some(20), Some("c")));
        let filter = actix_web::web::Query::<CallFilter>::from_query("site=bandung")
            .unwrap()
            .into_inner();
        assert_eq!(filter.page, request(None, None));
    }

    #[test]
    fn page_request_from_json() {
        let req: PageRequest = serde_json::from_str(r#"{"limit": 5, "cursor": null}"#).unwrap();
        assert_eq!(req, request(Some(5), None));
        let req: PageRequest = serde_json::from_str("{}").unwrap();
        assert_eq!(req, request(None, None));
    }

    #[test]
    fn page_serializes_items_and_next_cursor() {
        let page = Page::new(vec![1, 2], Some(sample_cursor()));
        let value = serde_json::to_value(&page).unwrap();
        assert_eq!(value["items"], serde_json::json!([1, 2]));
        assert_eq!(
            value["next_cursor"],
            serde_json::json!(sample_cursor().encode())
        );
        let last = serde_json::to_value(Page::<u8>::new(vec![], None)).unwrap();
        assert_eq!(last, serde_json::json!({"items": [], "next_cursor": null}));
    }

    #[test]
    fn from_fetched_uses_the_extra_row_to_decide_on_a_next_page() {
        let limit = request(Some(2), None).limit().unwrap();
        let at = Utc.with_ymd_and_hms(2024, 5, 1, 0, 0, 0).unwrap();
        let rows: Vec<(u8, Uuid)> = (0..3)
            .map(|i| (i, Uuid::from_u128(u128::from(i))))
            .collect();
        let cursor_of = |row: &(u8, Uuid)| Cursor::new(at, row.1);

        let page = Page::from_fetched(rows.clone(), limit, cursor_of);
        assert_eq!(page.items.len(), 2);
        let next = Cursor::decode(page.next_cursor.as_deref().unwrap()).unwrap();
        assert_eq!(next.id, Uuid::from_u128(1));

        let page = Page::from_fetched(rows[..2].to_vec(), limit, cursor_of);
        assert_eq!(page.items.len(), 2);
        assert_eq!(page.next_cursor, None);

        let page = Page::from_fetched(Vec::new(), limit, cursor_of);
        assert!(page.items.is_empty());
        assert_eq!(page.next_cursor, None);
    }

    #[test]
    fn map_keeps_the_cursor() {
        let page = Page::new(vec![1, 2], Some(sample_cursor())).map(|n| n * 10);
        assert_eq!(page.items, vec![10, 20]);
        assert_eq!(page.next_cursor, Some(sample_cursor().encode()));
    }
}
