"""Confluent's Python serializers (confluent-kafka 2.16.0) against our registry, without a broker: each subject
name strategy, use.latest.version, use.latest.with.metadata, use.schema.id, normalize.schemas, and schemas with
references in all three formats, serialized and deserialized back.

Usage: python sr_serdes.py <registry-url> <stamp>
Prints one JSON line with what the client saw.
"""
import json
import sys

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

from confluent_kafka.schema_registry import (
    Metadata,
    MetadataProperties,
    Schema,
    SchemaReference,
    SchemaRegistryClient,
    record_subject_name_strategy,
    topic_record_subject_name_strategy,
    topic_subject_name_strategy,
)
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer, ProtobufSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

url, stamp = sys.argv[1], sys.argv[2]
sr = SchemaRegistryClient({"url": url})
seen = {}


def value_ctx(topic):
    return SerializationContext(topic, MessageField.VALUE)


def wire_id(payload):
    """The schema id after Confluent's magic byte 0; None when the framing is not Confluent's."""
    return int.from_bytes(payload[1:5], "big") if payload[0] == 0 else None


def fresh_client():
    """A client with empty caches, so a deserializer must fetch what the serializer registered."""
    return SchemaRegistryClient({"url": url})


def avro_record(name, fields):
    return json.dumps({"type": "record", "name": name, "namespace": "sr.serdes", "fields": fields})


METER = avro_record("Meter", [{"name": "serial", "type": "string"}, {"name": "kwh", "type": "double"}])
METER_V2 = avro_record("Meter", [{"name": "serial", "type": "string"}, {"name": "kwh", "type": "double"},
                                 {"name": "site", "type": "string", "default": "unknown"}])


def avro_strategies():
    topic = "meters-" + stamp
    record = {"serial": "m-1", "kwh": 12.5}
    strategies = {
        "topic": topic_subject_name_strategy,
        "record": record_subject_name_strategy,
        "topic_record": topic_record_subject_name_strategy,
    }
    for label, strategy in strategies.items():
        serializer = AvroSerializer(sr, METER, conf={"subject.name.strategy": strategy})
        payload = serializer(record, value_ctx(topic))
        subject = strategy(value_ctx(topic), "sr.serdes.Meter")
        registered = sr.get_latest_version(subject)
        back = AvroDeserializer(fresh_client())(payload, value_ctx(topic))
        seen["avro_" + label] = [subject, wire_id(payload) == registered.schema_id, back == record]
    key_payload = AvroSerializer(sr, METER)(record, SerializationContext(topic, MessageField.KEY))
    seen["avro_key_subject"] = wire_id(key_payload) == sr.get_latest_version(topic + "-key").schema_id


def avro_latest_version():
    topic = "latest-" + stamp
    subject = topic + "-value"
    sr.register_schema(subject, Schema(METER, "AVRO"))
    newest = sr.register_schema(subject, Schema(METER_V2, "AVRO"))
    serializer = AvroSerializer(sr, METER, conf={"auto.register.schemas": False, "use.latest.version": True})
    payload = serializer({"serial": "m-2", "kwh": 1.0, "site": "north"}, value_ctx(topic))
    reader = AvroDeserializer(fresh_client(), conf={"use.latest.version": True})
    seen["latest_version"] = [wire_id(payload) == newest, reader(payload, value_ctx(topic))["site"]]
    without_auto = AvroSerializer(sr, METER, conf={"auto.register.schemas": False})
    seen["lookup_only_id"] = wire_id(without_auto({"serial": "m-3", "kwh": 2.0}, value_ctx(topic)))
    seen["lookup_only_expected"] = sr.lookup_schema(subject, Schema(METER, "AVRO")).schema_id


def avro_latest_with_metadata():
    topic = "meta-" + stamp
    subject = topic + "-value"

    def tagged(text, app):
        return Schema(text, "AVRO", metadata=Metadata(None, MetadataProperties({"app": app}), None))

    old = sr.register_schema(subject, tagged(METER, "billing"))
    sr.register_schema(subject, tagged(METER_V2, "reporting"))
    serializer = AvroSerializer(sr, METER, conf={
        "auto.register.schemas": False, "use.latest.with.metadata": {"app": "billing"}})
    payload = serializer({"serial": "m-4", "kwh": 3.0}, value_ctx(topic))
    seen["latest_with_metadata"] = wire_id(payload) == old


def avro_use_schema_id():
    topic = "pinned-" + stamp
    pinned = sr.register_schema(topic + "-value", Schema(METER, "AVRO"))
    serializer = AvroSerializer(sr, METER, conf={"auto.register.schemas": False, "use.schema.id": pinned})
    seen["use_schema_id"] = wire_id(serializer({"serial": "m-5", "kwh": 4.0}, value_ctx(topic))) == pinned


def avro_normalize():
    topic = "normal-" + stamp
    spaced = json.dumps(json.loads(METER), indent=2)
    serializer = AvroSerializer(sr, spaced, conf={"normalize.schemas": True})
    payload = serializer({"serial": "m-6", "kwh": 5.0}, value_ctx(topic))
    compact = sr.register_schema(topic + "-value", Schema(json.dumps(json.loads(METER)), "AVRO"), normalize_schemas=True)
    seen["normalized_same_id"] = wire_id(payload) == compact
    seen["normalized_versions"] = sr.get_versions(topic + "-value")


