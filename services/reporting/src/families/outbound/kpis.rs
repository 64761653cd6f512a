//! The outbound KPIs and their written definitions (served by the API, mirrored in
//! docs/kpis.md), in the order of the report's columns.

use crate::kpi::{KpiDef, Unit};

const fn def(
    key: &'static str,
    name: &'static str,
    unit: Unit,
    definition: &'static str,
) -> KpiDef {
    KpiDef {
        key,
        family: "outbound",
        name,
        unit,
        definition,
        target: None,
    }
}

pub const KPIS: &[KpiDef] = &[
    def(
        "calls",
        "Calls",
        Unit::Count,
        "Completed calls (attempts): calls whose result the agent recorded, whatever the result, on the WIB day the result was recorded. A call closed without a result (abandoned) is not an attempt and is counted in abandoned calls instead.",
    ),
    def(
        "contacts",
        "Contacts",
        Unit::Count,
        "Calls that reached the customer: AGREE + DECLINE + FOLLOW UP, the manual's three results of a call in which the customer heard the offer.",
    ),
    def(
        "contact_rate",
        "Contact rate",
        Unit::Ratio,
        "Contacts ÷ calls: the share of completed calls that reached the customer.",
    ),
    def(
        "right_number_rate",
        "Right-number rate",
        Unit::Ratio,
        "Contacts ÷ (contacts + wrong numbers): of the completed calls where someone answered and the result tells whether the number leads to the customer, the share that reached the customer. Unreached calls (no answer, busy, unreachable, rejected) say nothing about the number and are left out of both sides; a rejected call is left out too because the person hung up before anyone could tell who they were.",
    ),
    def(
        "conversion",
        "Conversion",
        Unit::Ratio,
        "AGREE ÷ contacts: the share of calls that reached the customer and ended in an AGREE (before quality's verdict: a sale won after validation is in the activation report).",
    ),
    def(
        "agree",
        "AGREE",
        Unit::Count,
        "Completed calls with the result AGREE, on the day the result was recorded.",
    ),
    def(
        "decline",
        "DECLINE",
        Unit::Count,
        "Completed calls with the result DECLINE, on the day the result was recorded.",
    ),
    def(
        "follow_up",
        "FOLLOW UP",
        Unit::Count,
        "Completed calls with the result FOLLOW UP (the customer asked to be called again), on the day the result was recorded.",
    ),
    def(
        "unreached",
        "Unreached",
        Unit::Count,
        "Completed calls that did not reach the customer: no answer + busy + unreachable + rejected (someone picked up and hung up before the offer). Wrong numbers are counted apart.",
    ),
    def(
        "wrong_number",
        "Wrong number",
        Unit::Count,
        "Completed calls where the person who answered is not the prospect's customer.",
    ),
    def(
        "avg_call_duration",
        "Average call duration",
        Unit::Seconds,
        "Talk seconds ÷ calls: the mean length of a completed call, from its start to its recorded result, in seconds. Abandoned calls are left out.",
    ),
    def(
        "follow_up_due",
        "FOLLOW UPs due",
        Unit::Count,
        "FOLLOW UP promises whose promised call-back time falls in the period, counted for the agent who made the promise on the WIB day of the promised time (not the day of the FOLLOW UP call: a promise is a duty for the day it falls due, and adherence is only measurable on that day).",
    ),
    def(
        "follow_up_kept",
        "FOLLOW UPs kept",
        Unit::Count,
        "FOLLOW UPs due (same day and agent as follow_up_due) for which a later call on the same prospect was started within 15 minutes of the promised time, either side. Any call started counts, even one later abandoned: the agent called back on time.",
    ),
    def(
        "follow_up_adherence",
        "FOLLOW UP adherence",
        Unit::Ratio,
        "FOLLOW UPs kept ÷ FOLLOW UPs due: the share of promised call-backs made within 15 minutes of the promised time.",
    ),
    def(
        "follow_up_yield",
        "FOLLOW UP yield",
        Unit::Ratio,
        "AGREEs among the calls that answered a FOLLOW UP ÷ those calls. The call that answers a FOLLOW UP is the next completed call on the same prospect after it (on time or not); it counts on its own day, for the agent who made it.",
    ),
    def(
        "prospects_loaded",
        "Prospects loaded",
        Unit::Count,
        "Prospects loaded into work orders: the accepted rows of their DAPROS imports, on the WIB day of the import. Loading belongs to a work order, not to an agent or team: empty when grouped by agent or team, or filtered or scoped to one.",
    ),
    def(
        "prospects_attempted",
        "Prospects attempted",
        Unit::Count,
        "Prospects called for the first time: counted once per prospect, on the day and for the agent of its first completed call.",
    ),
    def(
        "prospects_final",
        "Prospects settled",
        Unit::Count,
        "Prospects settled, counted once on the day and for the agent of the call that settled them: a final result (AGREE, DECLINE, wrong number), or an unreached result on the attempt that reached the work order's maximum attempts (the prospect is exhausted). A FOLLOW UP never settles. A prospect withdrawn (do-not-call, work order closed) is not counted.",
    ),
    def(
        "list_penetration",
        "List penetration",
        Unit::Ratio,
        "Prospects attempted ÷ prospects loaded in the period, per work order (or site, program, total). Read it over a period that includes the list's import; empty when grouped, filtered or scoped by agent or team.",
    ),
    def(
        "list_exhaustion",
        "List exhaustion",
        Unit::Ratio,
        "Prospects settled ÷ prospects loaded in the period, per work order (or site, program, total). Read it over a period that includes the list's import; empty when grouped, filtered or scoped by agent or team.",
    ),
    def(
        "attempts_per_prospect",
        "Attempts per prospect",
        Unit::Number,
        "Calls ÷ prospects attempted in the period: how many completed calls were made for each prospect called for the first time.",
    ),
    def(
        "abandoned_calls",
        "Abandoned calls",
        Unit::Count,
        "Calls left open without a result and closed by a team leader or supervisor, on the WIB day they were closed. Not attempts: the prospect is called again.",
    ),
];

/// The index of `key` in [`KPIS`] (the report's column order).
pub fn column(key: &str) -> Option<usize> {
    KPIS.iter().position(|k| k.key == key)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_spec_keys_in_order() {
        let keys: Vec<_> = super::KPIS.iter().map(|k| k.key).collect();
        assert_eq!(
            keys,
            [
                "calls",
                "contacts",
                "contact_rate",
                "right_number_rate",
                "conversion",
                "agree",
                "decline",
                "follow_up",
                "unreached",
                "wrong_number",
                "avg_call_duration",
                "follow_up_due",
                "follow_up_kept",
                "follow_up_adherence",
                "follow_up_yield",
                "prospects_loaded",
                "prospects_attempted",
                "prospects_final",
                "list_penetration",
                "list_exhaustion",
                "attempts_per_prospect",
                "abandoned_calls",
            ]
        );
    }
}
