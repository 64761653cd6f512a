//! Do-not-call numbers: Indonesian mobile numbers in E.164 (`+628…`).
//!
//! Only what the DNC list needs: a mobile number written `08…`, `628…` or `+628…`, with
//! optional spaces, dashes, dots or parentheses between the digits. The DAPROS importer
//! has its own, fuller normaliser (PSTN forms too); the two are to be unified.

/// The shortest and longest national significant number of an Indonesian mobile
/// (`8` followed by 8 to 11 digits).
const MOBILE_NSN_LEN: std::ops::RangeInclusive<usize> = 9..=12;

/// Why a number is not accepted.
pub const INVALID_MOBILE: &str =
    "must be an Indonesian mobile number: 08…, 628… or +628…, 10 to 13 digits in all";

/// The E.164 form (`+628…`) of an Indonesian mobile number, or why it is not one.
pub fn normalize_mobile(input: &str) -> Result<String, String> {
    let trimmed = input.trim();
    let (plus, rest) = match trimmed.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, trimmed),
    };
    let mut digits = String::with_capacity(rest.len());
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '(' | ')' => {}
            _ => return Err(INVALID_MOBILE.to_owned()),
        }
    }
    let nsn = if plus {
        digits.strip_prefix("62")
    } else if let Some(national) = digits.strip_prefix('0') {
        Some(national)
    } else {
        digits.strip_prefix("62")
    };
    match nsn {
        Some(nsn) if nsn.starts_with('8') && MOBILE_NSN_LEN.contains(&nsn.len()) => {
            Ok(format!("+62{nsn}"))
        }
        _ => Err(INVALID_MOBILE.to_owned()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn the_three_mobile_forms_normalise_alike() {
        for input in [
            "081234567890",
            "6281234567890",
            "+6281234567890",
            " 0812-3456-7890 ",
            "+62 812 3456 7890",
            "(0812) 3456.7890",
        ] {
            assert_eq!(
                normalize_mobile(input).as_deref(),
                Ok("+6281234567890"),
                "{input}"
            );
        }
    }

    #[test]
    fn lengths_at_the_edges() {
        assert_eq!(
            normalize_mobile("0812345678").as_deref(),
            Ok("+62812345678")
        );
        assert_eq!(
            normalize_mobile("0812345678901").as_deref(),
            Ok("+62812345678901")
        );
        assert!(normalize_mobile("081234567").is_err());
        assert!(normalize_mobile("08123456789012").is_err());
    }

    #[test]
    fn everything_else_is_rejected() {
        for input in [
            "",
            "+",
            "0221234567",    // Bandung PSTN
            "+622112345678", // PSTN with country code
            "81234567890",   // no prefix
            "+081234567890", // plus with a trunk zero
            "+6581234567",   // another country
            "0812a4567890",
            "0812/34567890",
            "++6281234567890",
        ] {
            assert!(normalize_mobile(input).is_err(), "{input}");
        }
    }
}