def avro_references():
    topic = "owners-" + stamp
    sr.register_schema("owner-" + stamp, Schema(avro_record("Owner", [{"name": "name", "type": "string"}]), "AVRO"))
    house = Schema(
        avro_record("House", [{"name": "owner", "type": "sr.serdes.Owner"}, {"name": "rooms", "type": "int"}]),
        "AVRO",
        [SchemaReference("sr.serdes.Owner", "owner-" + stamp, 1)],
    )
    record = {"owner": {"name": "Ada"}, "rooms": 4}
    payload = AvroSerializer(sr, house)(record, value_ctx(topic))
    registered = sr.get_latest_version(topic + "-value")
    back = AvroDeserializer(fresh_client())(payload, value_ctx(topic))
    seen["avro_references"] = [[r.name for r in registered.schema.references], back == record]


PERSON = json.dumps({
    "$schema": "http://json-schema.org/draft-07/schema#",
    "$id": "http://example.com/person.schema.json",
    "title": "Person",
    "type": "object",
    "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
    "required": ["name"],
})


def json_schemas():
    topic = "people-" + stamp
    record = {"name": "Grace", "age": 85}
    by_record = JSONSerializer(PERSON, sr, conf={"subject.name.strategy": record_subject_name_strategy})
    payload = by_record(record, value_ctx(topic))
    seen["json_record_strategy"] = wire_id(payload) == sr.get_latest_version("Person").schema_id
    seen["json_roundtrip"] = JSONDeserializer(None, schema_registry_client=fresh_client())(payload, value_ctx(topic)) == record
    try:
        by_record({"age": 3}, value_ctx(topic))
        seen["json_invalid_rejected"] = False
    except Exception as e:
        seen["json_invalid_rejected"] = "'name' is a required property" in str(e)

    sr.register_schema("person-" + stamp, Schema(PERSON, "JSON"))
    team = Schema(json.dumps({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "Team",
        "type": "object",
        "properties": {"lead": {"$ref": "http://example.com/person.schema.json"}},
        "required": ["lead"],
    }), "JSON", [SchemaReference("http://example.com/person.schema.json", "person-" + stamp, 1)])
    team_topic = "teams-" + stamp
    team_record = {"lead": {"name": "Linus"}}
    team_payload = JSONSerializer(team, sr)(team_record, value_ctx(team_topic))
    reader = JSONDeserializer(team, schema_registry_client=fresh_client())
    seen["json_references"] = reader(team_payload, value_ctx(team_topic)) == team_record


def proto_file(name, package, dependencies=(), public=(), messages=()):
    file = descriptor_pb2.FileDescriptorProto(name=name, package=package, syntax="proto3")
    file.dependency.extend(dependencies)
    file.public_dependency.extend(public)
    for message in messages:
        file.message_type.add().CopyFrom(message)
    return file


def proto_message(name, *fields):
    message = descriptor_pb2.DescriptorProto(name=name)
    for number, (field_name, kind, type_name) in enumerate(fields, start=1):
        field = message.field.add(name=field_name, number=number, type=kind,
                                  label=descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL)
        if type_name:
            field.type_name = type_name
    return message


def protobuf_public_import():
    """envelope.proto imports reexport.proto, which declares no type and only re-exports base.proto with
    `import public`: the client registers all three, the middle one as a base64 descriptor with no type."""
    string, double = descriptor_pb2.FieldDescriptorProto.TYPE_STRING, descriptor_pb2.FieldDescriptorProto.TYPE_DOUBLE
    message = descriptor_pb2.FieldDescriptorProto.TYPE_MESSAGE
    pool = descriptor_pool.DescriptorPool()
    pool.Add(proto_file("srsuite/base.proto", "srsuite",
                        messages=[proto_message("Reading", ("sensor", string, None), ("value", double, None))]))
    pool.Add(proto_file("srsuite/reexport.proto", "srsuite", dependencies=["srsuite/base.proto"], public=[0]))
    pool.Add(proto_file("srsuite/envelope.proto", "srsuite", dependencies=["srsuite/reexport.proto"],
                        messages=[proto_message("Envelope", ("reading", message, ".srsuite.Reading"),
                                                ("note", string, None))]))
    envelope_class = message_factory.GetMessageClass(pool.FindMessageTypeByName("srsuite.Envelope"))
    topic = "envelopes-" + stamp
    serializer = ProtobufSerializer(envelope_class, sr, {"use.deprecated.format": False})
    envelope = envelope_class(note="hello")
    envelope.reading.sensor = "t-1"
    envelope.reading.value = 21.5
    payload = serializer(envelope, value_ctx(topic))
    registered = sr.get_latest_version(topic + "-value")
    seen["proto_references"] = [[r.name, r.subject] for r in registered.schema.references]
    seen["proto_reexport_text"] = sr.get_latest_version("srsuite/reexport.proto").schema.schema_str
    seen["proto_reexport_references"] = [r.name for r in sr.get_latest_version("srsuite/reexport.proto").schema.references]
    back = ProtobufDeserializer(envelope_class, {"use.deprecated.format": False})(payload, value_ctx(topic))
    seen["proto_roundtrip"] = back == envelope and wire_id(payload) == registered.schema_id
    by_record = ProtobufSerializer(envelope_class, sr, {
        "use.deprecated.format": False, "subject.name.strategy": record_subject_name_strategy})
    seen["proto_record_strategy"] = wire_id(by_record(envelope, value_ctx(topic))) == registered.schema_id
    seen["proto_record_subject"] = "srsuite.Envelope" in sr.get_subjects()


avro_strategies()
avro_latest_version()
avro_latest_with_metadata()
avro_use_schema_id()
avro_normalize()
avro_references()
json_schemas()
protobuf_public_import()
print(json.dumps(seen))
