//! What quality's unique constraints mean; every failure it answers is one of the
//! common ones, mapped by `tam_runtime::ServiceError`.

use tam_kernel::Problem;
use tam_runtime::OwnError;

use crate::error::Own;

impl OwnError for Own {
    fn problem(self) -> Problem {
        match self {}
    }

    fn conflict_detail(constraint: &str) -> Option<&'static str> {
        Some(match constraint {
            "parameter_versions_program_version_key" => {
                "the parameters were changed at the same moment by someone else; read them and retry"
            }
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_concurrent_parameter_change_is_named_in_words() {
        assert!(
            Own::conflict_detail("parameter_versions_program_version_key")
                .is_some_and(|detail| detail.contains("at the same moment"))
        );
        assert_eq!(Own::conflict_detail("some_other_key"), None);
    }
}
