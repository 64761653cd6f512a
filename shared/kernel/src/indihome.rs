//! The IndiHome service number: the customer's identifier in the client's systems, the
//! key of a DAPROS row (prospect) and of an activation ticket (helpdesk).

/// Plausible IndiHome number lengths. IndiHome service numbers are typically 12 digits
/// (`1221xxxxxxxx`, `1311xxxxxxxx`: a regional prefix and a sequence); older and
/// regional series are a little shorter or longer, so 10 to 13 digits are accepted and
/// anything else is certainly a typo or another kind of number.
const INDIHOME_LEN: std::ops::RangeInclusive<usize> = 10..=13;

/// The IndiHome service number, trimmed, or why it is not one. Digits only: separators
/// inside are refused rather than stripped, because the number is an identifier copied
/// from the client's systems and a space or dash in it means the cell was edited by hand.
pub fn validate_indihome_number(raw: &str) -> Result<String, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Err("is required".to_owned());
    }
    if value.contains(['E', 'e']) && value.contains(['+', '.']) {
        return Err(format!(
            "{value:?} looks like a spreadsheet's scientific notation: format the column as text and export again"
        ));
    }
    if !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "{value:?} must be digits only (no spaces, dashes or letters)"
        ));
    }
    if !INDIHOME_LEN.contains(&value.len()) {
        return Err(format!(
            "{value:?} has {} digits; an IndiHome number has 10 to 13 (usually 12, e.g. 122101234567)",
            value.len()
        ));
    }
    Ok(value.to_owned())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn indihome_numbers() {
        assert_eq!(
            validate_indihome_number(" 122101234567 ").unwrap(),
            "122101234567"
        );
        assert_eq!(
            validate_indihome_number("1311012345").unwrap(),
            "1311012345"
        );
        assert_eq!(
            validate_indihome_number("1311012345678").unwrap(),
            "1311012345678"
        );
        assert_eq!(validate_indihome_number("").unwrap_err(), "is required");
        assert!(validate_indihome_number("1221 0123 4567")
            .unwrap_err()
            .contains("digits only"));
        assert!(validate_indihome_number("1221-01234567")
            .unwrap_err()
            .contains("digits only"));
        assert!(validate_indihome_number("12210123456x")
            .unwrap_err()
            .contains("digits only"));
        assert!(validate_indihome_number("1.22101E+11")
            .unwrap_err()
            .contains("scientific"));
        assert!(validate_indihome_number("122101234")
            .unwrap_err()
            .contains("has 9 digits"));
        assert!(validate_indihome_number("12210123456789")
            .unwrap_err()
            .contains("has 14 digits"));
    }
}
