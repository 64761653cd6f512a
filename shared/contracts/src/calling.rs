//! What calling publishes: calls started, completed with a result or abandoned, and
//! their recordings.

use chrono::{DateTime, Utc};
use tam_kernel::{Outcome, Program, Site};
use uuid::Uuid;

use crate::macros::{event, payload};

payload! {
    /// What every call event says of its call: which call, on which claim, of which
    /// prospect and work order, whose, where. Flattened into each payload.
    pub struct CallRef {
        /// The call.
        pub call_id: Uuid,
        /// The claim it was started on.
        pub claim_id: Uuid,
        /// The prospect called.
        pub prospect_id: Uuid,
        /// The prospect's work order.
        pub work_order_id: Uuid,
        /// The agent who called.
        pub agent_id: Uuid,
        /// The agent's team, if they have one.
        pub team_id: Option<Uuid>,
        /// The work order's site.
        pub site: Site,
        /// The work order's program.
        pub program: Program,
    }
}

event! {
    /// An agent started a call on a prospect they claimed (prospect pins the lease).
    #[event(
        type = "calling.call.started",
        version = 1,
        producer = "calling",
        consumers = ["prospect", "reporting"],
    )]
    pub struct CallStarted {
        /// The call.
        @flatten
        pub call: CallRef,
        /// The number the customer sees.
        pub masking_number: String,
        /// When it started.
        pub started_at: DateTime<Utc>,
    }
}

event! {
    /// An agent recorded a call's result.
    #[event(
        type = "calling.call.completed",
        version = 1,
        producer = "calling",
        consumers = ["prospect", "quality", "reporting"],
    )]
    pub struct CallCompleted {
        /// The call.
        @flatten
        pub call: CallRef,
        /// What came of it.
        pub outcome: Outcome,
        /// The product agreed to (agree on a sales program).
        pub product_code: Option<String>,
        /// The negotiation step agreed to (agree on a retention program).
        pub negotiation_step: Option<u32>,
        /// When to call again (follow_up).
        pub follow_up_at: Option<DateTime<Utc>>,
        /// The agent's notes.
        pub notes: Option<String>,
        /// When the call started.
        pub started_at: DateTime<Utc>,
        /// When its result was recorded.
        pub ended_at: DateTime<Utc>,
        /// Its length in whole seconds.
        pub duration_seconds: u32,
        /// Whether its recording was stored before the result.
        pub has_recording: bool,
    }
}

event! {
    /// A call left open without a result (the agent's session died, the agent left) was
    /// closed by their team leader or supervisor; the prospect may be called again,
    /// without counting an attempt.
    #[event(
        type = "calling.call.abandoned",
        version = 1,
        producer = "calling",
        consumers = ["prospect", "reporting"],
    )]
    pub struct CallAbandoned {
        /// The call.
        @flatten
        pub call: CallRef,
        /// When it started.
        pub started_at: DateTime<Utc>,
        /// When it was closed.
        pub abandoned_at: DateTime<Utc>,
        /// The user who closed it.
        pub abandoned_by: Uuid,
        /// Why, in their words.
        pub reason: String,
    }
}

event! {
    /// A call's recording was stored.
    #[event(
        type = "calling.recording.attached",
        version = 1,
        producer = "calling",
        consumers = ["quality", "reporting"],
    )]
    pub struct RecordingAttached {
        /// The call.
        @flatten
        pub call: CallRef,
        /// Its media type (`audio/mpeg`, ...).
        pub content_type: String,
        /// Its size in bytes.
        pub size_bytes: u64,
        /// The SHA-256 of its content, in hex.
        pub sha256: String,
        /// When it was stored.
        pub attached_at: DateTime<Utc>,
    }
}
