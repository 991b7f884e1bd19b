"""Confluent's Python client: ProtobufSerializer / ProtobufDeserializer against our registry, with message classes
compiled in the test by grpcio-tools' protoc (PyPI), including an import of a well-known type.

Usage: python protobuf_roundtrip.py <registry-url> <scratch-dir>. Prints one JSON line with what it saw.
"""
import importlib
import json
import os
import sys

from grpc_tools import protoc

url, scratch = sys.argv[1], sys.argv[2]
os.makedirs(scratch, exist_ok=True)
with open(os.path.join(scratch, "reading.proto"), "w") as f:
    f.write("""syntax = "proto3";
package sensors.v1;

import "google/protobuf/timestamp.proto";

message Reading {
  string sensor = 1;
  double value = 2;
  google.protobuf.Timestamp at = 3;
  map<string, string> tags = 4;
  message Location {
    double lat = 1;
    double lon = 2;
  }
  Location location = 5;
}
""")
include = os.path.join(os.path.dirname(protoc.__file__), "_proto")
code = protoc.main(["protoc", f"-I{scratch}", f"-I{include}", f"--python_out={scratch}", os.path.join(scratch, "reading.proto")])
if code != 0:
    raise SystemExit(f"protoc failed with {code}")
sys.path.insert(0, scratch)
reading_pb2 = importlib.import_module("reading_pb2")

from confluent_kafka.schema_registry import SchemaRegistryClient  # noqa: E402
from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer, ProtobufSerializer  # noqa: E402
from confluent_kafka.serialization import MessageField, SerializationContext  # noqa: E402

client = SchemaRegistryClient({"url": url})
ctx = SerializationContext("proto-readings", MessageField.VALUE)
serializer = ProtobufSerializer(reading_pb2.Reading, client, {"use.deprecated.format": False})
message = reading_pb2.Reading(sensor="s-3", value=7.25, tags={"room": "lab"})
message.at.seconds = 1700000000
message.location.lat = 52.5
payload = serializer(message, ctx)
seen = {"wire_magic": payload[0], "wire_id": int.from_bytes(payload[1:5], "big")}
deserializer = ProtobufDeserializer(reading_pb2.Reading, {"use.deprecated.format": False})
seen["roundtrip"] = deserializer(payload, ctx) == message
latest = client.get_latest_version("proto-readings-value")
seen["id"] = latest.schema_id
seen["schema_type"] = latest.schema.schema_type
seen["imports_timestamp"] = 'import "google/protobuf/timestamp.proto";' in latest.schema.schema_str
print(json.dumps(seen))
