"""Confluent's Python SchemaRegistryClient (confluent-kafka 2.16.0) driving every registry call it makes.

Usage: python sr_client_api.py <registry-url> <stamp>
Prints one JSON line: what the client returned, and [http_status_code, error_code, message] for each
SchemaRegistryError it raised, so the Node test can compare them with Confluent Schema Registry's answers.
"""
import json
import sys

from confluent_kafka.schema_registry import (
    ConfigCompatibilityLevel,
    Metadata,
    MetadataProperties,
    Schema,
    SchemaReference,
    SchemaRegistryClient,
    ServerConfig,
)
from confluent_kafka.schema_registry.error import SchemaRegistryError

url, stamp = sys.argv[1], sys.argv[2]
sr = SchemaRegistryClient({"url": url})
seen = {}


def subject(name):
    return "sr-api-{}-{}".format(name, stamp)


def avro(fields, name="Sensor"):
    return Schema(json.dumps({"type": "record", "name": name, "namespace": "sr.api", "fields": fields}), "AVRO")


def failure(call):
    """The error a client call raised, as [http status, error_code, message]; None when it succeeded."""
    try:
        call()
    except SchemaRegistryError as e:
        return [e.http_status_code, e.error_code, e.error_message]
    return None


V1 = avro([{"name": "id", "type": "string"}])
V2 = avro([{"name": "id", "type": "string"}, {"name": "unit", "type": "string", "default": "C"}])
# An array field with "items" beside "type": not a valid Avro schema (Confluent answers 42201).
INVALID = Schema(json.dumps({"type": "record", "name": "Bad", "fields": [
    {"name": "key", "type": "array", "items": "string"}]}), "AVRO")


def register_and_read():
    s = subject("readings")
    first = sr.register_schema(s, V1)
    seen["same_id_again"] = sr.register_schema(s, V1) == first
    found = sr.lookup_schema(s, V1)
    seen["lookup"] = [found.schema_id == first, found.subject == s, found.version]
    by_id = sr.get_schema(first)
    seen["by_id"] = [by_id.schema_type, json.loads(by_id.schema_str)["name"]]
    second = sr.register_schema(s, V2)
    seen["second_is_new_id"] = second != first
    seen["versions"] = sr.get_versions(s)
    latest = sr.get_latest_version(s)
    seen["latest"] = [latest.version, latest.schema_id == second]
    v1 = sr.get_version(s, 1)
    seen["version_1"] = [v1.schema_id == first, v1.version, v1.subject == s]
    seen["subjects_include"] = s in sr.get_subjects()
    seen["subjects_by_id"] = sr.get_subjects_by_schema_id(first)
    seen["schema_versions_by_id"] = [[v.subject, v.version] for v in sr.get_schema_versions(first)]
    seen["types"] = sorted(sr.get_schema_types())
    # The client's own normalize=true path: register and look up with ?normalize=true.
    normalized = subject("normalized")
    spaced = Schema(json.dumps(json.loads(V1.schema_str), indent=4), "AVRO")
    normalized_id = sr.register_schema(normalized, spaced, normalize_schemas=True)
    seen["normalized"] = [
        sr.lookup_schema(normalized, spaced, normalize_schemas=True).schema_id == normalized_id,
        normalized_id == first,
    ]
    return s


def errors(s):
    seen["unknown_id"] = failure(lambda: sr.get_schema(987654))
    seen["unknown_subject_lookup"] = failure(lambda: sr.lookup_schema(subject("never"), V1))
    seen["unknown_subject_delete"] = failure(lambda: sr.delete_subject(subject("never")))
    seen["unknown_subject_versions"] = failure(lambda: sr.get_versions(subject("never")))
    seen["missing_version"] = failure(lambda: sr.get_version(s, 3))
    seen["version_not_a_number"] = failure(lambda: sr.get_version(s, "a"))
    seen["register_invalid"] = failure(lambda: sr.register_schema(subject("invalid"), INVALID))
    seen["lookup_invalid"] = failure(lambda: sr.lookup_schema(s, INVALID))
    seen["lookup_unregistered"] = failure(lambda: sr.lookup_schema(s, avro([{"name": "other", "type": "int"}])))
    seen["incompatible"] = failure(lambda: sr.register_schema(s, avro([{"name": "id", "type": "int"}])))
    seen["invalid_level"] = failure(lambda: sr.set_compatibility(level="SOMETIMES"))


def compatibility(s):
    seen["compatible_with_latest"] = sr.test_compatibility(s, V2)
    seen["incompatible_with_latest"] = sr.test_compatibility(s, avro([{"name": "id", "type": "int"}]))
    seen["compatible_with_version_1"] = sr.test_compatibility(s, V2, version=1)
    seen["compatible_with_all"] = sr.test_compatibility_all_versions(s, V2)
    seen["compat_unknown_version"] = failure(lambda: sr.test_compatibility(s, V2, version=9))


