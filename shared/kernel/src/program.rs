//! What is called: the three OBC programs, their activity, caller id and sites
//! (manual §1.2.1 and §1.2.2).
//!
//! The reference data is one const table, [`PROGRAMS`], so that a change in the client's
//! contract is a one-line change here and every service agrees on it.

use crate::code::code_enum;
use crate::site::Site;

code_enum! {
    /// An outbound-call program of the contract.
    pub enum Program as "program" {
        /// TAM Add On Consumer: sells add-ons to existing IndiHome customers.
        AddOnConsumer => "add_on_consumer",
        /// TAM WiFi Service & Add On Digital: sells WiFi Seamless and digital add-ons.
        WifiAddonDigital => "wifi_addon_digital",
        /// TAM CT0 PraNPC: retention calls with the client's negotiation steps.
        Ct0Pranpc => "ct0_pranpc",
    }
}

code_enum! {
    /// A program's main activity: whether an AGREE is a sale or a customer kept.
    pub enum Activity as "activity" {
        /// Teleselling: an AGREE is a sale.
        Sales => "sales",
        /// Customer retention / winback: an AGREE is a customer who stays or comes back.
        Retention => "retention",
    }
}

/// One row of the program reference table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProgramInfo {
    /// The program this row describes.
    pub program: Program,
    /// The program's name in the manual.
    pub name: &'static str,
    /// Its main activity.
    pub activity: Activity,
    /// The caller id (masking number) customers see.
    pub masking_number: &'static str,
    /// The sites that run it, in [`Site::ALL`] order.
    pub sites: &'static [Site],
    /// Sites where it runs in another building than [`Site::building`].
    pub other_buildings: &'static [(Site, &'static str)],
}

/// The programs of the contract, in [`Program::ALL`] order (manual §1.2.1, §1.2.2).
pub const PROGRAMS: [ProgramInfo; 3] = [
    ProgramInfo {
        program: Program::AddOnConsumer,
        name: "TAM Add On Consumer",
        activity: Activity::Sales,
        masking_number: "1500755",
        sites: &[
            Site::Medan,
            Site::Tangerang,
            Site::Bandung,
            Site::Semarang,
            Site::Malang,
            Site::Makassar,
        ],
        other_buildings: &[],
    },
    ProgramInfo {
        program: Program::WifiAddonDigital,
        name: "TAM WiFi Service & Add On Digital",
        activity: Activity::Sales,
        masking_number: "1500750",
        sites: &[Site::Tangerang, Site::Semarang],
        other_buildings: &[(Site::Semarang, "Gd. Infomedia Sri Ratu")],
    },
    ProgramInfo {
        program: Program::Ct0Pranpc,
        name: "TAM CT0 PraNPC",
        activity: Activity::Retention,
        masking_number: "1500755",
        sites: &[Site::Bandung],
        other_buildings: &[],
    },
];

