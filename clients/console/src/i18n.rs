//! Indonesian and English. The catalog is one table (key, Indonesian, English), so a
//! key cannot exist in one language only; the tests check that no text is empty and
//! that every key a template asks for is in the table.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Lang {
    /// Bahasa Indonesia: the default (the agents' language).
    #[default]
    Id,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "id" | "in" => Some(Lang::Id),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language (the header's toggle).
    pub fn other(self) -> Lang {
        match self {
            Lang::Id => Lang::En,
            Lang::En => Lang::Id,
        }
    }

    /// The first supported language of an `Accept-Language` header, by its q order.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut tags: Vec<(f32, &str)> = header
            .split(',')
            .filter_map(|part| {
                let mut it = part.split(';');
                let tag = it.next()?.trim();
                let q = it
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.parse::<f32>().ok())
                    .unwrap_or(1.0);
                Some((q, tag))
            })
            .collect();
        tags.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
        tags.into_iter()
            .find_map(|(_, tag)| Lang::parse(tag.split('-').next().unwrap_or(tag)))
    }
}

/// The text of `key` in `lang`; the key itself when it is missing (the test fails then).
pub fn t(lang: Lang, key: &str) -> &'static str {
    match MESSAGES.iter().find(|(k, _, _)| *k == key) {
        Some((_, id, en)) => match lang {
            Lang::Id => id,
            Lang::En => en,
        },
        None => {
            tracing::warn!(key, "console: no text for this key");
            "?"
        }
    }
}

