//! Telephone numbers: every Indonesian number a customer can be called on (mobile or
//! landline), in the one form the suite stores and compares, E.164 (`+62…`).
//!
//! One normaliser serves the DAPROS importer and the do-not-call list, so that a number
//! written `0812-3456-7890` in a DAPROS file and `+62 812 3456 7890` on the list are
//! the same number to every check (DNC exclusion at import and at claim time).

/// National significant number length of an Indonesian mobile (`8` and 8 to 11 digits).
const MOBILE_NSN_LEN: std::ops::RangeInclusive<usize> = 9..=12;
/// National significant number length of a landline (area code and subscriber).
const PSTN_NSN_LEN: std::ops::RangeInclusive<usize> = 7..=11;
/// Digits of a landline area code after the trunk `0` (`21` Jakarta, `341` Malang).
const AREA_CODE_LEN: std::ops::RangeInclusive<usize> = 2..=4;
/// Digits of a landline subscriber number.
const SUBSCRIBER_LEN: std::ops::RangeInclusive<usize> = 5..=8;

/// The E.164 form (`+62…`) of an Indonesian mobile or landline number, or why it cannot
/// be called.
///
/// Accepted: mobiles written `08…`, `628…` or `+628…` (national significant number `8`
/// then 8 to 11 digits) and landlines written with their area code, `021-1234567`,
/// `(022) 7654321`, `0341 123456`, or `+6221…` (area code of 2 to 4 digits not starting
/// with 8, subscriber of 5 to 8 digits, 7 to 11 digits in all). Spaces, dashes, dots
/// and parentheses between digits are stripped. Refused: foreign numbers, `080…`
/// toll-free and premium numbers (`0800`, `0809`: not a customer's phone), numbers
/// without a leading `0`, `62` or `+62`, a landline written `62…` without `+` (it cannot
/// be told from a subscriber number missing its area code), lengths out of range.
pub fn normalize_phone(raw: &str) -> Result<String, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Err("is empty".to_owned());
    }
    let (plus, rest) = match value.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, value),
    };
    let mut digits = String::with_capacity(rest.len());
    // Digit groups as written, to check area code and subscriber when separated.
    let mut groups: Vec<usize> = Vec::new();
    let mut in_group = false;
    for c in rest.chars() {
        match c {
            '0'..='9' => {
                digits.push(c);
                if in_group {
                    if let Some(last) = groups.last_mut() {
                        *last += 1;
                    }
                } else {
                    groups.push(1);
                    in_group = true;
                }
            }
            ' ' | '-' | '.' | '(' | ')' => in_group = false,
            _ => {
                return Err(format!(
                    "{value:?} contains {c:?}: only digits, spaces, dashes, dots, parentheses and a leading + are allowed"
                ))
            }
        }
    }
    if digits.is_empty() {
        return Err(format!("{value:?} has no digits"));
    }
    let nsn = if plus {
        match digits.strip_prefix("62") {
            Some(nsn) if nsn.starts_with('0') => {
                return Err(format!(
                    "{value:?} keeps the leading 0 after +62: write +62{} or 0{}",
                    nsn.trim_start_matches('0'),
                    nsn.trim_start_matches('0')
                ))
            }
            Some(nsn) => nsn,
            None => {
                return Err(format!(
                    "{value:?} is not an Indonesian number (+62…): foreign numbers are not called"
                ))
            }
        }
    } else if let Some(national) = digits.strip_prefix('0') {
        national
    } else if let Some(nsn) = digits.strip_prefix("62") {
        if !nsn.starts_with('8') {
            return Err(format!(
                "{value:?}: without + only mobiles may start with 62 (628…); write a landline with its area code (021…) or as +6221…"
            ));
        }
        nsn
    } else {
        return Err(format!(
            "{value:?} must start with 0, 62 or +62 (e.g. 0812…, 021…, +62812…)"
        ));
    };
    let trunk_zero = !plus && digits.starts_with('0');
    match nsn.as_bytes().first() {
        None => Err(format!("{value:?} has no number after the prefix")),
        Some(b'0') => Err(format!(
            "{value:?} starts with 00 (an international prefix): only Indonesian numbers are called"
        )),
        Some(b'1') => Err(format!(
            "{value:?} is a service or emergency number (01…/1…), not a customer's phone"
        )),
        Some(b'8') if nsn.starts_with("80") => Err(format!(
            "{value:?} is a toll-free or premium number (0800/0809…): it cannot be called"
        )),
        Some(b'8') => {
            if MOBILE_NSN_LEN.contains(&nsn.len()) {
                Ok(format!("+62{nsn}"))
            } else {
                Err(format!(
                    "{value:?} has {} digits after the leading 0 or +62: a mobile number has 9 to 12 (10 to 13 digits written 08…)",
                    nsn.len()
                ))
            }
        }
        Some(_) => {
            if !PSTN_NSN_LEN.contains(&nsn.len()) {
                return Err(format!(
                    "{value:?}: a landline has 8 to 12 digits written with its area code (0 + 2 to 4 digit area code + 5 to 8 digit number), this has {}",
                    nsn.len() + 1
                ));
            }
            // When the area code is written apart (`021-1234567`, `(022) 7654321`),
            // check both parts; run together they cannot be told apart without a table.
            if groups.len() >= 2 {
                let area = if trunk_zero {
                    groups[0].saturating_sub(1)
                } else if plus && groups[0] == 2 {
                    // `+62 21 1234567`: the country code is its own group.
                    groups.remove(0);
                    groups[0]
                } else {
                    0
                };
                if area != 0 && groups.len() >= 2 {
                    let subscriber: usize = groups[1..].iter().sum();
                    if !AREA_CODE_LEN.contains(&area) {
                        return Err(format!(
                            "{value:?}: the area code must have 2 to 4 digits after the 0 (021, 0341…)"
                        ));
                    }
                    if !SUBSCRIBER_LEN.contains(&subscriber) {
                        return Err(format!(
                            "{value:?}: the number after the area code must have 5 to 8 digits, this has {subscriber}"
                        ));
                    }
                }
            }
            Ok(format!("+62{nsn}"))
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn ok(raw: &str) -> String {
        normalize_phone(raw).unwrap_or_else(|e| panic!("{raw:?}: {e}"))
    }

    fn bad(raw: &str) -> String {
        match normalize_phone(raw) {
            Ok(v) => panic!("{raw:?} accepted as {v}"),
            Err(e) => e,
        }
    }

    #[test]
    fn mobile_forms_normalise_to_e164() {
        assert_eq!(ok("081234567890"), "+6281234567890");
        assert_eq!(ok("6281234567890"), "+6281234567890");
        assert_eq!(ok("+6281234567890"), "+6281234567890");
        assert_eq!(ok(" 0812-3456-7890 "), "+6281234567890");
        assert_eq!(ok("0812.3456.789"), "+628123456789");
        assert_eq!(ok("+62 812 3456 7890"), "+6281234567890");
        assert_eq!(ok("(0812) 3456 7890"), "+6281234567890");
        assert_eq!(ok("0811234567"), "+62811234567");
        assert_eq!(ok("0852123456789"), "+62852123456789");
    }

    #[test]
    fn landline_forms_normalise_to_e164() {
        assert_eq!(ok("021-1234567"), "+62211234567");
        assert_eq!(ok("021-12345678"), "+622112345678");
        assert_eq!(ok("(022) 7654321"), "+62227654321");
        assert_eq!(ok("0341 123456"), "+62341123456");
        assert_eq!(ok("0274 12345"), "+6227412345");
        assert_eq!(ok("02112345678"), "+622112345678");
        assert_eq!(ok("+62 21 1234567"), "+62211234567");
        assert_eq!(ok("+62-22-7654321"), "+62227654321");
        assert_eq!(ok("061 4567890"), "+62614567890");
    }

    #[test]
    fn bad_numbers_are_refused_with_a_reason() {
        assert!(bad("").contains("empty"));
        assert!(bad("0812abc4567").contains("'a'"));
        assert!(bad("0812/3456/7890").contains("'/'"));
        assert!(bad("08123").contains("mobile"));
        assert!(bad("08123456789012").contains("mobile"));
        assert!(bad("+14155552671").contains("not an Indonesian"));
        assert!(bad("+44 20 7946 0958").contains("not an Indonesian"));
        assert!(bad("+0812345678").contains("not an Indonesian"));
        assert!(bad("0800 1234567").contains("toll-free"));
        assert!(bad("0809-1-234567").contains("toll-free"));
        assert!(bad("+62 800 123456").contains("toll-free"));
        assert!(bad("62 21 1234567").contains("without +"));
        assert!(bad("622112345678").contains("without +"));
        assert!(bad("812345678").contains("must start with 0"));
        assert!(bad("1234567").contains("must start with 0"));
        assert!(bad("+62 0812 3456 7890").contains("leading 0"));
        assert!(bad("0062812345678").contains("00"));
        assert!(bad("0112").contains("service"));
        assert!(bad("021-1234").contains("5 to 8"));
        assert!(bad("021-123456789").contains("5 to 8"));
        assert!(bad("0211234567890").contains("landline"));
        assert!(bad("02-1234567").contains("area code"));
        assert!(bad("021").contains("landline"));
        assert!(bad("--").contains("no digits"));
        assert!(bad("+").contains("no digits"));
        assert!(bad("0").contains("no number"));
        assert!(bad("0812 3456 7890 ext 12").contains("'e'"));
    }

    #[test]
    fn lengths_at_the_edges() {
        // Mobiles: 10 to 13 digits written 08…; landlines: 8 to 12 written 0…
        assert_eq!(ok("0812345678"), "+62812345678");
        assert_eq!(ok("0812345678901"), "+62812345678901");
        assert!(bad("081234567").contains("mobile"));
        assert!(bad("08123456789012").contains("mobile"));
        assert_eq!(ok("0274 12345"), "+6227412345");
        assert_eq!(ok("0217 12345678"), "+6221712345678");
        assert!(bad("0217 123456789").contains("landline"));
    }

    #[test]
    fn the_do_not_call_forms_of_one_number_are_alike() {
        for input in [
            "081234567890",
            "6281234567890",
            "+6281234567890",
            " 0812-3456-7890 ",
            "+62 812 3456 7890",
            "(0812) 3456.7890",
        ] {
            assert_eq!(
                normalize_phone(input).as_deref(),
                Ok("+6281234567890"),
                "{input}"
            );
        }
        for input in [
            "0221234567",
            "(022) 1234567",
            "+62 22 1234567",
            "+62221234567",
        ] {
            assert_eq!(
                normalize_phone(input).as_deref(),
                Ok("+62221234567"),
                "{input}"
            );
        }
        for input in [
            "",
            "+",
            "81234567890",
            "+081234567890",
            "+6581234567",
            "0812a4567890",
            "0812/34567890",
            "++6281234567890",
            "0800 1234567",
        ] {
            assert!(normalize_phone(input).is_err(), "{input}");
        }
    }
}
