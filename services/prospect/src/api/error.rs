//! What prospect's unique constraints mean; every failure it answers is one of the
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
            "work_orders_site_wo_code_key" => {
                "a work order with this wo_code already exists at the site"
            }
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_duplicate_wo_code_is_named_in_words() {
        assert_eq!(
            Own::conflict_detail("work_orders_site_wo_code_key"),
            Some("a work order with this wo_code already exists at the site")
        );
        assert_eq!(Own::conflict_detail("some_other_key"), None);
    }
}