#[rustfmt::skip]
pub const MESSAGES: &[(&str, &str, &str)] = &[
    // layout
    ("app_name", "Konsol TAM", "TAM Console"),
    ("skip_to_content", "Langsung ke isi", "Skip to content"),
    ("switch_language", "English", "Bahasa Indonesia"),
    ("signed_in_as", "Masuk sebagai", "Signed in as"),
    ("sign_out", "Keluar", "Sign out"),
    ("home", "Beranda", "Home"),
    ("loading", "Memuat…", "Loading…"),
    ("error", "Terjadi kesalahan", "Something went wrong"),
    ("save", "Simpan", "Save"),
    ("none_yet", "Belum ada.", "Nothing yet."),
    // sign-in
    ("sign_in", "Masuk", "Sign in"),
    ("sign_in_title", "Masuk ke Konsol TAM", "Sign in to the TAM Console"),
    ("username", "Nama pengguna", "Username"),
    ("password", "Kata sandi", "Password"),
    ("bad_credentials", "Nama pengguna atau kata sandi salah.", "Wrong username or password."),
    ("session_ended", "Sesi Anda berakhir karena tidak aktif. Silakan masuk lagi.", "Your session ended after inactivity. Please sign in again."),
    ("signed_out", "Anda telah keluar.", "You have signed out."),
    // pages
    ("not_found_title", "Halaman tidak ditemukan", "Page not found"),
    ("not_found_text", "Halaman atau data ini tidak ada, atau bukan milik Anda.", "This page or record does not exist, or is not yours."),
    ("forbidden_title", "Permintaan ditolak", "Request refused"),
    ("forbidden_text", "Formulir ini kedaluwarsa atau tidak sah. Muat ulang halaman dan coba lagi.", "This form has expired or is not valid. Reload the page and try again."),
    ("coming_title", "Segera hadir", "Coming soon"),
    ("coming_text", "Layar untuk peran Anda sedang disiapkan.", "The screen for your role is being prepared."),
    ("role", "Peran", "Role"),
    ("site", "Situs", "Site"),
    // agent desk
    ("agent_desk", "Meja Agen", "Agent desk"),
    ("next_customer", "Pelanggan berikutnya", "Next customer"),
    ("get_next", "Ambil pelanggan berikutnya", "Get the next customer"),
    ("no_customer", "Tidak ada pelanggan yang menunggu.", "No customer is waiting."),
    ("customer", "Pelanggan", "Customer"),
    ("masking_number", "Nomor masking", "Masking number"),
    ("offers", "Penawaran", "Offers"),
    ("negotiation_steps", "Langkah negosiasi", "Negotiation steps"),
    ("start_call", "Mulai panggilan", "Start the call"),
    ("call_in_progress", "Panggilan berlangsung", "Call in progress"),
    ("result", "Hasil", "Result"),
    ("record_result", "Catat hasil", "Record the result"),
    ("outcome", "Hasil panggilan", "Outcome"),
    ("choose", "Pilih…", "Choose…"),
    ("follow_up_at", "Waktu follow up", "Follow-up time"),
    ("product", "Produk / langkah", "Product / step"),
    ("note", "Catatan", "Note"),
    ("follow_ups_due", "FOLLOW UP jatuh tempo", "FOLLOW UPs due"),
    ("returned_sales", "Penjualan dikembalikan", "Returned sales"),
    ("reason", "Alasan", "Reason"),
    ("today_counts", "Hitungan hari ini", "Today's counts"),
    ("month_score", "Skor bulan ini", "This month's score"),
    ("calls", "Panggilan", "Calls"),
    ("due_at", "Jatuh tempo", "Due"),
    ("open", "Buka", "Open"),
    ("result_recorded", "Hasil tercatat.", "Result recorded."),
    // team leader
    ("team_home", "Tim saya", "My team"),
    ("team_progress", "Kemajuan tim", "Team progress"),
    ("calls_open_too_long", "Panggilan terbuka terlalu lama", "Calls open too long"),
    ("close_call", "Tutup", "Close"),
    ("agents_day", "Hari setiap agen", "Each agent's day"),
    ("agent", "Agen", "Agent"),
    ("started_at", "Mulai", "Started"),
    // supervisor ops
    ("ops_home", "Operasional situs", "Site operations"),
    ("work_orders", "Work order", "Work orders"),
    ("dapros_upload", "Unggah DAPROS", "DAPROS upload"),
    ("file", "Berkas", "File"),
    ("upload", "Unggah", "Upload"),
    ("import_status", "Status impor", "Import status"),
    ("import_report", "Laporan impor", "Import report"),
    ("do_not_call", "Daftar jangan dihubungi", "Do-not-call list"),
    ("add", "Tambah", "Add"),
    ("phone", "Nomor telepon", "Phone number"),
    ("progress", "Kemajuan", "Progress"),
    ("work_order", "Work order", "Work order"),
    ("rows", "Baris", "Rows"),
    ("accepted", "Diterima", "Accepted"),
    ("rejected", "Ditolak", "Rejected"),
    // qc officer
    ("qc_home", "Tapping QC", "QC tapping"),
    ("tapping_queue", "Antrean tapping", "Tapping queue"),
    ("recording", "Rekaman", "Recording"),
    ("parameters", "Parameter penilaian", "Assessment parameters"),
    ("critical", "Kritis", "Critical"),
    ("verdict", "Putusan", "Verdict"),
    ("valid", "VALID", "VALID"),
    ("return", "RETURN", "RETURN"),
    ("submit_verdict", "Kirim putusan", "Submit the verdict"),
    ("assess", "Nilai", "Assess"),
    ("passed", "Lulus", "Passed"),
];

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_every_key_and_keys_are_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for (key, id, en) in MESSAGES {
            assert!(seen.insert(*key), "{key} twice");
            assert!(!id.trim().is_empty(), "{key} has no Indonesian text");
            assert!(!en.trim().is_empty(), "{key} has no English text");
        }
    }

    /// Every `t("...")` a template or handler asks for is in the catalog.
    #[test]
    fn every_key_the_templates_use_exists() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in ["templates", "templates/homes", "src", "src/homes"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                if path.is_file() {
                    files.push(path);
                }
            }
        }
        let mut missing = Vec::new();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            // A call of the catalog (`layout.t(` or ` t(` then a quote), not `get(`.
            let pieces: Vec<&str> = text.split("t(\"").collect();
            for (before, piece) in pieces.iter().zip(pieces.iter().skip(1)) {
                let called = before
                    .chars()
                    .last()
                    .is_some_and(|c| !c.is_alphanumeric() && c != '_');
                let Some(key) = piece.split('"').next() else {
                    continue;
                };
                if called
                    && key.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                    && !MESSAGES.iter().any(|(k, _, _)| *k == key)
                {
                    missing.push(format!("{}: {key}", file.display()));
                }
            }
        }
        assert!(missing.is_empty(), "keys without text: {missing:?}");
    }

    #[test]
    fn the_language_comes_from_accept_language_by_preference() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9"), Some(Lang::En));
        assert_eq!(
            Lang::from_accept_language("fr;q=1, id;q=0.5, en;q=0.4"),
            Some(Lang::Id)
        );
        assert_eq!(Lang::from_accept_language("fr, de"), None);
        assert_eq!(t(Lang::En, "sign_in"), "Sign in");
        assert_eq!(t(Lang::Id, "sign_in"), "Masuk");
    }
}
