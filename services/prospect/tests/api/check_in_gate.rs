//! hr's attendance gate in prospect: at a site whose policy (from
//! `hr.site.attendance_policy_changed`) requires a check-in before calling, `next`
//! refuses an agent without a check-in on the clock's WIB day (422 `not-checked-in`),
//! kept from `hr.attendance.*` events in any order; a site without the policy is open.

use chrono::{Duration, NaiveTime};
use serde_json::json;
use tam_kernel::Site;
use tam_testkit::{wait_until, WAIT};
use uuid::Uuid;

use crate::helpers::Prospect;
use crate::next::{active_work_order, hire, import, next};

fn nine_on(p: &Prospect, day: chrono::NaiveDate) {
    p.app.clock().set(tam_kernel::wib_to_utc(
        day,
        NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
    ));
}

async fn policy(p: &Prospect, site: &str, required: bool) {
    p.app
        .emit(
            "hr.site.attendance_policy_changed",
            "hr",
            None,
            json!({"site": site, "check_in_required": required, "set_by": Uuid::now_v7(),
                   "set_by_role": "supervisor_ops", "set_at": p.app.clock().now()}),
        )
        .await
        .unwrap();
    let kept = format!(
        "SELECT count(*) AS n FROM attendance_policies WHERE site = '{site}' \
         AND check_in_required = {required}"
    );
    wait_until("the policy reaches prospect", WAIT, || async {
        (p.count(&kept).await == 1).then_some(())
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn next_needs_todays_check_in_where_the_site_requires_it() {
    let p = Prospect::start().await;
    let today = tam_kernel::wib_date(p.app.clock().now());
    nine_on(&p, today);
    let wo = active_work_order(&p, Site::Medan, "WO-ABSEN-1", 3).await;
    import(&p, wo, 91, 3).await;
    let agent = hire(&p, Site::Medan, "add_on_consumer", None).await;

    // Default: no policy, no check-in needed.
    assert_eq!(next(&p, &agent).await.status, 200);

    policy(&p, "medan", true).await;
    // The held customer aside, the gate comes first: refused, naming the rule.
    let refused = next(&p, &agent).await;
    assert_eq!(refused.status, 422, "{:?}", refused.body);
    assert_eq!(refused.slug(), "not-checked-in");

    // Yesterday's check-in does not count; today's does.
    let checked_in = |day: chrono::NaiveDate| {
        json!({"employee_id": agent.id, "site": "medan", "day": day,
               "checked_in_at": tam_kernel::wib_to_utc(day, NaiveTime::from_hms_opt(8, 0, 0).unwrap()),
               "shift_code": "PAGI", "late_minutes": 0, "late": false})
    };
    p.app
        .emit(
            "hr.attendance.checked_in",
            "hr",
            None,
            checked_in(today - Duration::days(1)),
        )
        .await
        .unwrap();
    let yesterday = format!(
        "SELECT count(*) AS n FROM check_ins WHERE employee_id = '{}'",
        agent.id
    );
    wait_until("yesterday's check-in reaches prospect", WAIT, || async {
        (p.count(&yesterday).await == 1).then_some(())
    })
    .await
    .unwrap();
    assert_eq!(next(&p, &agent).await.slug(), "not-checked-in");

    p.app
        .emit("hr.attendance.checked_in", "hr", None, checked_in(today))
        .await
        .unwrap();
    wait_until("today's check-in reaches prospect", WAIT, || async {
        (p.count(&yesterday).await == 2).then_some(())
    })
    .await
    .unwrap();
    assert_eq!(next(&p, &agent).await.status, 200);

    // A correction of the day to absent closes the gate again.
    p.app
        .emit(
            "hr.attendance.corrected",
            "hr",
            None,
            json!({"correction_id": Uuid::now_v7(), "employee_id": agent.id, "site": "medan",
                   "day": today, "check_in_at": null, "check_out_at": null, "late": false,
                   "early_leave": false, "reason": "was not in the building",
                   "corrected_by": Uuid::now_v7(), "corrected_by_role": "team_leader",
                   "corrected_at": p.app.clock().now()}),
        )
        .await
        .unwrap();
    let absent = format!(
        "SELECT count(*) AS n FROM check_ins WHERE employee_id = '{}' AND day = '{today}' \
         AND NOT checked_in",
        agent.id
    );
    wait_until("the correction reaches prospect", WAIT, || async {
        (p.count(&absent).await == 1).then_some(())
    })
    .await
    .unwrap();
    assert_eq!(next(&p, &agent).await.slug(), "not-checked-in");

    // The site turns the policy off: open again.
    policy(&p, "medan", false).await;
    assert_eq!(next(&p, &agent).await.status, 200);
    p.stop().await;
}
