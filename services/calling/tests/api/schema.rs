//! calling's migrations go up, down and up again.

use tam_db::testing::{check_reversible, TestDatabase};

#[tokio::test]
async fn the_calling_schema_migrates_up_down_and_up_again() {
    let db = TestDatabase::create(&[]).await.unwrap();
    check_reversible(db.url(), tam_calling::MIGRATIONS)
        .await
        .unwrap();
}
