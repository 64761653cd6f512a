//! The one part the console reads from a `multipart/form-data` body (a file field),
//! in memory: the DAPROS upload form. Small and strict: a body that is not what a
//! browser sends is refused.

/// The boundary of a `multipart/form-data; boundary=...` content type.
pub fn boundary(content_type: &str) -> Option<String> {
    let (kind, params) = content_type.split_once(';')?;
    if !kind.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.split(';').find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.eq_ignore_ascii_case("boundary")
            .then(|| v.trim_matches('"').to_owned())
            .filter(|b| !b.is_empty() && b.len() <= 200)
    })
}

/// A part of the body: its field name, file name and bytes.
#[derive(Debug, PartialEq, Eq)]
pub struct Part<'a> {
    pub name: String,
    pub filename: Option<String>,
    pub data: &'a [u8],
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    (from..=hay.len() - needle.len()).find(|&i| &hay[i..i + needle.len()] == needle)
}

/// Every part of `body`.
pub fn parts<'a>(body: &'a [u8], boundary: &str) -> Option<Vec<Part<'a>>> {
    let delim = format!("--{boundary}");
    let next_delim = format!("\r\n--{boundary}");
    let mut out = Vec::new();
    let mut pos = find(body, delim.as_bytes(), 0)? + delim.len();
    loop {
        // After a delimiter: "--" ends the body, CRLF starts a part.
        if body.get(pos..pos + 2) == Some(b"--") {
            return Some(out);
        }
        if body.get(pos..pos + 2) != Some(b"\r\n") {
            return None;
        }
        pos += 2;
        let head_end = find(body, b"\r\n\r\n", pos)?;
        let head = std::str::from_utf8(&body[pos..head_end]).ok()?;
        let data_start = head_end + 4;
        let data_end = find(body, next_delim.as_bytes(), data_start)?;
        let disposition = head
            .split("\r\n")
            .find(|l| l.to_ascii_lowercase().starts_with("content-disposition:"))?;
        let param = |key: &str| {
            disposition.split(';').find_map(|p| {
                let (k, v) = p.trim().split_once('=')?;
                (k == key).then(|| v.trim_matches('"').to_owned())
            })
        };
        out.push(Part {
            name: param("name")?,
            filename: param("filename"),
            data: &body[data_start..data_end],
        });
        pos = data_end + next_delim.len();
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_browser_form_with_a_file_is_read() {
        let ct = "multipart/form-data; boundary=----x1";
        let b = boundary(ct).unwrap();
        let body = b"------x1\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok\r\n------x1\r\nContent-Disposition: form-data; name=\"file\"; filename=\"d.csv\"\r\nContent-Type: text/csv\r\n\r\na,b\r\n1,2\r\n------x1--\r\n";
        let got = parts(body, &b).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!((got[0].name.as_str(), got[0].data), ("csrf", &b"tok"[..]));
        assert_eq!(got[1].filename.as_deref(), Some("d.csv"));
        assert_eq!(got[1].data, b"a,b\r\n1,2");
        assert!(boundary("text/plain").is_none());
        assert!(parts(b"garbage", "x").is_none());
    }
}
