//! An HTTP answer as tests look at it: status, headers, and the body as JSON (a string
//! when it is not JSON, `null` when empty), with the problem+json fields tests check.

use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde_json::Value;
use uuid::Uuid;

/// What a service answered.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Answer {
    /// Reads a whole response. Panics if the body cannot be read (a test failure).
    pub async fn read(response: reqwest::Response) -> Self {
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .bytes()
            .await
            .unwrap_or_else(|e| panic!("reading the answer's body: {e}"));
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()))
        };
        Self {
            status,
            headers,
            body,
        }
    }

    /// The `errors[].field` of a validation problem.
    pub fn fields(&self) -> Vec<String> {
        self.errors("field").collect()
    }

    /// Every `errors[].reason`, joined with ` | `.
    pub fn reasons(&self) -> String {
        self.errors("reason").collect::<Vec<_>>().join(" | ")
    }

    fn errors<'a>(&'a self, key: &'a str) -> impl Iterator<Item = String> + 'a {
        self.body["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .map(move |e| e[key].as_str().unwrap_or_default().to_owned())
    }

    /// The slug of a problem's type.
    pub fn slug(&self) -> &str {
        self.body["type"]
            .as_str()
            .and_then(|t| t.strip_prefix(tam_kernel::PROBLEM_TYPE_BASE))
            .unwrap_or_default()
    }

    /// The `id` of the body (panics when there is none: a test failure).
    pub fn id(&self) -> Uuid {
        self.body["id"]
            .as_str()
            .and_then(|id| id.parse().ok())
            .unwrap_or_else(|| panic!("no id in {:?}", self.body))
    }
}
