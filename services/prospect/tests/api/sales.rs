//! What prospect announces of its sales: `prospect.sale.won` (with the customer) when a
//! VALID verdict makes a prospect won, `prospect.sale.reverted` when a correction to
//! RETURN takes a won prospect back, in the verdict's transaction; nothing for a verdict
//! that leaves the prospect as it was.

use serde_json::{json, Value};
use tam_kernel::Site;
use uuid::Uuid;

use crate::helpers::Prospect;
use crate::next::{active_work_order, call, hire, import, next, prospect_id};

async fn announced(p: &Prospect, event_type: &str) -> Vec<Value> {
    p.published()
        .await
        .into_iter()
        .filter(|(t, _)| t == event_type)
        .map(|(_, e)| e["payload"].clone())
        .collect()
}

#[tokio::test]
async fn a_won_sale_is_announced_with_its_customer_once_and_its_correction_as_reverted() {
    let p = Prospect::start().await;
    let wo = active_work_order(&p, Site::Medan, "WO-SALES", 3).await;
    import(&p, wo, 11, 1).await;
    let team = Uuid::now_v7();
    let a = hire(&p, Site::Medan, "add_on_consumer", Some(team)).await;
    let id = prospect_id(&next(&p, &a).await);
    let call_id = call(&p, &a, id, "agree", None).await;
    let task = Uuid::now_v7();
    let validated_at = p.app.clock().now();
    let verdict = |revision: u32, verdict: &str| {
        json!({"task_id": task, "call_id": call_id, "prospect_id": id,
               "work_order_id": wo, "agent_id": a.id, "team_id": team, "site": "medan",
               "program": "add_on_consumer", "verdict": verdict, "score": 90,
               "reason": if verdict == "returned" { json!("harga tidak dikonfirmasi") } else { json!(null) },
               "recommendation": null, "validated_at": validated_at, "revision": revision})
    };
    let mut sent = Vec::new();
    for (revision, v) in [(1, "valid"), (2, "valid"), (3, "returned"), (3, "returned")] {
        let envelope = p
            .app
            .emit(
                "quality.call.validated",
                "quality",
                Some(Site::Medan),
                verdict(revision, v),
            )
            .await
            .unwrap();
        // One at a time: the order of the corrections is the test's.
        p.app.handled("prospect", &[envelope.id]).await.unwrap();
        sent.push(envelope.id);
    }

    // Revision 1 won it: announced once, with the customer; revision 2 (VALID again)
    // changed nothing and announced nothing.
    let won = announced(&p, "prospect.sale.won").await;
    assert_eq!(won.len(), 1, "{won:?}");
    assert_eq!(
        won[0],
        json!({
            "prospect_id": id, "work_order_id": wo, "wo_code": "WO-SALES",
            "call_id": call_id, "task_id": task, "revision": 1,
            "agent_id": a.id, "team_id": team, "site": "medan", "program": "add_on_consumer",
            "channel": "obc", "indihome_number": "10001100000",
            "customer_name": "Pelanggan 0", "contact_number": "+6281201100000",
            "product_code": "MINIPACK", "negotiation_step": null,
            "won_at": won[0]["won_at"],
        })
    );
    let won_at: chrono::DateTime<chrono::Utc> = won[0]["won_at"].as_str().unwrap().parse().unwrap();
    assert_eq!(won_at, validated_at);

    // Revision 3 (RETURN) took it back: announced once with the reason (the second
    // revision 3 is not newer).
    let reverted = announced(&p, "prospect.sale.reverted").await;
    assert_eq!(reverted.len(), 1, "{reverted:?}");
    assert_eq!(reverted[0]["revision"], 3);
    assert_eq!(reverted[0]["call_id"], json!(call_id));
    assert_eq!(reverted[0]["indihome_number"], "10001100000");
    assert_eq!(reverted[0]["reason"], "harga tidak dikonfirmasi");
    p.stop().await;
}
