"""Confluent's Python client: JSONSerializer / JSONDeserializer against our registry.

Usage: python json_roundtrip.py <registry-url>. Prints one JSON line with what it saw.
"""
import json
import sys

from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

url = sys.argv[1]
client = SchemaRegistryClient({"url": url})
schema = json.dumps({
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "Reading",
    "type": "object",
    "properties": {"sensor": {"type": "string"}, "value": {"type": "number"}},
    "required": ["sensor", "value"],
})
ctx = SerializationContext("json-readings", MessageField.VALUE)
serializer = JSONSerializer(schema, client)
record = {"sensor": "s-2", "value": 3.5}
payload = serializer(record, ctx)
seen = {"wire_magic": payload[0], "wire_id": int.from_bytes(payload[1:5], "big")}
deserializer = JSONDeserializer(None, schema_registry_client=SchemaRegistryClient({"url": url}))
seen["roundtrip"] = deserializer(payload, ctx) == record
registered = client.get_latest_version("json-readings-value")
seen["schema_type"] = registered.schema.schema_type
seen["id"] = registered.schema_id
try:
    serializer({"sensor": 5}, ctx)
    seen["invalid_rejected"] = False
except Exception:
    seen["invalid_rejected"] = True
print(json.dumps(seen))
