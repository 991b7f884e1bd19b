"""Confluent's Python client against the REST proxy, for Protobuf (and v3-produced Avro): message classes compiled in
the test by grpcio-tools' protoc from a file with two messages, so message indexes other than [0] are exercised.

Usage:
  python proxy_protobuf_interop.py consume-protobuf <registry-url> <bootstrap> <topic> <count> <scratch-dir>
      reads interop.v1.Reading records the proxy produced with ProtobufDeserializer
  python proxy_protobuf_interop.py consume-avro <registry-url> <bootstrap> <topic> <count> <scratch-dir>
      reads records the proxy produced with AvroDeserializer
  python proxy_protobuf_interop.py produce-protobuf <registry-url> <bootstrap> <topic> <count> <scratch-dir>
      writes interop.v1.Alert records (the file's second message) with ProtobufSerializer for the proxy to consume
Prints one JSON line with what it saw.
"""
import importlib
import json
import os
import sys
import uuid

from grpc_tools import protoc

mode, url, bootstrap, topic, count, scratch = sys.argv[1:7]
count = int(count)
PROTO = """syntax = "proto3";
package interop.v1;

message Reading {
  string sensor = 1;
  double value = 2;
  int64 count = 3;
  Kind kind = 4;
  repeated string tags = 5;
}

enum Kind {
  KIND_UNSPECIFIED = 0;
  HOT = 1;
  COLD = 2;
}

message Alert {
  string reason = 1;
  Reading reading = 2;
}
"""
os.makedirs(scratch, exist_ok=True)
with open(os.path.join(scratch, "interop.proto"), "w") as f:
    f.write(PROTO)
include = os.path.join(os.path.dirname(protoc.__file__), "_proto")
if protoc.main(["protoc", f"-I{scratch}", f"-I{include}", f"--python_out={scratch}", os.path.join(scratch, "interop.proto")]) != 0:
    raise SystemExit("protoc failed")
sys.path.insert(0, scratch)
interop_pb2 = importlib.import_module("interop_pb2")

from confluent_kafka import Consumer, Producer  # noqa: E402
from confluent_kafka.schema_registry import SchemaRegistryClient  # noqa: E402
from confluent_kafka.schema_registry.avro import AvroDeserializer  # noqa: E402
from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer, ProtobufSerializer  # noqa: E402
from confluent_kafka.serialization import MessageField, SerializationContext  # noqa: E402
from google.protobuf.json_format import MessageToDict  # noqa: E402

registry = SchemaRegistryClient({"url": url})


def read(deserialize):
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"py-{uuid.uuid4()}", "auto.offset.reset": "earliest"})
    consumer.subscribe([topic])
    out = []
    for _ in range(240):
        msg = consumer.poll(0.5)
        if msg is None or msg.error():
            continue
        value = msg.value()
        out.append({"magic": value[0], "id": int.from_bytes(value[1:5], "big"), "value": deserialize(value)})
        if len(out) >= count:
            break
    consumer.close()
    return out


ctx = SerializationContext(topic, MessageField.VALUE)
if mode == "consume-protobuf":
    deserializer = ProtobufDeserializer(interop_pb2.Reading, {"use.deprecated.format": False})
    seen = {"records": read(lambda v: MessageToDict(deserializer(v, ctx), preserving_proto_field_name=True))}
elif mode == "consume-avro":
    deserializer = AvroDeserializer(registry)
    seen = {"records": read(lambda v: deserializer(v, ctx))}
else:
    serializer = ProtobufSerializer(interop_pb2.Alert, registry, {"use.deprecated.format": False})
    producer = Producer({"bootstrap.servers": bootstrap})
    ids = []
    for i in range(count):
        alert = interop_pb2.Alert(reason=f"r{i}", reading=interop_pb2.Reading(sensor=f"py-{i}", value=i + 0.5, count=5 + i, kind=interop_pb2.HOT, tags=["a", "b"]))
        payload = serializer(alert, ctx)
        ids.append(int.from_bytes(payload[1:5], "big"))
        producer.produce(topic, value=payload)
    producer.flush(30)
    seen = {"produced": count, "ids": ids, "indexes_byte": payload[5]}
print(json.dumps(seen))
