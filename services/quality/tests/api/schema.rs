//! quality's migrations go up, down and up again (the seeded parameters included).

use tam_db::testing::{check_reversible, TestDatabase};

#[tokio::test]
async fn the_quality_schema_migrates_up_down_and_up_again() {
    let db = TestDatabase::create(&[]).await.unwrap();
    check_reversible(db.url(), tam_quality::MIGRATIONS)
        .await
        .unwrap();
}
