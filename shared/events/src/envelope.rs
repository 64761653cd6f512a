use chrono::{DateTime, Utc};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use uuid::Uuid;

/// What travels on the bus. `id` is also the AMQP `message_id` and the inbox key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    pub id: Uuid,
    #[serde(rename = "type")]
    pub event_type: String,
    pub version: u16,
    pub occurred_at: DateTime<Utc>,
    pub producer: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correlation_id: Option<String>,
    pub payload: serde_json::Value,
}

/// A payload type that is an event: its routing key (`<service>.<aggregate>.<verb>`) and
/// the version of its payload's shape.
pub trait Event: Serialize + DeserializeOwned {
    const TYPE: &'static str;
    const VERSION: u16;
}

/// Who is publishing and on behalf of which request.
#[derive(Debug, Clone, Default)]
pub struct EventContext {
    pub producer: String,
    pub site: Option<String>,
    pub correlation_id: Option<String>,
}

impl Envelope {
    pub fn new<E: Event>(ctx: &EventContext, event: &E) -> Result<Self, serde_json::Error> {
        Ok(Self {
            id: Uuid::now_v7(),
            event_type: E::TYPE.to_owned(),
            version: E::VERSION,
            occurred_at: Utc::now(),
            producer: ctx.producer.clone(),
            site: ctx.site.clone(),
            correlation_id: ctx.correlation_id.clone(),
            payload: serde_json::to_value(event)?,
        })
    }

    /// The payload as `E`, when this envelope carries an `E`.
    pub fn decode<E: Event>(&self) -> Result<E, serde_json::Error> {
        // Straight from the borrowed tree: `from_value` would need a deep copy of it
        // first, one per event on the consumer's hot path.
        E::deserialize(&self.payload)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Pinged {
        n: u32,
    }
    impl Event for Pinged {
        const TYPE: &'static str = "test.ping.sent";
        const VERSION: u16 = 1;
    }

    #[test]
    fn envelope_round_trips_with_the_documented_field_names() {
        let ctx = EventContext {
            producer: "hr".into(),
            site: Some("medan".into()),
            correlation_id: Some("req-1".into()),
        };
        let env = Envelope::new(&ctx, &Pinged { n: 7 }).unwrap();
        let json = serde_json::to_value(&env).unwrap();
        for field in [
            "id",
            "type",
            "version",
            "occurred_at",
            "producer",
            "site",
            "correlation_id",
            "payload",
        ] {
            assert!(json.get(field).is_some(), "missing {field}");
        }
        assert_eq!(json["type"], "test.ping.sent");
        let back: Envelope = serde_json::from_value(json).unwrap();
        assert_eq!(back.decode::<Pinged>().unwrap(), Pinged { n: 7 });
    }
}
