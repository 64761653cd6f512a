//! The offers a claim carries (the work order's, copied into prospect's claim event):
//! what an AGREE may name.

use serde::Deserialize;
use serde_json::Value;
use tam_kernel::Activity;

/// What an AGREE on this claim may name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Offers {
    /// Sales programs: the product codes offered.
    Products(Vec<String>),
    /// Retention (`ct0_pranpc`): the negotiation steps the client allows, in order.
    Steps(Vec<u32>),
}

#[derive(Deserialize)]
struct Product {
    product_code: String,
}

#[derive(Deserialize)]
struct Step {
    step: u32,
}

impl Offers {
    /// Reads the offers JSON for a program of `activity`: sales
    /// `[{product_code, product_name}]`, retention `[{step, description}]`. Extra members
    /// are ignored (prospect owns their shape).
    pub fn parse(activity: Activity, value: &Value) -> Result<Self, String> {
        match activity {
            Activity::Sales => serde_json::from_value::<Vec<Product>>(value.clone())
                .map(|items| Offers::Products(items.into_iter().map(|p| p.product_code).collect()))
                .map_err(|e| format!("sales offers must be [{{product_code, ...}}]: {e}")),
            Activity::Retention => serde_json::from_value::<Vec<Step>>(value.clone())
                .map(|items| Offers::Steps(items.into_iter().map(|s| s.step).collect()))
                .map_err(|e| format!("retention offers must be [{{step, ...}}]: {e}")),
        }
    }

    /// The offered codes or steps, for a message.
    pub fn describe(&self) -> String {
        match self {
            Offers::Products(codes) => codes.join(", "),
            Offers::Steps(steps) => steps
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sales_offers_are_product_codes() {
        let offers = Offers::parse(
            Activity::Sales,
            &json!([{"product_code": "MINIPACK", "product_name": "Minipack"}, {"product_code": "STB2"}]),
        )
        .unwrap();
        assert_eq!(
            offers,
            Offers::Products(vec!["MINIPACK".into(), "STB2".into()])
        );
        assert_eq!(offers.describe(), "MINIPACK, STB2");
    }

    #[test]
    fn retention_offers_are_steps() {
        let offers = Offers::parse(
            Activity::Retention,
            &json!([{"step": 1, "description": "a"}, {"step": 2, "description": "b"}]),
        )
        .unwrap();
        assert_eq!(offers, Offers::Steps(vec![1, 2]));
    }

    #[test]
    fn the_wrong_shape_is_refused() {
        assert!(Offers::parse(Activity::Retention, &json!([{"product_code": "X"}])).is_err());
        assert!(Offers::parse(Activity::Sales, &json!([{"step": 1}])).is_err());
        assert!(Offers::parse(Activity::Sales, &json!({})).is_err());
    }
}
