//! What the CB homes share (qa/quality, HD, tier 2, IOC, HR, trainer, the dashboard):
//! GETs of the APIs through the gateway as the signed-in user (the access token from
//! the session, never sent to the page), and lists of rows picked from the answers.
//! The APIs' policy and scope decide what comes back: a home never widens it, it only
//! shows what its user's own calls return; a section the API refuses shows that, not
//! an error page, so one refused list does not hide the others.

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::i18n::Lang;
use crate::web::{Desk, State};

/// Indonesian or English text of the CB homes (their words are few and their own; the
/// shared catalog keeps the layout's).
pub fn tr(lang: Lang, id: &str, en: &str) -> String {
    match lang {
        Lang::Id => id.to_owned(),
        Lang::En => en.to_owned(),
    }
}

/// One API answer: the JSON, or the status and the problem's title.
pub async fn get_json(state: &State, desk: &Desk, path: &str) -> Result<Value, (u16, String)> {
    let res = state
        .http
        .get(state.api(path))
        .bearer_auth(&desk.signed().access_token)
        .send()
        .await
        .map_err(|e| (502, e.to_string()))?;
    let status = res.status().as_u16();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    if (200..300).contains(&status) {
        Ok(body)
    } else {
        let title = body["title"].as_str().unwrap_or("").to_owned();
        Err((status, title))
    }
}

/// How a column shows its value.
#[derive(Clone, Copy)]
pub enum Kind {
    Text,
    /// A time, shown in WIB.
    Time,
    /// A deadline: how long until it (or how late), for SLA timers.
    Timer,
    /// A link to `prefix` + the value.
    Link(&'static str),
}

pub struct Col {
    pub id: &'static str,
    pub en: &'static str,
    /// A JSON pointer inside one row.
    pub at: &'static str,
    pub kind: Kind,
}

pub const fn col(id: &'static str, en: &'static str, at: &'static str, kind: Kind) -> Col {
    Col { id, en, at, kind }
}

pub struct Cell {
    pub text: String,
    pub href: Option<String>,
    /// `late` for a passed deadline (styled and announced as such).
    pub class: &'static str,
}

pub struct Section {
    pub id: String,
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Why there are no rows (an empty list, or the API's refusal).
    pub empty: String,
}

/// A section from one list of the APIs: the rows are the answer's `items` (or the
/// answer itself when it is an array), at most 50.
pub async fn section(
    state: &State,
    desk: &Desk,
    (id, en): (&str, &str),
    path: &str,
    cols: &[Col],
) -> Section {
    let lang = desk.lang();
    let answer = get_json(state, desk, path).await;
    let (items, empty) = match &answer {
        Ok(v) => (rows_of(v), tr(lang, "Belum ada.", "None yet.")),
        Err((status, title)) => (
            Vec::new(),
            format!(
                "{} ({status} {title})",
                tr(lang, "Tidak tersedia", "Not available")
            ),
        ),
    };
    rows_section(lang, (id, en), &items, empty, cols)
}

/// A section from rows already fetched.
pub fn rows_section(
    lang: Lang,
    (id, en): (&str, &str),
    items: &[Value],
    empty: String,
    cols: &[Col],
) -> Section {
    let now = Utc::now();
    Section {
        id: slug(en),
        title: tr(lang, id, en),
        headers: cols.iter().map(|c| tr(lang, c.id, c.en)).collect(),
        rows: items
            .iter()
            .take(50)
            .map(|row| cols.iter().map(|c| cell(lang, row, c, now)).collect())
            .collect(),
        empty,
    }
}

pub fn rows_of(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a.clone(),
        Value::Object(o) => ["items", "rows", "data", "sites", "levels"]
            .iter()
            .find_map(|k| o.get(*k).and_then(Value::as_array).cloned())
            .unwrap_or_else(|| vec![v.clone()]),
        _ => Vec::new(),
    }
}

pub fn slug(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

pub fn text_of(v: &Value) -> String {
    match v {
        Value::Null => "—".to_owned(),
        Value::String(s) => s.clone(),
        Value::Bool(true) => "✓".to_owned(),
        Value::Bool(false) => "✗".to_owned(),
        Value::Array(a) => a.iter().map(text_of).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

fn cell(lang: Lang, row: &Value, c: &Col, now: DateTime<Utc>) -> Cell {
    let v = row.pointer(c.at).unwrap_or(&Value::Null);
    let at = v.as_str().and_then(|s| s.parse::<DateTime<Utc>>().ok());
    match (c.kind, at) {
        (Kind::Time, Some(t)) => plain(wib(t)),
        (Kind::Timer, Some(t)) => {
            let minutes = (t - now).num_minutes();
            if minutes >= 0 {
                Cell {
                    text: format!(
                        "{} {} {}",
                        tr(lang, "sisa", "in"),
                        duration(minutes),
                        wib_paren(t)
                    ),
                    href: None,
                    class: "timer",
                }
            } else {
                Cell {
                    text: format!(
                        "{} {} {}",
                        tr(lang, "terlambat", "late by"),
                        duration(-minutes),
                        wib_paren(t)
                    ),
                    href: None,
                    class: "timer late",
                }
            }
        }
        (Kind::Link(prefix), _) if !v.is_null() => Cell {
            text: text_of(v),
            href: Some(format!("{prefix}{}", text_of(v))),
            class: "",
        },
        _ => plain(text_of(v)),
    }
}

fn plain(text: String) -> Cell {
    Cell {
        text,
        href: None,
        class: "",
    }
}

pub fn wib(t: DateTime<Utc>) -> String {
    (t + chrono::Duration::hours(7))
        .format("%d-%m %H:%M WIB")
        .to_string()
}

fn wib_paren(t: DateTime<Utc>) -> String {
    format!("({})", wib(t))
}

fn duration(minutes: i64) -> String {
    if minutes >= 60 * 24 {
        format!("{}d {}h", minutes / (60 * 24), minutes % (60 * 24) / 60)
    } else if minutes >= 60 {
        format!("{}h {}m", minutes / 60, minutes % 60)
    } else {
        format!("{minutes}m")
    }
}

/// Today's WIB date (the dashboard's month).
pub fn wib_today() -> chrono::NaiveDate {
    (Utc::now() + chrono::Duration::hours(7)).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_deadline_shows_how_long_until_it_or_how_late() {
        let now = Utc::now();
        let row = json!({"due": (now + chrono::Duration::minutes(95)).to_rfc3339(),
                         "late": (now - chrono::Duration::minutes(10)).to_rfc3339()});
        let due = cell(Lang::En, &row, &col("", "", "/due", Kind::Timer), now);
        assert!(due.text.starts_with("in 1h 3"), "{}", due.text);
        let late = cell(Lang::Id, &row, &col("", "", "/late", Kind::Timer), now);
        assert!(late.text.starts_with("terlambat 10m"), "{}", late.text);
        assert_eq!(late.class, "timer late");
    }

    #[test]
    fn rows_come_from_items_or_the_array() {
        assert_eq!(rows_of(&json!({"items": [1, 2]})).len(), 2);
        assert_eq!(rows_of(&json!([1, 2, 3])).len(), 3);
        assert_eq!(text_of(&json!(null)), "—");
    }
}
