//! Where the work happens: the six TAM sites (manual §1.2.2.1).
//!
//! Site-bound users carry their site in the JWT `site` claim, events carry the site they
//! concern, and Kubernetes runs one overlay per site.

use crate::code::code_enum;
use crate::program::Program;

code_enum! {
    /// A TAM site (city). The codes are lower-case city names.
    pub enum Site as "site" {
        /// TAM Medan.
        Medan => "medan",
        /// TAM Tangerang.
        Tangerang => "tangerang",
        /// TAM Bandung.
        Bandung => "bandung",
        /// TAM Semarang.
        Semarang => "semarang",
        /// TAM Malang.
        Malang => "malang",
        /// TAM Makassar.
        Makassar => "makassar",
    }
}

impl Site {
    /// The city name as people write it, for reports and UIs.
    pub const fn name(self) -> &'static str {
        match self {
            Site::Medan => "Medan",
            Site::Tangerang => "Tangerang",
            Site::Bandung => "Bandung",
            Site::Semarang => "Semarang",
            Site::Malang => "Malang",
            Site::Makassar => "Makassar",
        }
    }

    /// The site's main building (where TAM Add On Consumer runs).
    ///
    /// One program runs elsewhere: in Semarang, TAM WiFi Service & Add On Digital works
    /// from Gd. Infomedia Sri Ratu; ask [`Program::building_at`] for a program's building.
    pub const fn building(self) -> &'static str {
        match self {
            Site::Medan => "Gedung Cambridge",
            Site::Tangerang => "Graha Telkom BSD",
            Site::Bandung => "Gd. Infomedia Buah Batu",
            Site::Semarang => "Gd. Telkom Pahlawan",
            Site::Malang => "Gd. Plasa Telkom Blimbing",
            Site::Makassar => "Gd. Telkom Makassar",
        }
    }

    /// The programs run at this site, in [`Program::ALL`] order.
    pub fn programs(self) -> Vec<Program> {
        Program::ALL
            .iter()
            .copied()
            .filter(|program| program.runs_at(self))
            .collect()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn six_sites_with_city_codes() {
        assert_eq!(
            Site::CODES,
            &[
                "medan",
                "tangerang",
                "bandung",
                "semarang",
                "malang",
                "makassar"
            ]
        );
        assert_eq!(Site::ALL.len(), 6);
    }

    #[test]
    fn display_from_str_and_serde_agree_for_every_site() {
        for &site in Site::ALL {
            assert_eq!(site.to_string().parse::<Site>().unwrap(), site);
            let json = serde_json::to_string(&site).unwrap();
            assert_eq!(json, format!("\"{}\"", site.as_str()));
            assert_eq!(serde_json::from_str::<Site>(&json).unwrap(), site);
            assert_eq!(site.name().to_lowercase(), site.as_str());
        }
    }

    #[test]
    fn unknown_site_lists_the_valid_ones() {
        let err = "jakarta".parse::<Site>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown site `jakarta`; expected one of: medan, tangerang, bandung, semarang, malang, makassar"
        );
    }

    #[test]
    fn buildings_follow_the_manual() {
        assert_eq!(Site::Medan.building(), "Gedung Cambridge");
        assert_eq!(Site::Tangerang.building(), "Graha Telkom BSD");
        assert_eq!(Site::Bandung.building(), "Gd. Infomedia Buah Batu");
        assert_eq!(Site::Semarang.building(), "Gd. Telkom Pahlawan");
        assert_eq!(Site::Malang.building(), "Gd. Plasa Telkom Blimbing");
        assert_eq!(Site::Makassar.building(), "Gd. Telkom Makassar");
    }

    #[test]
    fn programs_per_site() {
        use Program::*;
        assert_eq!(Site::Medan.programs(), vec![AddOnConsumer]);
        assert_eq!(
            Site::Tangerang.programs(),
            vec![AddOnConsumer, WifiAddonDigital]
        );
        assert_eq!(Site::Bandung.programs(), vec![AddOnConsumer, Ct0Pranpc]);
        assert_eq!(
            Site::Semarang.programs(),
            vec![AddOnConsumer, WifiAddonDigital]
        );
        assert_eq!(Site::Malang.programs(), vec![AddOnConsumer]);
        assert_eq!(Site::Makassar.programs(), vec![AddOnConsumer]);
    }
}
