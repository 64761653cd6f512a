DROP TABLE disruption_events;
