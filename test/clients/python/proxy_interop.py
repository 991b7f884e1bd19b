"""Confluent's Python client against records of our REST proxy.

Usage:
  python proxy_interop.py consume <registry-url> <bootstrap> <avro-topic> <json-topic> <count>
      reads records the proxy produced, decoding them with AvroDeserializer / JSONDeserializer
  python proxy_interop.py produce <registry-url> <bootstrap> <avro-topic> <json-topic>
      writes records with AvroSerializer / JSONSerializer for the proxy to consume
Prints one JSON line with what it saw.
"""
import json
import sys
import uuid

from confluent_kafka import Consumer, Producer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

mode, url, bootstrap, avro_topic, json_topic = sys.argv[1:6]
registry = SchemaRegistryClient({"url": url})
AVRO = json.dumps({"type": "record", "name": "Reading", "fields": [{"name": "sensor", "type": "string"}, {"name": "value", "type": "double"}]})
JSON = json.dumps({"type": "object", "properties": {"sensor": {"type": "string"}, "value": {"type": "number"}}, "required": ["sensor"]})


def read(topic, deserializer, count):
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"py-{uuid.uuid4()}", "auto.offset.reset": "earliest"})
    consumer.subscribe([topic])
    out = []
    for _ in range(200):
        msg = consumer.poll(0.5)
        if msg is None or msg.error():
            if len(out) >= count:
                break
            continue
        out.append(deserializer(msg.value(), SerializationContext(topic, MessageField.VALUE)))
        if len(out) >= count:
            break
    consumer.close()
    return out


if mode == "consume":
    count = int(sys.argv[6])
    seen = {
        "avro": read(avro_topic, AvroDeserializer(registry), count),
        "json": read(json_topic, JSONDeserializer(None, schema_registry_client=registry), count),
    }
else:
    producer = Producer({"bootstrap.servers": bootstrap})
    avro = AvroSerializer(registry, AVRO)
    js = JSONSerializer(JSON, registry)
    for i in range(2):
        record = {"sensor": f"py-{i}", "value": i + 0.5}
        producer.produce(avro_topic, value=avro(record, SerializationContext(avro_topic, MessageField.VALUE)))
        producer.produce(json_topic, value=js(record, SerializationContext(json_topic, MessageField.VALUE)))
    producer.flush(30)
    seen = {"produced": 2}
print(json.dumps(seen))