def config(s):
    seen["global_default"] = sr.get_compatibility()
    seen["set_global"] = sr.set_compatibility(level="full")
    seen["global_after_set"] = sr.get_compatibility()
    seen["subject_unset"] = failure(lambda: sr.get_compatibility(s))
    seen["set_subject"] = sr.set_compatibility(s, "FORWARD_TRANSITIVE")
    seen["subject_after_set"] = sr.get_compatibility(s)
    seen["subject_config"] = sr.get_config(s).compatibility_level.value
    # This client returns the PUT body as a dict here.
    seen["set_config"] = sr.set_config(s, ServerConfig(compatibility=ConfigCompatibilityLevel.NONE))
    seen["deleted_subject_config"] = sr.delete_config(s).compatibility_level.value
    seen["subject_after_delete"] = failure(lambda: sr.get_compatibility(s))
    sr.set_compatibility(level="BACKWARD")
    seen["global_restored"] = sr.get_compatibility()


def deletes():
    soft_then_hard = subject("soft-then-hard")
    sr.register_schema(soft_then_hard, V1)
    version = sr.lookup_schema(soft_then_hard, V1).version
    seen["cached_before_delete"] = sr._cache.get_registered_by_subject_version(soft_then_hard, version) is not None
    seen["soft_version_delete"] = sr.delete_version(soft_then_hard, version)
    seen["cache_cleared"] = sr._cache.get_registered_by_subject_version(soft_then_hard, version) is None
    seen["hard_version_delete"] = sr.delete_version(soft_then_hard, version, permanent=True)
    seen["gone_after_version_deletes"] = soft_then_hard not in sr.get_subjects()

    whole = subject("whole")
    sr.register_schema(whole, V1)
    sr.register_schema(whole, V2)
    seen["hard_before_soft"] = failure(lambda: sr.delete_subject(whole, permanent=True))
    seen["soft_subject_delete"] = sr.delete_subject(whole)
    seen["gone_after_soft"] = whole not in sr.get_subjects()
    seen["deleted_listed"] = whole in sr.get_subjects(deleted=True)
    seen["soft_again"] = failure(lambda: sr.delete_subject(whole))
    seen["hard_subject_delete"] = sr.delete_subject(whole, permanent=True)
    seen["gone_after_hard"] = whole not in sr.get_subjects(deleted=True)


def references():
    unit = Schema(json.dumps({"type": "enum", "name": "Unit", "namespace": "sr.api", "symbols": ["C", "F"]}), "AVRO")
    unit_subject = subject("unit")
    sr.register_schema(unit_subject, unit)
    reading = Schema(
        json.dumps({"type": "record", "name": "Reading", "namespace": "sr.api",
                    "fields": [{"name": "unit", "type": "sr.api.Unit"}]}),
        "AVRO",
        [SchemaReference("sr.api.Unit", unit_subject, 1)],
    )
    reading_subject = subject("reading")
    reading_id = sr.register_schema(reading_subject, reading)
    fetched = sr.get_schema(reading_id)
    seen["references"] = [[r.name, r.subject == unit_subject, r.version] for r in fetched.references]
    seen["referenced_by"] = sr.get_referenced_by(unit_subject, 1) == [reading_id]
    seen["referenced_delete"] = failure(lambda: sr.delete_version(unit_subject, 1))
    seen["missing_reference"] = failure(lambda: sr.register_schema(subject("dangling"), Schema(
        reading.schema_str, "AVRO", [SchemaReference("sr.api.Unit", subject("nowhere"), 1)])))


def metadata():
    s = subject("with-metadata")
    sr.set_compatibility(s, "NONE")
    sr.register_schema(s, Schema(V1.schema_str, "AVRO", metadata=Metadata(
        None, MetadataProperties({"owner": "team-a"}), None)))
    sr.register_schema(s, Schema(V2.schema_str, "AVRO", metadata=Metadata(
        None, MetadataProperties({"owner": "team-b"}), None)))
    found = sr.get_latest_with_metadata(s, {"owner": "team-a"})
    seen["latest_with_metadata"] = [found.version, found.schema.metadata.properties.properties]
    seen["stored_metadata"] = sr.get_version(s, 2).schema.metadata.properties.properties
    seen["no_metadata_match"] = failure(lambda: sr.get_latest_with_metadata(s, {"owner": "team-z"}))


readings = register_and_read()
errors(readings)
compatibility(readings)
config(readings)
deletes()
references()
metadata()
print(json.dumps(seen))
