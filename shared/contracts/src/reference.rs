//! The generated event reference: `docs/events.md` and the AsyncAPI 3.0 document
//! (`docs/asyncapi.json`, also served by the gateway at `/api/v1/asyncapi.json`). Both
//! are rendered from [`crate::CATALOG`], so they say what the types say; a test in
//! `tests/reference.rs` fails when the committed files are stale.

use std::fmt::Write as _;

use serde_json::{json, Map, Value};

use crate::{EventSpec, CATALOG, EVOLUTION_RULE, HISTORY};

/// The exchange prefix the committed reference is rendered with (the default
/// `TAM_BUS_PREFIX`).
pub const DEFAULT_PREFIX: &str = "tam";

/// The file the Markdown reference is committed as, relative to the workspace root.
pub const MARKDOWN_PATH: &str = "docs/events.md";
/// The file the AsyncAPI document is committed as, relative to the workspace root.
pub const ASYNCAPI_PATH: &str = "docs/asyncapi.json";

/// The AsyncAPI 3.0 document of the bus with exchange prefix `prefix`: one channel per
/// event type (its routing key on the topic exchange `<prefix>.events`), one `send`
/// operation for its producer and one `receive` operation per consumer, and each
/// message's payload (the envelope, whose `payload` is the type's JSON Schema).
pub fn asyncapi(prefix: &str) -> Value {
    let exchange = format!("{prefix}.events");
    let mut channels = Map::new();
    let mut operations = Map::new();
    let mut messages = Map::new();
    for spec in CATALOG {
        let ty = spec.event_type;
        let mut description = spec.summary().to_owned();
        if let Some(stream) = spec.stream {
            let _ = write!(
                description,
                " Also routed to the stream `{prefix}.{stream}`, read by every process."
            );
        }
        channels.insert(
            ty.to_owned(),
            json!({
                "address": ty,
                "title": ty,
                "description": description,
                "messages": { ty: { "$ref": format!("#/components/messages/{ty}") } },
                "bindings": { "amqp": {
                    "is": "routingKey",
                    "exchange": {
                        "name": exchange,
                        "type": "topic",
                        "durable": true,
                        "autoDelete": false,
                        "vhost": "/"
                    },
                    "bindingVersion": "0.3.0"
                } }
            }),
        );
        let operation = |action: &str, service: &str| {
            json!({
                "action": action,
                "title": format!("{service} {action}s {ty}"),
                "channel": { "$ref": format!("#/channels/{ty}") },
                "messages": [{ "$ref": format!("#/channels/{ty}/messages/{ty}") }],
                "tags": [{ "name": service }]
            })
        };
        operations.insert(
            format!("{}.send.{ty}", spec.producer),
            operation("send", spec.producer),
        );
        for consumer in spec.consumers {
            operations.insert(
                format!("{consumer}.receive.{ty}"),
                operation("receive", consumer),
            );
        }
        messages.insert(ty.to_owned(), message(spec));
    }
    json!({
        "asyncapi": "3.0.0",
        "info": {
            "title": "TAM events",
            "version": "1",
            "description": format!(
                "Every event type on the bus, generated from the types in shared/contracts. \
                 Each event is a JSON envelope published on the topic exchange `{exchange}` \
                 with the event type as routing key; each consuming service binds the types \
                 it consumes to its queue `{prefix}.<service>`.\n\nEvolution rule:\n\n{}",
                EVOLUTION_RULE
                    .iter()
                    .map(|rule| format!("- {rule}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        },
        "defaultContentType": "application/json",
        "servers": {
            "rabbitmq": {
                "host": "rabbitmq:5672",
                "protocol": "amqp",
                "protocolVersion": "0.9.1",
                "description": "The suite's broker (TAM_AMQP_URL)."
            }
        },
        "channels": channels,
        "operations": operations,
        "components": { "messages": messages }
    })
}

/// The message of `spec`: the envelope every event travels in, its `payload` typed.
fn message(spec: &EventSpec) -> Value {
    json!({
        "name": spec.event_type,
        "title": spec.event_type,
        "summary": spec.summary(),
        "contentType": "application/json",
        "x-producer": spec.producer,
        "x-consumers": spec.consumers,
        "payload": {
            "type": "object",
            "required": ["id", "type", "version", "occurred_at", "producer", "payload"],
            "properties": {
                "id": {
                    "type": "string", "format": "uuid",
                    "description": "The event's id: also the AMQP message_id and the inbox key."
                },
                "type": { "const": spec.event_type },
                "version": { "const": spec.version },
                "occurred_at": { "type": "string", "format": "date-time" },
                "producer": { "const": spec.producer },
                "site": {
                    "type": "string",
                    "description": "The site the event concerns, when it concerns one."
                },
                "correlation_id": {
                    "type": "string",
                    "description": "The request that caused it."
                },
                "payload": spec.schema()
            }
        }
    })
}

/// The committed AsyncAPI document's text (pretty JSON and a final newline).
pub fn asyncapi_text() -> String {
    let mut text = serde_json::to_string_pretty(&asyncapi(DEFAULT_PREFIX)).unwrap_or_default();
    text.push('\n');
    text
}

/// `docs/events.md`: one section per event type (producer, consumers, fields with their
/// types and docs), the evolution rule and the history.
pub fn markdown() -> String {
    let mut md = String::new();
    let out = &mut md;
    line(out, "# Events");
    line(out, "");
    line(
        out,
        "<!-- Generated from shared/contracts (tam_contracts::reference::markdown). Do not \
         edit: change the types, then run `TAM_BLESS=1 cargo test -p tam-contracts --test \
         reference` to rewrite this file and docs/asyncapi.json. The same test fails when \
         they are stale. -->",
    );
    line(out, "");
    line(
        out,
        "Every event type on the bus: who publishes it, which services' queues consume it, \
         and what its payload carries. Each event travels in an envelope (`id`, `type`, \
         `version`, `occurred_at`, `producer`, `site`, `correlation_id`, `payload`) on the \
         topic exchange `<prefix>.events`, with its type as routing key; the AsyncAPI 3.0 \
         document is `docs/asyncapi.json`, served by the gateway at `GET \
         /api/v1/asyncapi.json`. A consuming service declares its queue `<prefix>.<service>` \
         bound to exactly the types listed for it here (`tam_contracts::consumed_by`). \
         A field that is not required (its type ends in `| null`) may be null or absent; \
         producers write it as null.",
    );
    line(out, "");
    line(out, "## Evolution rule");
    line(out, "");
    for rule in EVOLUTION_RULE {
        line(out, &format!("- {rule}"));
    }
    line(out, "");
    line(out, "## Event types");
    line(out, "");
    line(out, "| Type | Producer | Consumers |");
    line(out, "| --- | --- | --- |");
    for spec in CATALOG {
        line(
            out,
            &format!(
                "| [`{ty}`](#{anchor}) | {producer} | {consumers} |",
                ty = spec.event_type,
                anchor = spec.event_type.replace('.', ""),
                producer = spec.producer,
                consumers = spec.consumers.join(", "),
            ),
        );
    }
    for spec in CATALOG {
        section(out, spec);
    }
    line(out, "");
    line(out, "## History");
    line(out, "");
    line(out, "| Type | Field | Change |");
    line(out, "| --- | --- | --- |");
    for change in HISTORY {
        line(
            out,
            &format!(
                "| `{}` | `{}` | {} |",
                change.event_type,
                change.field,
                cell(change.change)
            ),
        );
    }
    md
}

fn section(out: &mut String, spec: &EventSpec) {
    line(out, "");
    line(out, &format!("### {}", spec.event_type));
    line(out, "");
    line(out, spec.summary());
    line(out, "");
    line(
        out,
        &format!(
            "- Version: {}\n- Producer: {}\n- Consumers: {}",
            spec.version,
            spec.producer,
            spec.consumers.join(", ")
        ),
    );
    if let Some(stream) = spec.stream {
        line(
            out,
            &format!("- Also routed to the stream `<prefix>.{stream}`, read by every process"),
        );
    }
    line(out, "");
    line(out, "| Field | Type | Required | Description |");
    line(out, "| --- | --- | --- | --- |");
    for field in (spec.fields)() {
        line(
            out,
            &format!(
                "| `{}` | {} | {} | {} |",
                field.name,
                cell(&field.type_name),
                if field.required { "yes" } else { "no" },
                cell(field.doc)
            ),
        );
    }
}

fn line(out: &mut String, text: &str) {
    out.push_str(text);
    out.push('\n');
}

/// `text` in a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_type_is_a_channel_with_its_producer_and_consumers_as_operations() {
        let doc = asyncapi("test");
        assert_eq!(doc["asyncapi"], "3.0.0");
        for spec in CATALOG {
            let ty = spec.event_type;
            let channel = &doc["channels"][ty];
            assert_eq!(channel["address"], ty);
            assert_eq!(
                channel["bindings"]["amqp"]["exchange"]["name"],
                "test.events"
            );
            assert_eq!(
                doc["operations"][format!("{}.send.{ty}", spec.producer)]["action"],
                "send"
            );
            for consumer in spec.consumers {
                assert_eq!(
                    doc["operations"][format!("{consumer}.receive.{ty}")]["action"],
                    "receive"
                );
            }
            let payload = &doc["components"]["messages"][ty]["payload"]["properties"]["payload"];
            for field in (spec.fields)() {
                assert!(
                    payload["properties"].get(field.name).is_some(),
                    "{ty}.{}",
                    field.name
                );
            }
        }
        let operations = doc["operations"].as_object().unwrap().len();
        let expected: usize = CATALOG.iter().map(|s| 1 + s.consumers.len()).sum();
        assert_eq!(operations, expected);
    }

    #[test]
    fn the_fixed_integers_are_typed_as_the_producer_writes_them() {
        let doc = asyncapi("tam");
        let payload = |ty: &str| {
            doc["components"]["messages"][ty]["payload"]["properties"]["payload"].clone()
        };
        let step = &payload("calling.call.completed")["properties"]["negotiation_step"];
        assert_eq!(step["anyOf"][0]["type"], "integer");
        assert_eq!(step["anyOf"][0]["minimum"], 0);
        let size = &payload("calling.recording.attached")["properties"]["size_bytes"];
        assert_eq!(size["minimum"], 0);
        let required = payload("calling.call.completed")["required"].clone();
        assert!(required.as_array().unwrap().contains(&json!("call_id")));
        assert!(!required
            .as_array()
            .unwrap()
            .contains(&json!("negotiation_step")));
    }

    #[test]
    fn the_markdown_has_a_section_per_type_and_the_rule() {
        let md = markdown();
        for spec in CATALOG {
            assert!(md.contains(&format!("### {}\n", spec.event_type)));
        }
        assert!(md.contains("## Evolution rule"));
        assert!(md.contains("`negotiation_step` | read as u32"));
        assert!(md.contains("| `size_bytes` | u64 | yes |"));
    }
}
