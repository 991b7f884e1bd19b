"""Confluent's own Python client against our registry: register, look up, serialize, deserialize (Avro).

Usage: python avro_roundtrip.py <registry-url>. Prints one JSON line with what it saw; exits non-zero on failure.
"""
import json
import sys

from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.schema_registry.error import SchemaRegistryError
from confluent_kafka.serialization import MessageField, SerializationContext

url = sys.argv[1]
client = SchemaRegistryClient({"url": url})

value_schema = json.dumps({
    "type": "record", "name": "Reading", "namespace": "sensors",
    "fields": [
        {"name": "sensor", "type": "string"},
        {"name": "value", "type": "double"},
        {"name": "tags", "type": {"type": "map", "values": "string"}, "default": {}},
        {"name": "unit", "type": ["null", "string"], "default": None},
    ],
})

seen = {}
schema_id = client.register_schema("readings-value", Schema(value_schema, "AVRO"))
seen["registered_id"] = schema_id
seen["same_id_again"] = client.register_schema("readings-value", Schema(value_schema, "AVRO")) == schema_id
latest = client.get_latest_version("readings-value")
seen["latest_version"] = latest.version
seen["latest_id"] = latest.schema_id
seen["lookup_version"] = client.lookup_schema("readings-value", Schema(value_schema, "AVRO")).version
seen["by_id_type"] = client.get_schema(schema_id).schema_type
seen["subjects"] = client.get_subjects()
seen["versions"] = client.get_versions("readings-value")
seen["compatible"] = client.test_compatibility("readings-value", Schema(value_schema, "AVRO"))
client.set_compatibility("readings-value", "FULL")
seen["level"] = client.get_compatibility("readings-value")

serializer = AvroSerializer(client, value_schema)
deserializer = AvroDeserializer(client)
ctx = SerializationContext("readings", MessageField.VALUE)
record = {"sensor": "s-1", "value": 21.5, "tags": {"room": "lab"}, "unit": "C"}
payload = serializer(record, ctx)
seen["wire_magic"] = payload[0]
seen["wire_id"] = int.from_bytes(payload[1:5], "big")
seen["roundtrip"] = deserializer(payload, ctx) == record

# A fresh client (empty cache) must resolve the id through the registry to deserialize.
fresh = AvroDeserializer(SchemaRegistryClient({"url": url}))
seen["fresh_roundtrip"] = fresh(payload, ctx) == record

try:
    client.get_version("readings-value", 99)
    seen["missing_version_error"] = None
except SchemaRegistryError as e:
    seen["missing_version_error"] = [e.http_status_code, e.error_code]

try:
    client.register_schema("readings-value", Schema(json.dumps({"type": "record", "name": "Reading", "namespace": "sensors", "fields": [{"name": "other", "type": "int"}]}), "AVRO"))
    seen["incompatible_error"] = None
except SchemaRegistryError as e:
    seen["incompatible_error"] = [e.http_status_code, e.error_code]

deleted = client.delete_subject("readings-value")
seen["deleted_versions"] = deleted
print(json.dumps(seen))