impl Program {
    /// The program's row of [`PROGRAMS`].
    pub const fn info(self) -> &'static ProgramInfo {
        match self {
            Program::AddOnConsumer => &PROGRAMS[0],
            Program::WifiAddonDigital => &PROGRAMS[1],
            Program::Ct0Pranpc => &PROGRAMS[2],
        }
    }

    /// The manual's name of the program.
    pub const fn name(self) -> &'static str {
        self.info().name
    }

    /// The caller id shown to customers.
    pub const fn masking_number(self) -> &'static str {
        self.info().masking_number
    }

    /// Sales or retention.
    pub const fn activity(self) -> Activity {
        self.info().activity
    }

    /// The sites that run the program.
    pub const fn sites(self) -> &'static [Site] {
        self.info().sites
    }

    /// Whether `site` runs the program; prospects of a program go only to its sites.
    pub fn runs_at(self, site: Site) -> bool {
        self.sites().contains(&site)
    }

    /// The building the program is run from at `site`, or `None` if it does not run there.
    pub fn building_at(self, site: Site) -> Option<&'static str> {
        if !self.runs_at(site) {
            return None;
        }
        let other = self
            .info()
            .other_buildings
            .iter()
            .find(|(s, _)| *s == site)
            .map(|(_, building)| *building);
        Some(other.unwrap_or(site.building()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn table_is_in_program_order() {
        assert_eq!(PROGRAMS.len(), Program::ALL.len());
        for (row, &program) in PROGRAMS.iter().zip(Program::ALL) {
            assert_eq!(row.program, program);
            assert_eq!(program.info().program, program);
        }
    }

    #[test]
    fn codes_round_trip() {
        assert_eq!(
            Program::CODES,
            &["add_on_consumer", "wifi_addon_digital", "ct0_pranpc"]
        );
        for &program in Program::ALL {
            assert_eq!(program.to_string().parse::<Program>().unwrap(), program);
            let json = serde_json::to_string(&program).unwrap();
            assert_eq!(serde_json::from_str::<Program>(&json).unwrap(), program);
        }
        assert_eq!(Activity::CODES, &["sales", "retention"]);
        assert!("winback".parse::<Activity>().is_err());
    }

    #[test]
    fn masking_numbers() {
        assert_eq!(Program::AddOnConsumer.masking_number(), "1500755");
        assert_eq!(Program::WifiAddonDigital.masking_number(), "1500750");
        assert_eq!(Program::Ct0Pranpc.masking_number(), "1500755");
    }

    #[test]
    fn activities() {
        assert_eq!(Program::AddOnConsumer.activity(), Activity::Sales);
        assert_eq!(Program::WifiAddonDigital.activity(), Activity::Sales);
        assert_eq!(Program::Ct0Pranpc.activity(), Activity::Retention);
    }

    #[test]
    fn manual_names() {
        assert_eq!(Program::AddOnConsumer.name(), "TAM Add On Consumer");
        assert_eq!(
            Program::WifiAddonDigital.name(),
            "TAM WiFi Service & Add On Digital"
        );
        assert_eq!(Program::Ct0Pranpc.name(), "TAM CT0 PraNPC");
    }

    #[test]
    fn sites_served() {
        assert_eq!(Program::AddOnConsumer.sites(), Site::ALL);
        assert_eq!(
            Program::WifiAddonDigital.sites(),
            &[Site::Tangerang, Site::Semarang]
        );
        assert_eq!(Program::Ct0Pranpc.sites(), &[Site::Bandung]);
        assert!(Program::Ct0Pranpc.runs_at(Site::Bandung));
        assert!(!Program::Ct0Pranpc.runs_at(Site::Medan));
        assert!(!Program::WifiAddonDigital.runs_at(Site::Makassar));
        for &site in Site::ALL {
            assert!(Program::AddOnConsumer.runs_at(site));
        }
    }

    #[test]
    fn every_program_site_is_listed_in_site_order_without_duplicates() {
        for row in &PROGRAMS {
            let positions: Vec<usize> = row
                .sites
                .iter()
                .map(|s| Site::ALL.iter().position(|x| x == s).unwrap())
                .collect();
            assert!(
                positions.windows(2).all(|w| w[0] < w[1]),
                "{:?}",
                row.program
            );
            for (site, _) in row.other_buildings {
                assert!(row.sites.contains(site));
            }
        }
    }

    #[test]
    fn buildings_per_program() {
        assert_eq!(
            Program::WifiAddonDigital.building_at(Site::Semarang),
            Some("Gd. Infomedia Sri Ratu")
        );
        assert_eq!(
            Program::AddOnConsumer.building_at(Site::Semarang),
            Some("Gd. Telkom Pahlawan")
        );
        assert_eq!(
            Program::WifiAddonDigital.building_at(Site::Tangerang),
            Some("Graha Telkom BSD")
        );
        assert_eq!(
            Program::Ct0Pranpc.building_at(Site::Bandung),
            Some("Gd. Infomedia Buah Batu")
        );
        assert_eq!(Program::Ct0Pranpc.building_at(Site::Malang), None);
    }
}
