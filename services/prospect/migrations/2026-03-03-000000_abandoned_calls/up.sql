-- What a prospect was before its call started (new, retry, follow_up or returned), so
-- that a call closed without a result (calling.call.abandoned) puts it back as it was.
-- Nullable without a default: adding it rewrites nothing, however many prospects.
ALTER TABLE prospects ADD COLUMN status_before_call text
    CONSTRAINT prospects_status_before_call_code
    CHECK (status_before_call IN ('new', 'retry', 'follow_up', 'returned'));
