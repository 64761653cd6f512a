DROP TABLE disruption_breaches;
DROP TRIGGER disruption_timeline_append_only ON disruption_timeline;
DROP TABLE disruption_timeline;
DROP FUNCTION disruption_timeline_append_only();
DROP TABLE disruptions;
